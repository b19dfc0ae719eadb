import { jobs } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

/**
 * Jobs: a delete that names no propagation policy orphans the Job's pods, as batch/v1 has done
 * for backward compatibility (kubectl always asks for Background, so its deletes cascade).
 */
export const jobStrategy: Strategy = {
  ...defaultStrategy(jobs),
  defaultPropagation: 'Orphan',
};
