/**
 * Containers of a pod spec (validateContainers, validateInitContainers,
 * validateContainerCommon): names, images, ports, env, volume mounts, probes, pull policy,
 * resources and the per-container restartPolicy of sidecars.
 */
import type { FieldError } from '../errors.ts';
import {
  child,
  duplicate,
  forbidden,
  inclusiveRangeError,
  index,
  invalidValue,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.ts';
import { validateEnvFromSource, validateEnvVarValueFrom } from './env-var-source.ts';
import { isDNS1123Label } from './names.ts';
import { validateResourceRequirements } from './resources.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

type Obj = Record<string, unknown>;

/** Port numbers 1..65535 (IsValidPortNum). */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [inclusiveRangeError(1, 65535)];
}

/** IANA service names used for named ports (IsValidPortName). */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** ValidatePortNumOrName for probe and handler ports (int-or-string). */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'number')
    return isValidPortNum(port).map((m) => invalidValue(field, port, m));
  if (typeof port === 'string')
    return isValidPortName(port).map((m) => invalidValue(field, port, m));
  return [];
}

const supportedProtocols = ['SCTP', 'TCP', 'UDP'];

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  asArray<Obj>(ports).forEach((p, i) => {
    const port = asObject(p);
    const idx = index(path, i);
    const name = asString(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0)
        msgs.forEach((m) => errs.push(invalidValue(child(idx, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(idx, 'name'), name));
      else names.add(name);
    }
    const containerPort = port.containerPort;
    if (!containerPort) errs.push(required(child(idx, 'containerPort')));
    else if (typeof containerPort === 'number') {
      isValidPortNum(containerPort).forEach((m) =>
        errs.push(invalidValue(child(idx, 'containerPort'), containerPort, m)),
      );
    }
    const hostPort = port.hostPort;
    if (typeof hostPort === 'number' && hostPort !== 0) {
      isValidPortNum(hostPort).forEach((m) =>
        errs.push(invalidValue(child(idx, 'hostPort'), hostPort, m)),
      );
    }
    const protocol = asString(port.protocol);
    if (!protocol) errs.push(required(child(idx, 'protocol')));
    else if (!supportedProtocols.includes(protocol)) {
      errs.push(notSupported(child(idx, 'protocol'), protocol, supportedProtocols));
    }
  });
  return errs;
}

const relaxedEnvVarNameErrMsg =
  "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** IsRelaxedEnvVarName (the default since RelaxedEnvironmentVariableValidation went GA). */
function isRelaxedEnvVarName(name: string): string[] {
  const errs: string[] = [];
  if (name.length === 0) errs.push('environment variable name must be non-empty');
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e || c === '=')) {
    errs.push(relaxedEnvVarNameErrMsg);
  }
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArray<Obj>(env).forEach((e, i) => {
    const ev = asObject(e);
    const idx = index(path, i);
    const name = asString(ev.name);
    if (!name) errs.push(required(child(idx, 'name')));
    else
      isRelaxedEnvVarName(name).forEach((m) =>
        errs.push(invalidValue(child(idx, 'name'), name, m)),
      );
    errs.push(...validateEnvVarValueFrom(ev, child(idx, 'valueFrom')));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  asArray<Obj>(mounts).forEach((m, i) => {
    const mount = asObject(m);
    const idx = index(path, i);
    const name = asString(mount.name);
    if (!name) errs.push(required(child(idx, 'name')));
    else if (!volumes.has(name))
      errs.push({ type: 'FieldValueNotFound', field: child(idx, 'name'), value: name });
    const mountPath = asString(mount.mountPath);
    if (!mountPath) errs.push(required(child(idx, 'mountPath')));
    else if (mountPaths.has(mountPath))
      errs.push(invalidValue(child(idx, 'mountPath'), mountPath, 'must be unique'));
    else mountPaths.add(mountPath);
    const subPath = asString(mount.subPath);
    const subPathExpr = asString(mount.subPathExpr);
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, child(idx, 'subPath')));
    if (subPathExpr) {
      if (subPath) {
        errs.push(
          invalidValue(
            child(idx, 'subPathExpr'),
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      }
      errs.push(...validateLocalDescendingPath(subPathExpr, child(idx, 'subPathExpr')));
    }
  });
  return errs;
}

/** validateLocalDescendingPath: a relative path that never climbs out with `..`. */
function validateLocalDescendingPath(target: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalidValue(field, target, 'must be a relative path'));
  if (target.split('/').includes('..')) {
    errs.push(invalidValue(field, target, "must not contain '..'"));
  }
  return errs;
}

const handlerTypes = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

