/**
 * Everything a new Pod gains between the request and storage on a real cluster: core/v1
 * defaulting (SetDefaults_PodSpec, SetDefaults_Pod), the ServiceAccount, Priority and
 * DefaultTolerationSeconds admission plugins, and the registry's PrepareForCreate status
 * (phase Pending, qosClass). Fields already set are kept.
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodSpec } from './pod-spec.ts';
import { podQosClass } from './qos-class.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** DefaultTolerationSeconds: how long pods stay bound to a not-ready or unreachable node. */
export const defaultTolerationSeconds = 300;

const notReadyKey = 'node.kubernetes.io/not-ready';
const unreachableKey = 'node.kubernetes.io/unreachable';

/** SetDefaults_Pod: requests default to limits per container; service links on. */
function defaultPodOnly(spec: Obj): void {
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
    const resources = isObj(c.resources) ? c.resources : undefined;
    if (!resources || !isObj(resources.limits)) continue;
    if (!isObj(resources.requests)) resources.requests = {};
    const requests = resources.requests as Obj;
    for (const [name, q] of Object.entries(resources.limits)) {
      if (!(name in requests)) requests[name] = q;
    }
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)
    spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
      for (const p of objects(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}

/** The ServiceAccount admission plugin's defaulting (the token volume is not simulated). */
function admitServiceAccount(spec: Obj): void {
  const name = (spec.serviceAccountName || spec.serviceAccount || 'default') as string;
  spec.serviceAccountName = name;
  // The v1 API also shows the deprecated alias with the same value.
  spec.serviceAccount = name;
}

/** The Priority admission plugin with no PriorityClass marked as the global default. */
function admitPriority(spec: Obj): void {
  if (!spec.priorityClassName && (spec.priority === undefined || spec.priority === null))
    spec.priority = 0;
  spec.preemptionPolicy ||= 'PreemptLowerPriority';
}

/** DefaultTolerationSeconds: tolerate not-ready/unreachable for 300s unless already tolerated. */
function admitDefaultTolerations(spec: Obj): void {
  const tolerations = objects(spec.tolerations);
  const tolerates = (key: string): boolean =>
    tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added: Obj[] = [];
  for (const key of [notReadyKey, unreachableKey]) {
    if (!tolerates(key)) {
      added.push({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: defaultTolerationSeconds,
      });
    }
  }
  if (added.length > 0)
    spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/** Defaults a Pod in place, as it would be stored after a create on a real cluster. */
export function defaultPod(pod: KubeObject): void {
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec as Obj;
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  admitServiceAccount(spec);
  admitPriority(spec);
  admitDefaultTolerations(spec);
  if (!isObj(pod.status)) pod.status = {};
  const status = pod.status as Obj;
  status.phase ||= 'Pending';
  status.qosClass ||= podQosClass(spec);
}
