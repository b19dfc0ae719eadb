import type { PersistentVolumeClaim } from '../../types/storage.ts';
import {
  Status,
  StateKey,
  skip,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type VolumeListers,
} from '../framework.ts';
import { compileNodeSelector } from '../node-selector.ts';
import { pluginNames } from './names.ts';

/** Filter reason for a bound volume that cannot be reached from the node. */
export const volumeNodeAffinityConflictReason = 'node(s) had volume node affinity conflict';
/** PreFilter reason for a pod whose claim of an Immediate class is not bound yet. */
export const unboundImmediateClaimsReason = 'pod has unbound immediate PersistentVolumeClaims';

interface PodVolumeState {
  /** Names of the volumes bound to the pod's claims. */
  boundVolumes: string[];
}

const stateKey = new StateKey<PodVolumeState>('VolumeBinding');

/** The claims a pod's volumes name, in order. */
export function podClaimNames(pod: PodInfo['pod']): string[] {
  return (pod.spec.volumes ?? []).flatMap((v) => {
    const source = v.persistentVolumeClaim as { claimName?: string } | undefined;
    return source?.claimName ? [source.claimName] : [];
  });
}

/**
 * True when a claim waits for its first consumer: unbound, of a WaitForFirstConsumer class.
 * The scheduler picks the node, then the claim is bound or provisioned for it.
 */
export function waitsForConsumer(claim: PersistentVolumeClaim, volumes: VolumeListers): boolean {
  if (claim.spec.volumeName) return false;
  const className = claim.spec.storageClassName ?? '';
  return (
    className !== '' &&
    volumes.storageClass(className)?.volumeBindingMode === 'WaitForFirstConsumer'
  );
}

class VolumeBinding implements PreFilterPlugin, FilterPlugin {
  readonly name = pluginNames.volumeBinding;
  readonly events = [
    'PersistentVolumeClaimChange',
    'PersistentVolumeChange',
    'StorageClassChange',
    'NodeAdd',
    'NodeLabelChange',
  ] as const;

  constructor(private readonly volumes: VolumeListers | undefined) {}

  /**
   * Checks the pod's claims: each must exist and not be going away; one not bound yet must be
   * of a WaitForFirstConsumer class (which binds once the pod has a node).
   */
  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const names = podClaimNames(pod.pod);
    if (names.length === 0 || !this.volumes) return skip;
    const boundVolumes: string[] = [];
    let unboundImmediate = false;
    for (const name of names) {
      const claim = this.volumes.claim(pod.namespace, name);
      if (!claim) return Status.unresolvable(`persistentvolumeclaim "${name}" not found`);
      if (claim.metadata.deletionTimestamp) {
        return Status.unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      }
      if (claim.spec.volumeName) boundVolumes.push(claim.spec.volumeName);
      else if (!waitsForConsumer(claim, this.volumes)) unboundImmediate = true;
    }
    if (unboundImmediate) return Status.unresolvable(unboundImmediateClaimsReason);
    state.write(stateKey, { boundVolumes });
    return null;
  }

  /** A bound volume's node affinity must admit the node. */
  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const volumes = this.volumes;
    if (!volumes) return null;
    for (const name of state.read(stateKey)?.boundVolumes ?? []) {
      const required = volumes.volume(name)?.spec.nodeAffinity?.required;
      if (required && !compileNodeSelector(required)(node.labels, node.name)) {
        return Status.unresolvable(volumeNodeAffinityConflictReason);
      }
    }
    return null;
  }
}

/**
 * VolumeBinding (kube-scheduler's, in part): a pod's claims must exist and be bound, or be of
 * a WaitForFirstConsumer class; bound volumes' node affinity filters nodes. Binding the waiting
 * claims to the chosen node (PreBind) is the scheduler's binding step.
 */
export const volumeBinding: PluginFactory = (_args, handle) => new VolumeBinding(handle.volumes);