function validateHandler(handler: Obj, allowed: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const type of allowed) {
    const h = handler[type];
    if (!isObject(h)) continue;
    const p = child(path, type);
    if (count > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    if (type === 'exec' && asArray(h.command).length === 0)
      errs.push(required(child(p, 'command')));
    if (type === 'httpGet') {
      if (!asString(h.path)) errs.push(required(child(p, 'path')));
      errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
      const scheme = asString(h.scheme);
      if (scheme !== 'HTTP' && scheme !== 'HTTPS')
        errs.push(notSupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
    }
    if (type === 'tcpSocket') errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
    if (type === 'grpc') errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(
  probe: unknown,
  path: string,
  kind: 'liveness' | 'readiness' | 'startup',
): FieldError[] {
  if (!isObject(probe)) return [];
  const errs = validateHandler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], path);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    errs.push(...validateNonnegative(probe[f], child(path, f)));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) {
    errs.push(
      invalidValue(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'),
    );
  }
  if (
    (kind === 'liveness' || kind === 'startup') &&
    probe.successThreshold !== undefined &&
    probe.successThreshold !== 1
  ) {
    errs.push(invalidValue(child(path, 'successThreshold'), probe.successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && grace !== undefined) {
    errs.push(
      invalidValue(
        child(path, 'terminationGracePeriodSeconds'),
        grace,
        'must not be set for readinessProbes',
      ),
    );
  }
  return errs;
}

function validateLifecycle(lifecycle: unknown, path: string): FieldError[] {
  if (!isObject(lifecycle)) return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isObject(lifecycle[hook]))
      errs.push(...validateHandler(lifecycle[hook], handlerTypes, child(path, hook)));
  }
  return errs;
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const messagePolicies = ['File', 'FallbackToLogsOnError'];

/** validateContainerCommon: what every container (regular or init) must satisfy. */
function validateContainerCommon(c: Obj, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = asString(c.name);
  if (!name) errs.push(required(child(path, 'name')));
  else isDNS1123Label(name).forEach((m) => errs.push(invalidValue(child(path, 'name'), name, m)));
  if (!asString(c.image)) errs.push(required(child(path, 'image')));
  const tmp = asString(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!messagePolicies.includes(tmp))
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, messagePolicies));
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  asArray<Obj>(c.envFrom).forEach((e, i) => {
    const entryPath = index(child(path, 'envFrom'), i);
    const prefix = asString(asObject(e).prefix);
    if (prefix) {
      isRelaxedEnvVarName(prefix).forEach((m) =>
        errs.push(invalidValue(child(entryPath, 'prefix'), prefix, m)),
      );
    }
    errs.push(...validateEnvFromSource(asObject(e), entryPath, child(path, 'envFrom')));
  });
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts')));
  const pull = asString(c.imagePullPolicy);
  if (!pull) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!pullPolicies.includes(pull))
    errs.push(notSupported(child(path, 'imagePullPolicy'), pull, pullPolicies));
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  return errs;
}

function hostPortConflicts(containers: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    asArray<Obj>(c.ports).forEach((p, pi) => {
      const hostPort = p.hostPort;
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      const id = `${asString(p.protocol)}/${asString(p.hostIP)}/${hostPort}`;
      if (seen.has(id))
        errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    });
  });
  return errs;
}

/** validateContainers: at least one, unique names, probes and lifecycle; no restartPolicy. */
export function validateContainers(
  containers: unknown,
  volumes: Set<string>,
  path: string,
): FieldError[] {
  const list = asArray<Obj>(containers).map(asObject);
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = asString(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    errs.push(...validateLifecycle(c.lifecycle, child(p, 'lifecycle')));
    errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe'), 'startup'));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...hostPortConflicts(list, path));
  return errs;
}

/** validateInitContainers: names unique across all containers; probes only for sidecars. */
export function validateInitContainers(
  initContainers: unknown,
  containers: unknown,
  volumes: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(asArray<Obj>(containers).map((c) => asString(asObject(c).name)));
  asArray<Obj>(initContainers).forEach((raw, i) => {
    const c = asObject(raw);
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    let sidecar = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy === 'Always') sidecar = true;
      else errs.push(notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
    }
    const name = asString(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    errs.push(...hostPortConflicts([c], path));
    if (sidecar) {
      errs.push(...validateLifecycle(c.lifecycle, child(p, 'lifecycle')));
      errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe'), 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) {
          errs.push(
            forbidden(
              child(p, f),
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
        }
      }
    }
  });
  return errs;
}

/** Pod-only container rule: no whitespace around the image name. */
export function validateContainersOnlyForPod(containers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArray<Obj>(containers).forEach((c, i) => {
    const image = asString(asObject(c).image);
    if (image.length !== image.trim().length) {
      errs.push(
        invalidValue(
          child(index(path, i), 'image'),
          image,
          'must not have leading or trailing whitespace',
        ),
      );
    }
  });
  return errs;
}
