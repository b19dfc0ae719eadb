/**
 * StatefulPodControl (stateful_pod_control.go): creates a set's pods after their claims,
 * fixes a pod's identity, deletes pods, and keeps claims' owner references in line with the
 * retention policy, recording upstream's events on the set (`create Claim www-web-0 Pod web-0
 * in StatefulSet web success`, `create Pod web-0 in StatefulSet web successful`,
 * `delete Pod web-1 in StatefulSet web successful`, and the Failed… warnings).
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../api/errors.ts';
import { persistentvolumeclaims, pods as podsResource } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import type { Informer } from '../../client/informer.ts';
import type { Pod } from '../../types/core.ts';
import type { StatefulSet } from '../../types/statefulset.ts';
import type { PersistentVolumeClaim } from '../../types/storage.ts';
import { claimOwnerUpToDate, claimWithPolicyOwners, hasStaleOwnerRef } from './claim-retention.ts';
import { retentionPolicy } from './claim-retention.ts';
import {
  claimsFor,
  identityMatches,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './stateful-pod-identity.ts';

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** utilerrors.NewAggregate's message: one error alone, several as `[a, b]`. */
function aggregate(errors: string[]): Error | undefined {
  if (errors.length === 0) return undefined;
  return new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
}

/** Callbacks that let the controller wait for the watch to show its own pod writes. */
export interface PodWriteTracking {
  creating(pod: Pod): void;
  createFailed(pod: Pod): void;
  deleting(pod: Pod): void;
  deleteFailed(pod: Pod): void;
}

export class StatefulPodControl {
  constructor(
    private readonly client: Client,
    private readonly events: EventRecorder,
    private readonly claims: Informer<PersistentVolumeClaim>,
    private readonly tracking: PodWriteTracking,
  ) {}

