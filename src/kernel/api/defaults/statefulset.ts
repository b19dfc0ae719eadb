/**
 * apps/v1 StatefulSet defaulting (SetDefaults_StatefulSet): one replica, OrderedReady pod
 * management, a RollingUpdate strategy with partition 0, ten revisions kept, claims retained
 * on delete and on scale-down, and the defaults of the pod template and of each claim
 * template (a claim template reads back with `volumeMode: Filesystem` and a Pending status,
 * as the v1 PersistentVolumeClaim defaults give it).
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodTemplate, defaultResourceList } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

function defaultClaimTemplate(claim: unknown): void {
  if (!isObj(claim)) return;
  claim.apiVersion ||= 'v1';
  claim.kind ||= 'PersistentVolumeClaim';
  if (!isObj(claim.spec)) claim.spec = {};
  const spec = claim.spec as Obj;
  spec.volumeMode ||= 'Filesystem';
  if (isObj(spec.resources)) {
    defaultResourceList(spec.resources.requests);
    defaultResourceList(spec.resources.limits);
  }
  if (!isObj(claim.status)) claim.status = {};
  (claim.status as Obj).phase ||= 'Pending';
}

/** Defaults a StatefulSet in place. */
export function defaultStatefulSet(set: KubeObject): void {
  if (!isObj(set.spec)) set.spec = {};
  const spec = set.spec as Obj;
  if (unset(spec.podManagementPolicy)) spec.podManagementPolicy = 'OrderedReady';
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy as Obj;
  if (unset(strategy.type)) {
    strategy.type = 'RollingUpdate';
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate)) {
    const ru = strategy.rollingUpdate;
    if (ru.partition === undefined || ru.partition === null) ru.partition = 0;
  }
  if (!isObj(spec.persistentVolumeClaimRetentionPolicy))
    spec.persistentVolumeClaimRetentionPolicy = {};
  const policy = spec.persistentVolumeClaimRetentionPolicy as Obj;
  if (unset(policy.whenDeleted)) policy.whenDeleted = 'Retain';
  if (unset(policy.whenScaled)) policy.whenScaled = 'Retain';
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null)
    spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
  if (Array.isArray(spec.volumeClaimTemplates))
    for (const claim of spec.volumeClaimTemplates) defaultClaimTemplate(claim);
}
