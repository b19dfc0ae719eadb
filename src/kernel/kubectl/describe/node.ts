import { leases, nodes, pods } from '../../api/resources.ts';
import { timestampAge } from '../../client/duration.ts';
import type { Lease } from '../../types/coordination.ts';
import type { Node, Pod } from '../../types/core.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { byteOrder, printAnnotations, printLabels, printTaints, rfc1123z } from './format.ts';
import {
  addList,
  milliValue,
  percent,
  podLimits,
  podRequests,
  quantityString,
  wholeValue,
  type Totals,
} from './pod-resources.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role=<role>` labels, sorted. */
function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return [...roles].sort(byteOrder);
}

function writeLease(w: PrefixWriter, lease: Lease): void {
  const spec = lease.spec ?? {};
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(1, `AcquireTime:\t${spec.acquireTime ? rfc1123z(spec.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${spec.renewTime ? rfc1123z(spec.renewTime) : '<unset>'}\n`);
}

const standardResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** The Non-terminated Pods table and the Allocated resources summary (describeNodeResource). */
function writeNodeResources(
  w: PrefixWriter,
  node: Node,
  podList: readonly Pod[],
  now: number,
): void {
  w.write(0, `Non-terminated Pods:\t(${podList.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatable: Totals = new Map();
  const status = node.status ?? {};
  addList(
    allocatable,
    Object.keys(status.allocatable ?? {}).length ? status.allocatable : status.capacity,
  );
  const cpu = milliValue(allocatable.get('cpu'));
  const memory = wholeValue(allocatable.get('memory'));
  const cell = (q: Totals, name: string, whole: number, value: typeof milliValue) =>
    `${quantityString(q.get(name))} (${percent(value(q.get(name)), whole)}%)`;
  const reqs: Totals = new Map();
  const limits: Totals = new Map();
  for (const pod of podList) {
    const req = podRequests(pod);
    const limit = podLimits(pod);
    addList(reqs, req);
    addList(limits, limit);
    w.write(
      1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t${cell(req, 'cpu', cpu, milliValue)}\t${cell(limit, 'cpu', cpu, milliValue)}\t${cell(req, 'memory', memory, wholeValue)}\t${cell(limit, 'memory', memory, wholeValue)}\t${timestampAge(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(
    0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const storage = wholeValue(allocatable.get('ephemeral-storage'));
  w.write(
    1,
    `cpu\t${cell(reqs, 'cpu', cpu, milliValue)}\t${cell(limits, 'cpu', cpu, milliValue)}\n`,
  );
  w.write(
    1,
    `memory\t${cell(reqs, 'memory', memory, wholeValue)}\t${cell(limits, 'memory', memory, wholeValue)}\n`,
  );
  w.write(
    1,
    `ephemeral-storage\t${cell(reqs, 'ephemeral-storage', storage, wholeValue)}\t${cell(limits, 'ephemeral-storage', storage, wholeValue)}\n`,
  );
  const names = [...allocatable.keys()].sort(byteOrder);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) {
    const whole = wholeValue(allocatable.get(name));
    w.write(
      1,
      `${name}\t${cell(reqs, name, whole, wholeValue)}\t${cell(limits, name, whole, wholeValue)}\n`,
    );
  }
  for (const name of names.filter(
    (n) => !n.startsWith('hugepages-') && !standardResources.has(n) && n !== 'pods',
  )) {
    w.write(1, `${name}\t${quantityString(reqs.get(name))}\t${quantityString(limits.get(name))}\n`);
  }
}

/**
 * `kubectl describe node`: roles, labels, taints, lease, conditions, addresses, capacity,
 * system info, the pods on it with their share of its allocatable cpu and memory, events.
 */
export const describeNode: Describer = async (ctx, _namespace, name) => {
  const node = await ctx.client.get<Node>(nodes, undefined, name);
  const podList = await ctx.client.list<Pod>(pods, undefined, {
    fieldSelector: `spec.nodeName=${node.metadata.name ?? name},status.phase!=Succeeded,status.phase!=Failed`,
  });
  const w = new PrefixWriter();
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  w.write(0, `Name:\t${node.metadata.name ?? ''}\n`);
  const roles = nodeRoles(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabels(w, 'Labels', node.metadata.labels);
  printAnnotations(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaints(w, 'Taints', spec.taints);
  w.write(0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  try {
    writeLease(
      w,
      await ctx.client.get<Lease>(leases, 'kube-node-lease', node.metadata.name ?? name),
    );
  } catch (err) {
    w.write(
      0,
      `Lease:\tFailed to get lease: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  }
  if (status.conditions?.length) {
    w.write(
      0,
      'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
    );
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(
        1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [
    ['Capacity', status.capacity],
    ['Allocatable', status.allocatable],
  ] as const) {
    const names = Object.keys(list ?? {}).sort(byteOrder);
    if (names.length === 0) continue;
    w.write(0, `${title}:\n`);
    const totals: Totals = new Map();
    addList(totals, list);
    for (const n of names) w.write(0, `  ${n}:\t${quantityString(totals.get(n)) || list![n]}\n`);
  }
  const info = status.nodeInfo;
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);
  writeNodeResources(w, node, podList.items, ctx.now);
  if (ctx.showEvents) {
    // Controllers name a node by its uid in events, kubelets by its name: kubectl merges both.
    const base = { name: node.metadata.name ?? name, namespace: '', kind: 'Node' };
    await writeEvents(w, ctx.client, ctx.now, [
      { ...base, uid: node.metadata.uid },
      { ...base, uid: node.metadata.name ?? name },
    ]);
  }
  return w.result();
};
