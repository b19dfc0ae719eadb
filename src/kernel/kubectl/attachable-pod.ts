import { pods } from '../api/resources.ts';
import { labelSelectorAsSelector, labelSelectorString } from '../api/selectors/label-selector.ts';
import { sleep } from '../clock/clock.ts';
import type { Pod } from '../types/core.ts';
import type { KubeObject, LabelSelector } from '../types/meta.ts';
import type { KubectlContext } from './context.ts';
import { KubectlError } from './errors.ts';
import { resolveResourceType } from './resource-types.ts';

/** kubectl's default --pod-running-timeout, for a workload's first pod to appear. */
const podRunningTimeoutMs = 60_000;
const podPollMs = 1000;

/**
 * When a pod's Ready condition turned True (Infinity when that time is unknown, which ranks as
 * ready for the shortest time), or undefined when it is not ready.
 */
function readySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return undefined;
  return Date.parse(ready.lastTransitionTime ?? '') || Infinity;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/**
 * sort.Reverse(podutils.ActivePods), the order exec, attach and port-forward pick a workload's
 * pod in: assigned to a node before not; Running, then Unknown, then Pending (and the rest);
 * ready before not ready; of two ready pods, the one ready longer; fewer container restarts;
 * then the older.
 */
function byMostActive(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 0 : 1);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const ranks: Record<string, number> = { Running: 0, Unknown: 1 };
  const rank = (p: Pod) => ranks[p.status?.phase ?? ''] ?? 2;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const readyA = readySince(a);
  const readyB = readySince(b);
  if ((readyA === undefined) !== (readyB === undefined)) return readyA === undefined ? 1 : -1;
  if (readyA !== undefined && readyB !== undefined && readyA !== readyB) return readyA - readyB;
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) - maxRestarts(b);
  // A pod without a creation time counts as the newest.
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || Infinity;
  return created(a) - created(b);
}

type Selectable = KubeObject & {
  kind?: string;
  spec?: { selector?: LabelSelector | Record<string, string> };
};

/**
 * polymorphichelpers.AttachablePodForObjectFn, as exec and port-forward use it: a pod named
 * `NAME` or `pod/NAME`, else the best pod of a workload or Service selected by `TYPE/NAME`
 * (waiting up to the pod-running timeout for one to exist). Also returns the object named.
 */
export async function attachablePod(
  ctx: KubectlContext,
  namespace: string,
  arg: string,
): Promise<{ pod: Pod; object: KubeObject; resource: string }> {
  const slash = arg.indexOf('/');
  if (slash < 0) {
    const pod = await ctx.client.get<Pod>(pods, namespace, arg);
    return { pod, object: pod, resource: 'pods' };
  }
  const info = resolveResourceType(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (info.group === '' && info.resource === 'pods') {
    const pod = await ctx.client.get<Pod>(pods, namespace, name);
    return { pod, object: pod, resource: 'pods' };
  }
  const object = await ctx.client.get<Selectable>(info, namespace, name);
  const selector = object.spec?.selector;
  if (!selector) {
    const type = `*${info.version}.${info.kind}`;
    throw new KubectlError(`cannot attach to ${type}: selector for ${type} not implemented`);
  }
  // A Service selects with a plain map; workloads with a LabelSelector.
  const labelSelector =
    info.kind === 'Service'
      ? Object.entries(selector as Record<string, string>)
          .map(([k, v]) => `${k}=${v}`)
          .sort()
          .join(',')
      : labelSelectorString(labelSelectorAsSelector(selector as LabelSelector));
  const deadline = ctx.clock.now() + podRunningTimeoutMs;
  for (;;) {
    const list = await ctx.client.list<Pod>(pods, namespace, { labelSelector });
    if (list.items.length > 0) {
      return { pod: [...list.items].sort(byMostActive)[0], object, resource: info.resource };
    }
    if (ctx.clock.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
    await sleep(ctx.clock, podPollMs, ctx.signal);
  }
}
