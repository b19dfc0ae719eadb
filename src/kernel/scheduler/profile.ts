import { pluginNames } from './plugins/names.ts';

/** One enabled plugin: its registry name, its score weight (default 1) and its arguments. */
export interface PluginConfig {
  name: string;
  weight?: number;
  args?: unknown;
}

/**
 * A scheduling profile (KubeSchedulerProfile): which scheduler name it answers to, the plugins
 * it runs in order at every extension point they implement, and how many nodes it scores.
 */
export interface Profile {
  schedulerName: string;
  plugins: readonly PluginConfig[];
  /**
   * Share of the nodes to find feasible before scoring, 0–100. 0 (the default) is adaptive:
   * 50% minus 1% per 125 nodes, never under 5%, and always at least 100 nodes.
   */
  percentageOfNodesToScore?: number;
}

/** The scheduler name pods get by default (`spec.schedulerName`). */
export const defaultSchedulerName = 'default-scheduler';

/**
 * kube-scheduler's default profile, in its order and with its weights, minus the plugins this
 * cluster has nothing for (volume limits and zones, ports, images, DRA, scheduling gates and
 * sort, which the queue does itself).
 */
export const defaultProfile: Profile = {
  schedulerName: defaultSchedulerName,
  plugins: [
    { name: pluginNames.nodeUnschedulable },
    { name: pluginNames.nodeName },
    { name: pluginNames.taintToleration, weight: 3 },
    { name: pluginNames.nodeAffinity, weight: 2 },
    { name: pluginNames.nodeResourcesFit, weight: 1 },
    { name: pluginNames.volumeBinding },
    { name: pluginNames.podTopologySpread, weight: 2 },
    { name: pluginNames.interPodAffinity, weight: 2 },
    { name: pluginNames.defaultPreemption },
    { name: pluginNames.balancedAllocation, weight: 1 },
  ],
};