  private recordPod(verb: string, set: StatefulSet, pod: Pod, err?: unknown): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    const { name } = pod.metadata;
    if (err === undefined) {
      void this.events.record(
        set,
        'Normal',
        `Successful${title}`,
        `${verb} Pod ${name} in StatefulSet ${set.metadata.name} successful`,
      );
    } else {
      void this.events.record(
        set,
        'Warning',
        `Failed${title}`,
        `${verb} Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${messageOf(err)}`,
      );
    }
  }

  private recordClaim(
    verb: string,
    set: StatefulSet,
    pod: Pod,
    claim: PersistentVolumeClaim,
    err?: unknown,
  ): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    const claimName = claim.metadata.name;
    const setName = set.metadata.name;
    if (err === undefined) {
      void this.events.record(
        set,
        'Normal',
        `Successful${title}`,
        `${verb} Claim ${claimName} Pod ${pod.metadata.name} in StatefulSet ${setName} success`,
      );
    } else {
      void this.events.record(
        set,
        'Warning',
        `Failed${title}`,
        `${verb} Claim ${claimName} for Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${messageOf(err)}`,
      );
    }
  }

  private cachedClaim(namespace: string | undefined, name: string) {
    return this.claims.get(namespace, name);
  }

  /**
   * createPersistentVolumeClaims: every claim of the pod that does not exist is created; a
   * claim being deleted blocks the pod until it is gone.
   */
  private async createClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: string[] = [];
    for (const claim of claimsFor(set, pod).values()) {
      const name = claim.metadata.name ?? '';
      const existing = this.cachedClaim(claim.metadata.namespace, name);
      if (existing) {
        if (existing.metadata.deletionTimestamp) errors.push(`pvc ${name} is being deleted`);
        continue;
      }
      try {
        await this.client.create(persistentvolumeclaims, claim.metadata.namespace, claim);
        this.recordClaim('create', set, pod, claim);
      } catch (err) {
        // The cache has not caught up with a claim made earlier: it exists, as wanted.
        if (isAlreadyExists(err)) continue;
        errors.push(`failed to create PVC ${name}: ${messageOf(err)}`);
        this.recordClaim('create', set, pod, claim, err);
      }
    }
    const err = aggregate(errors);
    if (err) throw err;
  }

  /**
   * CreateStatefulPod: claims first, then the pod, then the claims' owners per the retention
   * policy. Resolves false when the pod turned out to exist already.
   */
  async createPod(set: StatefulSet, pod: Pod): Promise<boolean> {
    try {
      await this.createClaims(set, pod);
    } catch (err) {
      this.recordPod('create', set, pod, err);
      throw err;
    }
    this.tracking.creating(pod);
    let created: Pod;
    try {
      created = await this.client.create<Pod>(podsResource, pod.metadata.namespace, pod);
    } catch (err) {
      this.tracking.createFailed(pod);
      if (isAlreadyExists(err)) return false;
      this.recordPod('create', set, pod, err);
      throw err;
    }
    try {
      await this.updateClaimsForPolicy(set, created);
    } catch (err) {
      this.recordPod('update', set, created, err);
      throw err;
    }
    this.recordPod('create', set, created);
    return true;
  }

  /** createMissingPersistentVolumeClaims, for a pending pod whose claims went missing. */
  async createMissingClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createClaims(set, pod);
    try {
      await this.updateClaimsForPolicy(set, pod);
    } catch (err) {
      this.recordPod('update', set, pod, err);
      throw err;
    }
  }

  /**
   * UpdateStatefulPod: puts identity, storage and the claims' owners right, then writes the
   * pod, retrying on conflicts with a fresh copy.
   */
  async updatePod(set: StatefulSet, original: Pod): Promise<void> {
    let pod = structuredClone(original);
    for (let attempt = 1; ; attempt++) {
      let consistent = true;
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      try {
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          await this.createClaims(set, pod);
        }
        if (!this.claimsMatchPolicy(set, pod)) {
          await this.updateClaimsForPolicy(set, pod);
          consistent = false;
        }
      } catch (err) {
        this.recordPod('update', set, pod, err);
        throw err;
      }
      if (consistent) return;
      try {
        await this.client.update(podsResource, pod);
        this.recordPod('update', set, pod);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) {
          this.recordPod('update', set, pod, err);
          throw err;
        }
        pod = await this.client.get<Pod>(
          podsResource,
          pod.metadata.namespace,
          pod.metadata.name ?? '',
        );
      }
    }
  }

  /** DeleteStatefulPod: the pod goes; its claims stay (unless the retention policy owns them). */
  async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    this.tracking.deleting(pod);
    try {
      await this.client.delete(podsResource, pod.metadata.namespace, pod.metadata.name ?? '');
    } catch (err) {
      this.tracking.deleteFailed(pod);
      this.recordPod('delete', set, pod, err);
      throw err;
    }
    this.recordPod('delete', set, pod);
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the policy's owners. */
  claimsMatchPolicy(set: StatefulSet, pod: Pod): boolean {
    for (const claim of claimsFor(set, pod).values()) {
      const existing = this.cachedClaim(claim.metadata.namespace, claim.metadata.name ?? '');
      if (existing && !claimOwnerUpToDate(existing, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy: rewrites the owners of claims that do not match. */
  async updateClaimsForPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    for (const claim of claimsFor(set, pod).values()) {
      const name = claim.metadata.name ?? '';
      const existing = this.cachedClaim(claim.metadata.namespace, name);
      if (!existing || claimOwnerUpToDate(existing, set, pod)) continue;
      try {
        await this.client.update(persistentvolumeclaims, claimWithPolicyOwners(existing, set, pod));
      } catch (err) {
        if (isNotFound(err)) continue;
        throw new Error(
          `could not update claim ${name} for delete policy ownerRefs: ${messageOf(err)}`,
        );
      }
    }
  }

  /**
   * PodClaimIsStale: under `whenScaled: Delete`, a claim still owned by an earlier pod of the
   * same name is waiting for the garbage collector, and the pod must wait for it.
   */
  claimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of claimsFor(set, pod).values()) {
      const existing = this.cachedClaim(claim.metadata.namespace, claim.metadata.name ?? '');
      if (existing && hasStaleOwnerRef(existing, pod)) return true;
    }
    return false;
  }
}
