import { cpuMillis, quantityValue } from '../../kernel/api/quantity.ts';
import type { Container, Pod } from '../../kernel/types/core.ts';
import type { ResolvedEnvSources } from './env-sources.ts';
import { expandVars } from './expand-vars.ts';

/** What the kubelet needs of a Service to give pods its `{NAME}_SERVICE_HOST`-style variables. */
export interface ServiceEnvSource {
  namespace: string;
  name: string;
  /** Unset or `None` (headless): the service gives no variables. */
  clusterIP?: string;
  ports: { name?: string; port: number; protocol?: string }[];
}

/** The Services whose variables every pod gets, whatever its enableServiceLinks (kubelet: the master service). */
const masterServiceNamespace = 'default';
const masterServices = new Set(['kubernetes']);
/** A hostname longer than this is cut, as the kubelet cuts a long pod name. */
const hostnameMaxLength = 63;

/**
 * The pod's hostname as the kubelet gives it to the sandbox: spec.hostname, or the pod name
 * cut to 63 characters without a trailing `-` or `.`.
 */
export function podHostname(pod: Pod): string {
  if (pod.spec.hostname) return pod.spec.hostname;
  const name = pod.metadata.name ?? '';
  if (name.length <= hostnameMaxLength) return name;
  return name.slice(0, hostnameMaxLength).replace(/[-.]+$/, '');
}

/**
 * A container's environment, in order: `HOSTNAME` first (the container runtime sets it from
 * the sandbox; a variable of that name replaces its value in place), then the `envFrom`
 * variables, then the container's `env` as declared (a name already set keeps its place and
 * takes the new value), with `$(VAR)` references to earlier variables and to service variables
 * expanded in literal values, then the service variables not set otherwise (sorted by name).
 * `sources` holds what the kubelet read for `envFrom` and `valueFrom` (resolveEnvSources);
 * without it those are left out, as is a `valueFrom` the sources give no value for (optional).
 */
export function containerEnvironment(
  pod: Pod,
  container: Container,
  services: readonly ServiceEnvSource[] = [],
  sources?: ResolvedEnvSources,
): [string, string][] {
  const serviceEnv = serviceEnvironment(pod, services);
  const declared = new Map<string, string>(sources?.fromSources ?? []);
  const lookup = (name: string) => declared.get(name) ?? serviceEnv.get(name);
  (container.env ?? []).forEach((variable, i) => {
    const literal = variable.value ?? '';
    if (literal === '' && variable.valueFrom !== undefined) {
      const value = sources?.valueFrom.get(i);
      if (value !== undefined) declared.set(variable.name, value);
      return;
    }
    declared.set(variable.name, expandVars(literal, lookup));
  });
  const env = new Map<string, string>([['HOSTNAME', podHostname(pod)]]);
  for (const [name, value] of declared) env.set(name, value);
  for (const name of [...serviceEnv.keys()].sort()) {
    if (!declared.has(name)) env.set(name, serviceEnv.get(name)!);
  }
  return [...env];
}

/**
 * The container's argv after the program name: `command` then `args`, each with `$(VAR)`
 * expanded from the container's final environment.
 */
export function containerArgs(container: Container, env: readonly [string, string][]): string[] {
  const values = new Map(env);
  const lookup = (name: string) => values.get(name);
  return [...(container.command ?? []), ...(container.args ?? [])].map((arg) =>
    expandVars(arg, lookup),
  );
}

/**
 * The container's `command` and `args` apart, each with `$(VAR)` expanded as containerArgs
 * does: the runtime combines them with the image's ENTRYPOINT and CMD.
 */
export function containerCommand(
  container: Container,
  env: readonly [string, string][],
): { command?: string[]; args?: string[] } {
  const values = new Map(env);
  const expand = (list: string[] | undefined) =>
    list?.map((arg) => expandVars(arg, (name) => values.get(name)));
  return { command: expand(container.command), args: expand(container.args) };
}

/** The container's memory limit in bytes, when it has a valid one. */
export function memoryLimitBytes(container: Container): number | undefined {
  const limit = container.resources?.limits?.memory;
  if (limit === undefined) return undefined;
  try {
    const bytes = quantityValue(limit);
    return bytes > 0 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The container's CPU limit in millicores, when it has a valid one (rounded up as the
 * kubelet's MilliValue; it becomes the CFS quota limit × 100 ms per 100 ms period).
 */
export function cpuLimitMillicores(container: Container): number | undefined {
  const limit = container.resources?.limits?.cpu;
  if (limit === undefined) return undefined;
  try {
    const millicores = cpuMillis(limit);
    return millicores > 0 ? millicores : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The service variables a pod sees (kubelet getServiceEnvVarMap + envvars.FromServices): the
 * master services of `default` always, and the services of the pod's own namespace unless
 * enableServiceLinks is false; headless services give none.
 */
export function serviceEnvironment(
  pod: Pod,
  services: readonly ServiceEnvSource[],
): Map<string, string> {
  const namespace = pod.metadata.namespace ?? 'default';
  const links = pod.spec.enableServiceLinks !== false;
  const chosen = new Map<string, ServiceEnvSource>();
  for (const service of services) {
    if (!service.clusterIP || service.clusterIP === 'None' || service.ports.length === 0) continue;
    const master = service.namespace === masterServiceNamespace && masterServices.has(service.name);
    if (master) {
      if (!chosen.has(service.name)) chosen.set(service.name, service);
    } else if (service.namespace === namespace && links) {
      chosen.set(service.name, service);
    }
  }
  const env = new Map<string, string>();
  for (const service of chosen.values()) {
    const prefix = envName(service.name);
    const ip = service.clusterIP!;
    env.set(`${prefix}_SERVICE_HOST`, ip);
    env.set(`${prefix}_SERVICE_PORT`, String(service.ports[0].port));
    for (const port of service.ports) {
      if (port.name) env.set(`${prefix}_SERVICE_PORT_${envName(port.name)}`, String(port.port));
    }
    service.ports.forEach((port, i) => {
      const protocol = (port.protocol || 'TCP').toLowerCase();
      const hostPort = ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`;
      const url = `${protocol}://${hostPort}`;
      // Docker links name the first port without its number.
      if (i === 0) env.set(`${prefix}_PORT`, url);
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      env.set(portPrefix, url);
      env.set(`${portPrefix}_PROTO`, protocol);
      env.set(`${portPrefix}_PORT`, String(port.port));
      env.set(`${portPrefix}_ADDR`, ip);
    });
  }
  return env;
}

function envName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}
