import { nodes } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

/** Nodes: a kubelet registers its Node with status already filled, so create keeps status. */
export const nodeStrategy: Strategy = {
  ...defaultStrategy(nodes),
  prepareForCreate() {},
};
