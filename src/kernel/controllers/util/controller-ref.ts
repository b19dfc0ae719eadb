import { isInvalid, isNotFound } from '../../api/errors.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { groupVersion } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { KubeObject, OwnerReference } from '../../types/meta.ts';

/** metav1.GetControllerOf: the owner reference with `controller: true`, if any. */
export function controllerRefOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** metav1.NewControllerRef: how a controller marks what it owns (blocking foreground deletion). */
export function newControllerRef(owner: KubeObject, info: ResourceInfo): OwnerReference {
  return {
    apiVersion: groupVersion(info),
    kind: info.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Writes a dependent's owner references with a merge patch that carries the dependent's
 * resourceVersion and uid, so a dependent changed or replaced since the cache saw it is not
 * overwritten (the patch fails with a Conflict instead).
 */
async function patchOwnerReferences(
  client: Client,
  info: ResourceInfo,
  object: KubeObject,
  ownerReferences: OwnerReference[],
): Promise<void> {
  const { namespace, name, uid, resourceVersion } = object.metadata;
  await client.patch(info, namespace, name ?? '', {
    metadata: { ownerReferences, uid, resourceVersion },
  });
}

/** What `claimObjects` needs to know about the owner and its dependents. */
export interface ClaimOptions<T extends KubeObject> {
  client: Client;
  owner: KubeObject;
  /** The owner's resource (the owner reference's apiVersion and kind come from it). */
  ownerInfo: ResourceInfo;
  /** The dependents' resource, for the patches. */
  info: ResourceInfo;
  /** Whether a dependent belongs to the owner (its selector matches). */
  match(object: T): boolean;
}

/** Dependents the owner controls after claiming, and the first error met on the way. */
export interface ClaimResult<T> {
  claimed: T[];
  error?: unknown;
}

/**
 * ControllerRefManager.Claim: of `objects`, keeps those the owner controls and still selects,
 * adopts matching orphans (adding a controller reference), and releases controlled objects
 * whose labels stopped matching (removing it). Adoption first re-reads the owner from the API
 * server and refuses if it was deleted or replaced, so a stale cache cannot adopt for a ghost.
 * Dependents being deleted are never adopted; nothing is adopted or released by an owner
 * being deleted.
 */
export async function claimObjects<T extends KubeObject>(
  objects: readonly T[],
  options: ClaimOptions<T>,
): Promise<ClaimResult<T>> {
  const { client, owner, ownerInfo, info, match } = options;
  const ownerUid = owner.metadata.uid;
  const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
  const claimed: T[] = [];
  let error: unknown;
  let adoptionChecked: Promise<void> | undefined;
  const canAdopt = () => (adoptionChecked ??= recheckOwner(client, ownerInfo, owner));

  for (const object of objects) {
    const ref = controllerRefOf(object);
    try {
      if (ref) {
        if (ref.uid !== ownerUid) continue;
        if (match(object)) {
          claimed.push(object);
          continue;
        }
        if (ownerDeleting) continue;
        const rest = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
        await patchOwnerReferences(client, info, object, rest);
        continue;
      }
      if (ownerDeleting || !match(object)) continue;
      if (object.metadata.deletionTimestamp) continue;
      if (owner.metadata.namespace && owner.metadata.namespace !== object.metadata.namespace) {
        continue;
      }
      await canAdopt();
      const refs = [...(object.metadata.ownerReferences ?? []), newControllerRef(owner, ownerInfo)];
      await patchOwnerReferences(client, info, object, refs);
      claimed.push(object);
    } catch (err) {
      // A dependent that is gone (or no longer carries our reference) needs nothing more.
      if (isNotFound(err) || (ref && isInvalid(err))) continue;
      error ??= err;
    }
  }
  return { claimed, error };
}

/** RecheckDeletionTimestamp: a fresh read of the owner must show the same uid and no deletion. */
async function recheckOwner(client: Client, info: ResourceInfo, owner: KubeObject): Promise<void> {
  const { namespace, name, uid } = owner.metadata;
  const fresh = await client.get(info, namespace, name ?? '');
  if (fresh.metadata.uid !== uid) {
    throw new Error(
      `original ${info.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`,
    );
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(
      `${info.kind} ${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
    );
  }
}
