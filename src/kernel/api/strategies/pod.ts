import type { Pod } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import { pods } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

const base = defaultStrategy(pods);

/**
 * Pods: created Pending; deleted gracefully when bound to a node and still running (the
 * kubelet confirms), at once when unscheduled or finished, as the apiserver's pod strategy does.
 */
export const podStrategy: Strategy = {
  ...base,
  prepareForCreate(object: KubeObject) {
    const pod = object as Pod;
    const qosClass = pod.status?.qosClass;
    pod.status = { phase: 'Pending', ...(qosClass ? { qosClass } : {}) };
  },
  prepareForUpdate(object: KubeObject, old: KubeObject) {
    base.prepareForUpdate(object, old);
  },
  gracePeriodSeconds(object, options) {
    const pod = object as Pod;
    if (!pod.spec.nodeName) return 0;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    const requested = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, requested);
  },
  returnsDeletedObject: true,
};
