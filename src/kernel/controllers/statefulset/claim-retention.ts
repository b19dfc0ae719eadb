/**
 * The PersistentVolumeClaim retention policy (stateful_set_utils.go, StatefulSetAutoDeletePVC):
 * which owner references a pod's claim should carry so that the garbage collector deletes it
 * when the policy says so: the set as controller for `whenDeleted: Delete`, the pod as
 * controller once a scale-down condemns it for `whenScaled: Delete`, none for Retain/Retain.
 * A claim some other controller owns is left to that controller.
 */
import { pods as podsResource, statefulsets } from '../../api/resources.ts';
import type { Pod } from '../../types/core.ts';
import type { KubeObject, OwnerReference } from '../../types/meta.ts';
import type { StatefulSet } from '../../types/statefulset.ts';
import type { PersistentVolumeClaim } from '../../types/storage.ts';
import { groupVersion, type ResourceInfo } from '../../api/resources.ts';
import { newControllerRef } from '../util/controller-ref.ts';
import { inOrdinalRange } from './stateful-pod-identity.ts';

interface Policy {
  whenDeleted: string;
  whenScaled: string;
}

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain unless stated. */
export function retentionPolicy(set: StatefulSet): Policy {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

/** matchesRef: the reference names this object's kind and name (whatever its uid). */
function matchesRef(ref: OwnerReference, owner: KubeObject, info: ResourceInfo): boolean {
  return (
    ref.name === owner.metadata.name &&
    ref.apiVersion === groupVersion(info) &&
    ref.kind === info.kind
  );
}

function hasOwnerRef(claim: PersistentVolumeClaim, owner: KubeObject): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

/** hasStaleOwnerRef: a reference to an object of this name whose uid is not this object's. */
export function hasStaleOwnerRef(claim: PersistentVolumeClaim, pod: KubeObject): boolean {
  for (const ref of claim.metadata.ownerReferences ?? []) {
    if (matchesRef(ref, pod, podsResource)) return ref.uid !== pod.metadata.uid;
  }
  return false;
}

/** hasUnexpectedController: under a Delete policy, another controller (or a stale ref) owns it. */
function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod) {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata.ownerReferences ?? []) {
    if (matchesRef(ref, set, statefulsets)) {
      if (ref.uid !== set.metadata.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, podsResource)) {
      if (ref.uid !== pod.metadata.uid) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

/** hasNonControllerOwner: the set or pod owns the claim without being its controller. */
function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod) {
  return (claim.metadata.ownerReferences ?? []).some(
    (r) => (r.uid === set.metadata.uid || r.uid === pod.metadata.uid) && !r.controller,
  );
}

/** isClaimOwnerUpToDate: the claim's references already follow the policy. */
export function claimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod) {
  if (hasUnexpectedController(claim, set, pod))
    return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (whenScaled === 'Delete' && whenDeleted === 'Delete')
    return scaledDown !== hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (whenScaled === 'Delete')
    return !hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (whenDeleted === 'Delete') return hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
  return !hasNonControllerOwner(claim, set, pod);
}

/** updateClaimOwnerRefForSetAndPod: the references the policy wants, on a copy of the claim. */
export function claimWithPolicyOwners(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): PersistentVolumeClaim {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = (claim.metadata.ownerReferences ?? []).filter(
    (r) => !matchesRef(r, set, statefulsets) && !matchesRef(r, pod, podsResource),
  );
  const add = (owner: KubeObject, info: ResourceInfo) => {
    if (!refs.some((r) => r.uid === owner.metadata.uid))
      refs = [...refs, newControllerRef(owner, info)];
  };
  if (!unexpected) {
    const { whenDeleted, whenScaled } = retentionPolicy(set);
    const scaledDown = !inOrdinalRange(pod, set);
    if (whenScaled === 'Delete' && scaledDown) add(pod, podsResource);
    if (whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown))
      add(set, statefulsets);
  }
  const copy = structuredClone(claim);
  if (refs.length > 0) copy.metadata.ownerReferences = refs;
  else delete copy.metadata.ownerReferences;
  return copy;
}
