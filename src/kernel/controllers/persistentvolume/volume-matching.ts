import { compareQuantities, quantityError } from '../../api/quantity.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../types/storage.ts';
import { selectorMatcher } from '../util/selector-matcher.ts';

/** The class a claim asks for; '' means volumes without a class. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.spec.storageClassName ?? '';
}

/** The storage a claim requests (`1Gi`), or undefined when it has none that parses. */
export function claimRequest(claim: PersistentVolumeClaim): string | undefined {
  const request = claim.spec.resources?.requests?.storage;
  return request !== undefined && quantityError(request) === undefined ? request : undefined;
}

/** True when the volume's claimRef names this claim (by namespace and name, and uid if set). */
export function isPreBoundTo(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec.claimRef;
  if (!ref) return false;
  if (ref.namespace !== claim.metadata.namespace || ref.name !== claim.metadata.name) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/**
 * The volume to bind a claim to (findBestMatchForClaim): one already reserved for it, else the
 * smallest available volume of its class whose access modes include the claim's, whose size
 * covers its request, whose mode matches and whose labels its selector accepts.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
): PersistentVolume | undefined {
  const request = claimRequest(claim);
  const modes = claim.spec.accessModes ?? [];
  const matches = claim.spec.selector ? selectorMatcher(claim.spec.selector) : undefined;
  let best: PersistentVolume | undefined;
  for (const volume of volumes) {
    if (volume.metadata.deletionTimestamp) continue;
    if (isPreBoundTo(volume, claim)) return volume;
    if (volume.spec.claimRef) continue;
    if (volume.status?.phase !== 'Available' && volume.status?.phase !== 'Pending') continue;
    if ((volume.spec.storageClassName ?? '') !== claimClass(claim)) continue;
    if ((volume.spec.volumeMode ?? 'Filesystem') !== (claim.spec.volumeMode ?? 'Filesystem')) {
      continue;
    }
    if (claim.spec.selector && !(matches?.(volume.metadata.labels ?? {}) ?? false)) continue;
    const offered = volume.spec.accessModes ?? [];
    if (!modes.every((m) => offered.includes(m))) continue;
    const capacity = volume.spec.capacity?.storage;
    if (capacity === undefined || quantityError(capacity) !== undefined) continue;
    if (request !== undefined && compareQuantities(capacity, request) < 0) continue;
    if (!best || compareQuantities(capacity, best.spec.capacity!.storage!) < 0) best = volume;
  }
  return best;
}
