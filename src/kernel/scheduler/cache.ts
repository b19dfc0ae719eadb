import type { Node, Pod } from '../types/core.ts';
import type { Snapshot } from './framework.ts';
import { NodeInfo } from './node-info.ts';
import { PodInfo } from './pod-info.ts';

const zoneLabel = 'topology.kubernetes.io/zone';
const regionLabel = 'topology.kubernetes.io/region';

interface PodState {
  info: PodInfo;
  /** Placed by this scheduler and not yet seen bound through the watch. */
  assumed: boolean;
}

function zoneOf(node: NodeInfo): string {
  return `${node.labels[regionLabel] ?? ''}:\u0000:${node.labels[zoneLabel] ?? ''}`;
}

/**
 * The scheduler's view of the cluster (internal/cache): a NodeInfo per node kept up to date
 * incrementally from the pod and node watches, plus the pods this scheduler has "assumed" onto
 * a node but not yet seen bound, so consecutive decisions account for each other before the
 * API server confirms them. It is also the Snapshot plugins read: scheduling cycles run
 * synchronously between watch events, so no copy is needed.
 */
export class SchedulerCache implements Snapshot {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private ordered: NodeInfo[] = [];
  private orderDirty = false;
  private affinityList: NodeInfo[] = [];
  private antiAffinityList: NodeInfo[] = [];
  private affinityDirty = false;
  /** Controller uid → zone → its pods (not being deleted) on nodes in that zone. */
  private readonly zonePods = new Map<string, Map<string, number>>();

  /**
   * Nodes in the order filtering walks them: round-robin over zones (upstream nodeTree), so that
   * a search that stops early still spreads over zones.
   */
  get nodes(): readonly NodeInfo[] {
    if (this.orderDirty) this.rebuildOrder();
    return this.ordered;
  }

  get(name: string): NodeInfo | undefined {
    const info = this.infos.get(name);
    return info?.node ? info : undefined;
  }

  get nodesWithAffinityPods(): readonly NodeInfo[] {
    if (this.affinityDirty) this.rebuildAffinityLists();
    return this.affinityList;
  }

  get nodesWithRequiredAntiAffinityPods(): readonly NodeInfo[] {
    if (this.affinityDirty) this.rebuildAffinityLists();
    return this.antiAffinityList;
  }

  /**
   * How many pods of a controller (not being deleted) run in each zone
   * (`topology.kubernetes.io/zone`), for default topology spreading without a per-node walk.
   */
  controllerPodsPerZone(controllerUid: string): ReadonlyMap<string, number> | undefined {
    return this.zonePods.get(controllerUid);
  }

  /** Number of pods accounted to nodes, assumed ones included. */
  get podCount(): number {
    return this.podStates.size;
  }

  isAssumed(key: string): boolean {
    return this.podStates.get(key)?.assumed ?? false;
  }

  /** The PodInfo the cache holds for a key. */
  podInfo(key: string): PodInfo | undefined {
    return this.podStates.get(key)?.info;
  }

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    const known = !!info.node;
    const zone = known ? zoneOf(info) : '';
    if (known) this.countZone(info, -1);
    info.setNode(node);
    this.countZone(info, 1);
    if (!known || zoneOf(info) !== zone) {
      this.orderDirty = true;
      this.affinityDirty = true;
    }
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    if (info.node) this.countZone(info, -1);
    // Pods may still be accounted to it until their own deletions arrive.
    if (info.pods.length > 0) info.node = undefined;
    else this.infos.delete(name);
    this.orderDirty = true;
    this.affinityDirty = true;
  }

  /**
   * Accounts a pod to the node chosen for it before the binding is confirmed (AssumePod). The
   * PodInfo is shared, not copied; it records the node.
   */
  assumePod(info: PodInfo, nodeName: string): void {
    if (this.podStates.has(info.key)) this.remove(info.key);
    info.nodeName = nodeName;
    this.place(info);
    this.podStates.set(info.key, { info, assumed: true });
  }

  /** Undoes assumePod after a failed binding (ForgetPod). */
  forgetPod(key: string): void {
    if (this.podStates.get(key)?.assumed) this.remove(key);
  }

  /**
   * A bound pod seen through the watch (AddPod): confirms an assumed pod, moving it if the
   * API server bound it elsewhere. Terminal pods (Succeeded/Failed) hold no resources.
   */
  addPod(pod: Pod): void {
    const info = new PodInfo(pod);
    if (this.podStates.has(info.key)) this.remove(info.key);
    if (!info.nodeName || isTerminal(pod)) return;
    this.place(info);
    this.podStates.set(info.key, { info, assumed: false });
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = pod.metadata.uid || `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    this.remove(key);
  }

  private place(info: PodInfo): void {
    let node = this.infos.get(info.nodeName);
    if (!node) this.infos.set(info.nodeName, (node = new NodeInfo(info.nodeName)));
    node.addPod(info);
    if (node.node) this.countPodZone(node, info, 1);
    if (info.hasAffinity) this.affinityDirty = true;
  }

  private remove(key: string): void {
    const state = this.podStates.get(key);
    if (!state) return;
    this.podStates.delete(key);
    const node = this.infos.get(state.info.nodeName);
    if (!node) return;
    if (node.removePod(key) && node.node) this.countPodZone(node, state.info, -1);
    if (state.info.hasAffinity) this.affinityDirty = true;
    if (!node.node && node.pods.length === 0) this.infos.delete(node.name);
  }

  /** Adds (or with -1 removes) all of a node's pods to the per-zone controller counts. */
  private countZone(node: NodeInfo, sign: 1 | -1): void {
    for (const pod of node.pods) this.countPodZone(node, pod, sign);
  }

  private countPodZone(node: NodeInfo, pod: PodInfo, sign: 1 | -1): void {
    const zone = node.labels[zoneLabel];
    if (zone === undefined || !pod.controllerUid || pod.terminating) return;
    let zones = this.zonePods.get(pod.controllerUid);
    if (!zones) this.zonePods.set(pod.controllerUid, (zones = new Map()));
    const n = (zones.get(zone) ?? 0) + sign;
    if (n > 0) zones.set(zone, n);
    else zones.delete(zone);
    if (zones.size === 0) this.zonePods.delete(pod.controllerUid);
  }

  private rebuildOrder(): void {
    const zones = new Map<string, NodeInfo[]>();
    for (const info of this.infos.values()) {
      if (!info.node) continue;
      const zone = zoneOf(info);
      let list = zones.get(zone);
      if (!list) zones.set(zone, (list = []));
      list.push(info);
    }
    const lists = [...zones.values()];
    const total = lists.reduce((n, l) => n + l.length, 0);
    const ordered: NodeInfo[] = [];
    for (let i = 0; ordered.length < total; i++) {
      for (const list of lists) if (i < list.length) ordered.push(list[i]);
    }
    this.ordered = ordered;
    this.orderDirty = false;
  }

  private rebuildAffinityLists(): void {
    const nodes = this.nodes;
    this.affinityList = nodes.filter((n) => n.podsWithAffinity.length > 0);
    this.antiAffinityList = nodes.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    this.affinityDirty = false;
  }
}

/** Pods that finished hold no resources and are not accounted. */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
