/**
 * A pod's total requests and limits as component-helpers' PodRequests and PodLimits compute
 * them: the app containers summed, restartable init containers (sidecars) added, each
 * regular init container counted with the sidecars started before it and the largest of those
 * taken when it is bigger, pod overhead added, and pod-level cpu/memory overriding the sum.
 */
import type { Container, Pod, ResourceList } from '../../types/core.ts';
import { add, amountsOf, type Amounts } from './resource-lists.ts';

type Which = 'requests' | 'limits';

const podLevelResources = new Set(['cpu', 'memory']);

/** maxResourceList: each name takes the larger value. */
function max(into: Amounts, other: Amounts): Amounts {
  const out = new Map(into);
  for (const [name, q] of other) {
    const cur = out.get(name);
    if (!cur || q.nanos > cur.nanos) out.set(name, q);
  }
  return out;
}

function containerList(c: Container, which: Which): Amounts {
  return amountsOf(c.resources?.[which]);
}

function aggregate(pod: Pod, which: Which): Amounts {
  let total: Amounts = new Map();
  for (const c of pod.spec.containers ?? []) total = add(total, containerList(c, which));
  let sidecars: Amounts = new Map();
  let init: Amounts = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const own = containerList(c, which);
    let use: Amounts;
    if (c.restartPolicy === 'Always') {
      total = add(total, own);
      sidecars = add(sidecars, own);
      use = sidecars;
    } else {
      use = add(own, sidecars);
    }
    init = max(init, use);
  }
  return max(total, init);
}

function podTotal(pod: Pod, which: Which): Amounts {
  let total = aggregate(pod, which);
  const overhead = amountsOf(pod.spec.overhead as ResourceList | undefined);
  if (overhead.size > 0) total = add(total, overhead);
  const podLevel = (pod.spec.resources as { requests?: ResourceList; limits?: ResourceList })?.[
    which
  ];
  for (const [name, q] of amountsOf(podLevel)) if (podLevelResources.has(name)) total.set(name, q);
  return total;
}

/** PodRequests: what the pod as a whole asks for. */
export function podRequests(pod: Pod): Amounts {
  return podTotal(pod, 'requests');
}

/** PodLimits: what the pod as a whole may use at most. */
export function podLimits(pod: Pod): Amounts {
  return podTotal(pod, 'limits');
}
