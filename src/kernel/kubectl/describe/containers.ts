/**
 * The Containers / Init Containers blocks of pod and pod-template descriptions
 * (describeContainers and what it calls in kubectl's describe.go).
 */
import { canonicalQuantity } from '../../api/quantity.ts';
import type { Container, ContainerState, ContainerStatus, ResourceList } from '../../types/core.ts';
import { byteOrder, rfc1123z } from './format.ts';
import type { PrefixWriter } from './prefix-writer.ts';

type Probe = Record<string, unknown>;

function quantity(q: string): string {
  try {
    return canonicalQuantity(q);
  } catch {
    return q;
  }
}

function ports(container: Container, host: boolean): string {
  return (container.ports ?? [])
    .map((p) => {
      const s = `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? ''}`;
      return p.name ? `${s} (${p.name})` : s;
    })
    .join(', ');
}

function intOrString(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3`. */
export function describeProbe(probe: Probe): string {
  const n = (k: string) => Number(probe[k] ?? 0);
  const attrs = `delay=${n('initialDelaySeconds')}s timeout=${n('timeoutSeconds')}s period=${n('periodSeconds')}s successThreshold=${n('successThreshold')} failureThreshold=${n('failureThreshold')}`;
  const exec = probe.exec as { command?: string[] } | undefined;
  const http = probe.httpGet as Record<string, unknown> | undefined;
  const tcp = probe.tcpSocket as Record<string, unknown> | undefined;
  const grpc = probe.grpc as { port?: number; service?: string } | undefined;
  if (exec) return `exec [${(exec.command ?? []).join(' ')}] ${attrs}`;
  if (http) {
    const scheme = String(http.scheme ?? '').toLowerCase();
    const port = intOrString(http.port);
    const host = String(http.host ?? '');
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    return `http-get ${scheme ? `${scheme}:` : ''}//${hostPort}${String(http.path ?? '')} ${attrs}`;
  }
  if (tcp) return `tcp-socket ${String(tcp.host ?? '')}:${intOrString(tcp.port)} ${attrs}`;
  if (grpc) return `grpc <pod>:${grpc.port ?? 0} ${grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeState(w: PrefixWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
  }
}

/** `Limits:` / `Requests:` blocks, resource names sorted (describeResources). */
export function describeResources(
  w: PrefixWriter,
  resources: { limits?: ResourceList; requests?: ResourceList } | undefined,
  level: number,
): void {
  for (const [title, list] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort(byteOrder);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantity(list![name])}\n`);
  }
}

interface EnvVarSource {
  fieldRef?: { apiVersion?: string; fieldPath?: string };
  resourceFieldRef?: { resource?: string };
  secretKeyRef?: { name?: string; key?: string; optional?: boolean };
  configMapKeyRef?: { name?: string; key?: string; optional?: boolean };
}

function describeEnv(
  w: PrefixWriter,
  container: Container,
  resolve?: (path: string) => string,
): void {
  const env = container.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom as EnvVarSource | undefined;
    if (!from) {
      (e.value ?? '').split('\n').forEach((s, i) => {
        w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
      });
    } else if (from.fieldRef) {
      const value = resolve ? resolve(from.fieldRef.fieldPath ?? '') : '';
      w.write(
        3,
        `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath ?? ''})\n`,
      );
    } else if (from.resourceFieldRef) {
      w.write(3, `${e.name}:\t (${from.resourceFieldRef.resource ?? ''})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${r.key ?? ''}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${r.key ?? ''}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`,
      );
    }
  }
}

function describeEnvFrom(w: PrefixWriter, container: Container): void {
  w.write(2, 'Environment Variables from:\n');
  for (const e of container.envFrom ?? []) {
    const cm = e.configMapRef as { name?: string; optional?: boolean } | undefined;
    const secret = e.secretRef as { name?: string; optional?: boolean } | undefined;
    const ref = cm ?? secret;
    const from = cm ? 'ConfigMap' : secret ? 'Secret' : '';
    const prefix = typeof e.prefix === 'string' && e.prefix ? ` with prefix '${e.prefix}'` : '';
    w.write(3, `${ref?.name ?? ''}\t${from}${prefix}\tOptional: ${ref?.optional === true}\n`);
  }
}

function describeMounts(w: PrefixWriter, container: Container): void {
  const mounts = [...((container.volumeMounts ?? []) as Record<string, unknown>[])].sort((a, b) =>
    byteOrder(String(a.mountPath ?? ''), String(b.mountPath ?? '')),
  );
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${String(m.mountPath ?? '')} from ${String(m.name ?? '')} (${flags.join(',')})\n`);
  }
}

/**
 * Writes `<label>:` and one block per container: ID, image, ports, command, state (when a
 * status is known), resources, probes, environment and mounts. `space` is the extra indent of
 * a pod template (`'  '`).
 */
export function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  space: string,
  resolveField?: (path: string) => string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses ? byName.get(c.name) : undefined;
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const p = ports(c, false);
    w.write(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${p || '<none>'}\n`);
    const hp = ports(c, true);
    w.write(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || '<none>'}\n`);
    for (const [title, words] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (!words?.length) continue;
      w.write(2, `${title}:\n`);
      for (const word of words) for (const s of word.split('\n')) w.write(3, `${s}\n`);
    }
    if (status) {
      describeState(w, 'State', status.state);
      if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom?.length) describeEnvFrom(w, c);
    describeEnv(w, c, resolveField);
    describeMounts(w, c);
  }
}
