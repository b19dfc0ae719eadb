import type { PodSpec, Toleration } from '../../types/core.ts';
import { jsonEqual } from '../../util/json-value.ts';

/**
 * The tolerations every daemon pod gets (AddOrUpdateDaemonPodTolerations): it outlives a node
 * that is not ready or unreachable (NoExecute, forever), and it still runs on nodes under disk,
 * memory or PID pressure, cordoned ones, and — for host-network pods — nodes whose network is
 * not up yet (NoSchedule).
 */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: Toleration['effect']): Toleration => ({
    key,
    operator: 'Exists',
    effect,
  });
  const list = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) list.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  return list;
}

/** Toleration.MatchToleration: same key, effect, operator and value (seconds aside). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '')
  );
}

/**
 * The pod spec's tolerations with the daemon ones added (AddOrUpdateTolerationInPodSpec each):
 * one the spec already has in the same form replaces it in place; the rest are appended.
 */
export function withDaemonTolerations(spec: PodSpec): Toleration[] {
  let tolerations = [...(spec.tolerations ?? [])];
  for (const toleration of daemonTolerations(spec.hostNetwork === true)) {
    if (tolerations.some((t) => sameToleration(t, toleration) && jsonEqual(t, toleration)))
      continue;
    let replaced = false;
    tolerations = tolerations.map((t) => {
      if (!sameToleration(t, toleration)) return t;
      replaced = true;
      return toleration;
    });
    if (!replaced) tolerations.push(toleration);
  }
  return tolerations;
}
