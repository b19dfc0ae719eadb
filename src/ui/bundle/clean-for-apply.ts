import { lastAppliedAnnotation } from '../../kernel/client/apply.ts';
import type { KubeObject, ObjectMeta } from '../../kernel/types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Annotations the cluster writes on objects it serves; a real cluster writes its own. */
const serverAnnotations = new Set([
  lastAppliedAnnotation,
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.daemonset.template.generation',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.kubernetes.io/storage-provisioner',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
  'endpoints.kubernetes.io/last-change-trigger-time',
]);

/** Finalizers the cluster adds and removes by itself. */
const serverFinalizers = new Set([
  'kubernetes.io/pvc-protection',
  'kubernetes.io/pv-protection',
  'foregroundDeletion',
  'orphan',
  'batch.kubernetes.io/job-tracking',
  'service.kubernetes.io/load-balancer-cleanup',
]);

/** Labels the API server sets: a namespace's own name; a Job's selector labels. */
const namespaceNameLabel = 'kubernetes.io/metadata.name';
const jobLabels = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const jobNameLabels = ['job-name', 'batch.kubernetes.io/job-name'];

/**
 * A copy of a live object as `kubectl apply -f` takes it on another cluster: what `kubectl
 * get -o yaml` prints, less what the server set. Gone are `status`; `uid`, `resourceVersion`,
 * `creationTimestamp`, `generation`, `managedFields` and the like; owner references (their
 * uids name this cluster's objects); server-written annotations, finalizers and labels; and
 * fields the server filled in that would be wrong elsewhere, unless the user's own manifest
 * (the last-applied annotation) set them:
 * - Service `clusterIP(s)`, `nodePort`s and `healthCheckNodePort` (allocated here; a real
 *   cluster allocates its own, and a taken address is refused; `clusterIP: None` stays), and
 *   `ipFamilies`/`ipFamilyPolicy` (defaulted for this IPv4 cluster; another may be IPv6).
 * - Pod `nodeName` (the scheduler's choice of a node that exists only here: a pod bound to a
 *   missing node never starts, and is deleted by pod GC), and `priority`/`preemptionPolicy`
 *   (admission computes them from the priority class, and refuses a pod whose values differ).
 * - A Job's generated selector and its `controller-uid`/`job-name` labels (the API server
 *   refuses a selector it did not generate unless `manualSelector` is set).
 * - A claim's `volumeName` (a dynamically provisioned volume is not exported) and its
 *   `storageClassName` (this cluster's default class, `standard`; the other cluster's default
 *   applies instead); a volume's `claimRef` keeps the claim's namespace and name, not its uid.
 * - A Namespace's `spec.finalizers`, and the empty `status` of StatefulSet claim templates.
 * Defaulted fields (imagePullPolicy, dnsPolicy, strategy...) stay: they are valid input.
 */
export function cleanForApply(live: KubeObject): KubeObject {
  const object = structuredClone(live);
  const userSet = lastApplied(live);
  const meta = object.metadata;
  const kept: ObjectMeta = {};
  if (meta.name !== undefined) kept.name = meta.name;
  else if (meta.generateName !== undefined) kept.generateName = meta.generateName;
  if (meta.namespace !== undefined) kept.namespace = meta.namespace;
  const labels = { ...meta.labels };
  if (object.kind === 'Namespace') delete labels[namespaceNameLabel];
  if (nonEmpty(labels)) kept.labels = labels;
  const annotations = Object.fromEntries(
    Object.entries(meta.annotations ?? {}).filter(([k]) => !serverAnnotations.has(k)),
  );
  if (nonEmpty(annotations)) kept.annotations = annotations;
  const finalizers = (meta.finalizers ?? []).filter((f) => !serverFinalizers.has(f));
  if (finalizers.length) kept.finalizers = finalizers;
  object.metadata = kept;
  delete object.status;
  const spec = isObj(object.spec) ? object.spec : undefined;
  const userSpec = isObj(userSet?.spec) ? userSet.spec : {};
  switch (object.kind) {
    case 'Service':
      if (spec) cleanService(spec, userSpec);
      break;
    case 'Pod':
      if (spec) {
        for (const field of ['nodeName', 'preemptionPolicy']) {
          if (userSpec[field] === undefined) delete spec[field];
        }
        delete spec.priority;
      }
      break;
    case 'Job':
      if (spec && spec.manualSelector !== true) cleanJob(object, spec);
      break;
    case 'PersistentVolumeClaim':
      for (const field of ['volumeName', 'storageClassName']) {
        if (spec && userSpec[field] === undefined) delete spec[field];
      }
      break;
    case 'PersistentVolume':
      // A Released volume's claim is gone; a bound one's is exported too, by name.
      if (spec && isObj(spec.claimRef) && (live.status as Obj | undefined)?.phase !== 'Released') {
        const { namespace, name } = spec.claimRef;
        spec.claimRef = { namespace, name };
      } else if (spec) delete spec.claimRef;
      break;
    case 'Namespace':
      if (spec) delete spec.finalizers;
      if (spec && !nonEmpty(spec)) delete object.spec;
      break;
    case 'StatefulSet':
      for (const template of (spec?.volumeClaimTemplates as Obj[] | undefined) ?? []) {
        delete template.status;
      }
      break;
  }
  dropNullTimestamps(object);
  return object;
}

/** The manifest `kubectl apply` last applied to the object, or undefined. */
function lastApplied(object: KubeObject): Obj | undefined {
  const text = object.metadata.annotations?.[lastAppliedAnnotation];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function cleanService(spec: Obj, userSpec: Obj): void {
  const headless = spec.clusterIP === 'None';
  if (!headless && userSpec.clusterIP === undefined) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  for (const field of ['healthCheckNodePort', 'ipFamilies', 'ipFamilyPolicy']) {
    if (userSpec[field] === undefined) delete spec[field];
  }
  const userPorts = Array.isArray(userSpec.ports) ? userSpec.ports.filter(isObj) : [];
  for (const port of Array.isArray(spec.ports) ? spec.ports.filter(isObj) : []) {
    const mine = userPorts.find(
      (p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
    );
    if (mine?.nodePort === undefined) delete port.nodePort;
  }
}

/** Removes what the Job strategy generated from the Job's uid and name. */
function cleanJob(job: KubeObject, spec: Obj): void {
  const name = job.metadata.name;
  const generated = (labels: Record<string, string> | undefined) => {
    if (!labels) return;
    for (const k of jobLabels) delete labels[k];
    for (const k of jobNameLabels) if (labels[k] === name) delete labels[k];
  };
  delete spec.selector;
  const template = isObj(spec.template) ? spec.template : undefined;
  const templateMeta = isObj(template?.metadata) ? (template.metadata as ObjectMeta) : undefined;
  generated(templateMeta?.labels);
  if (templateMeta?.labels && !nonEmpty(templateMeta.labels)) delete templateMeta.labels;
  if (template && templateMeta && !nonEmpty(templateMeta)) delete template.metadata;
  generated(job.metadata.labels);
  if (job.metadata.labels && !nonEmpty(job.metadata.labels)) delete job.metadata.labels;
}

/** `creationTimestamp: null` in pod and claim templates, as Go's encoder writes them. */
function dropNullTimestamps(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNullTimestamps(item);
    return;
  }
  if (!isObj(value)) return;
  if ('creationTimestamp' in value && value.creationTimestamp === null) {
    delete value.creationTimestamp;
  }
  for (const child of Object.values(value)) dropNullTimestamps(child);
}

function nonEmpty(map: object): boolean {
  return Object.keys(map).length > 0;
}
