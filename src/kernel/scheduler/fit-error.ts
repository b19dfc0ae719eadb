import type { Diagnosis, Status } from './framework.ts';

/** The head of every FitError message (NoNodeAvailableMsg). */
export const noNodeAvailable = (numAllNodes: number): string =>
  `0/${numAllNodes} nodes are available`;

/**
 * The sorted reason histogram of a diagnosis (`1 node(s) had untolerated taint(s)`,
 * `2 Insufficient cpu`): each reason counted once per node it was given for, nodes absent
 * from the map counted with absentNodesStatus, and the `count reason` strings sorted as Go's
 * sort.Strings sorts them (so counts sort as text).
 */
export function reasonHistogram(
  numAllNodes: number,
  nodeToStatus: ReadonlyMap<string, Status>,
  absentNodesStatus?: Status,
): string[] {
  const counts = new Map<string, number>();
  for (const status of nodeToStatus.values()) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const absent = numAllNodes - nodeToStatus.size;
  if (absent > 0 && absentNodesStatus) {
    for (const reason of absentNodesStatus.reasons)
      counts.set(reason, (counts.get(reason) ?? 0) + absent);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * FitError.Error(): `0/N nodes are available: <PreFilter message>.` or
 * `0/N nodes are available: <sorted histogram>.`, followed by the PostFilter message (which
 * brings its own full stop), e.g. `0/3 nodes are available: 1 node(s) had untolerated taint(s),
 * 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for
 * scheduling, 2 No preemption victims found for incoming pod.`
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let message = `${noNodeAvailable(numAllNodes)}:`;
  if (diagnosis.preFilterMsg) {
    message += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(
      numAllNodes,
      diagnosis.nodeToStatus,
      diagnosis.absentNodesStatus,
    );
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg) message += ` ${diagnosis.postFilterMsg}`;
  return message;
}
