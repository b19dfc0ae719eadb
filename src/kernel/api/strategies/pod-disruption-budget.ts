import { poddisruptionbudgets } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

const base = defaultStrategy(poddisruptionbudgets);

/**
 * PodDisruptionBudgets: the default behaviour, with a new budget's status the zero counts
 * policy/v1 always serializes (no disruption allowed until the controller has looked).
 */
export const podDisruptionBudgetStrategy: Strategy = {
  ...base,
  prepareForCreate(object) {
    base.prepareForCreate(object);
    object.status = {
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    };
  },
};
