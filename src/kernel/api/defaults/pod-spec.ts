/**
 * Defaulting of a pod spec as core/v1's SetDefaults_* functions do it for every PodSpec,
 * including the pod templates of Deployments and ReplicaSets: restartPolicy, dnsPolicy,
 * securityContext, terminationGracePeriodSeconds, schedulerName, and per container the image
 * pull policy, termination message settings, port protocols, probe timings, resource
 * quantities in canonical form; volumes get their default modes.
 */
import { quantityError, roundUpToMilli } from '../quantity.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/**
 * The image's tag as the image-name parser sees it: `latest` when none is given, '' for a
 * digest-only reference or a name it cannot parse (such as one with upper-case path letters).
 */
export function imageTag(image: string): string {
  if (!image || /\s/.test(image)) return '';
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? named.slice(0, colon) : named;
  const parts = repository.split('/');
  const hasDomain = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost');
  const path = hasDomain ? parts.slice(1) : parts;
  if (path.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return '';
  if (hasTag) return named.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** SetDefaults_ResourceList: quantities rounded up to milli units and stored canonically. */
export function defaultResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const [name, q] of Object.entries(list)) {
    if ((typeof q === 'string' || typeof q === 'number') && quantityError(q) === undefined) {
      list[name] = roundUpToMilli(q);
    }
  }
}

function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHandler(probe);
}

function defaultHandler(handler: Obj): void {
  const http = handler.httpGet;
  if (isObj(http)) {
    http.path ||= '/';
    http.scheme ||= 'HTTP';
  }
}

function defaultFieldRef(holder: unknown): void {
  if (isObj(holder) && isObj(holder.fieldRef)) holder.fieldRef.apiVersion ||= 'v1';
}

/** SetDefaults_Container (and the defaults of the structs a container holds). */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) {
    c.imagePullPolicy =
      imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  for (const port of objects(c.ports)) port.protocol ||= 'TCP';
  if (!isObj(c.resources)) c.resources = {};
  const resources = c.resources as Obj;
  defaultResourceList(resources.limits);
  defaultResourceList(resources.requests);
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) defaultProbe(probe);
  if (isObj(c.lifecycle)) {
    for (const hook of [c.lifecycle.postStart, c.lifecycle.preStop])
      if (isObj(hook)) defaultHandler(hook);
  }
  for (const env of objects(c.env)) defaultFieldRef(env.valueFrom);
}

const defaultMode = 0o644;

/** SetDefaults_Volume and the defaults of the volume sources (modes, hostPath type). */
function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && isObj(v[k]));
  if (sources.length === 0) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[key];
    if (isObj(src) && (src.defaultMode === undefined || src.defaultMode === null))
      src.defaultMode = defaultMode;
  }
  if (isObj(v.hostPath) && (v.hostPath.type === undefined || v.hostPath.type === null))
    v.hostPath.type = '';
  if (isObj(v.downwardAPI)) for (const item of objects(v.downwardAPI.items)) defaultFieldRef(item);
  if (isObj(v.projected)) {
    for (const source of objects(v.projected.sources)) {
      if (isObj(source.downwardAPI))
        for (const item of objects(source.downwardAPI.items)) defaultFieldRef(item);
      if (isObj(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
}

/** SetDefaults_PodSpec plus the container and volume defaults; mutates `spec`. */
export function defaultPodSpec(spec: Obj): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (
    spec.terminationGracePeriodSeconds === undefined ||
    spec.terminationGracePeriodSeconds === null
  ) {
    spec.terminationGracePeriodSeconds = 30;
  }
  spec.schedulerName ||= 'default-scheduler';
  for (const c of [
    ...objects(spec.containers),
    ...objects(spec.initContainers),
    ...objects(spec.ephemeralContainers),
  ]) {
    defaultContainer(c);
  }
  for (const v of objects(spec.volumes)) defaultVolume(v);
  defaultResourceList(spec.overhead);
  if (isObj(spec.resources)) {
    defaultResourceList(spec.resources.limits);
    defaultResourceList(spec.resources.requests);
  }
}

/** Defaults of a pod template (`spec.template` of a Deployment or ReplicaSet); mutates it. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec as Obj);
}
