import { sleep, type Clock } from '../../../kernel/clock/clock.ts';
import type { Container } from '../../../kernel/types/core.ts';
import { ConnectionError, type StreamConnection } from '../../net/connection.ts';
import { httpExchange } from '../../net/http-client.ts';
import type { ProbeAction } from './probe-spec.ts';

/** What a probe needs of its pod and node. */
export interface ProbeHost {
  clock: Clock;
  /**
   * Real time (stopped while the cluster is paused), when the node has it: a probe's timeout
   * also lasts its declared seconds of real time. A timeout bounds how long a program takes to
   * answer, which is real time: under the tutorial preset a 1 s timeout would otherwise be
   * 100 ms, less than starting an exec'd process takes on a loaded page, and at 60x less still.
   */
  realTime?: Clock;
  /** The pod's IP: the default host of httpGet and tcpSocket probes. */
  podIP: string;
  /** Opens a connection from the node (the kubelet probes from the host network). */
  connect(ip: string, port: number): StreamConnection;
  /** Runs a command in the container; resolves to its exit code and combined output. */
  exec(command: string[], signal: AbortSignal): Promise<{ exitCode: number; output: string }>;
}

export interface ProbeOutcome {
  ok: boolean;
  /** What the kubelet puts after `Liveness probe failed: `. */
  output: string;
}

class ProbeTimeout extends Error {}

/**
 * Runs one probe attempt as the kubelet's prober does, within `timeoutMs` of cluster time (and
 * at least `realTimeoutMs` of real time, when the host has real time):
 * httpGet succeeds on a status from 200 to 399, tcpSocket when the connection opens, exec on
 * exit code 0. Failure outputs are worded as the kubelet's (Go's net/http and net errors).
 */
export async function runProbe(
  action: ProbeAction,
  container: Container,
  host: ProbeHost,
  timeoutMs: number,
  realTimeoutMs = 0,
): Promise<ProbeOutcome> {
  const abort = new AbortController();
  const timeout = Promise.all([
    sleep(host.clock, timeoutMs, abort.signal),
    host.realTime && realTimeoutMs > 0
      ? sleep(host.realTime, realTimeoutMs, abort.signal)
      : undefined,
  ]).then(
    () => {
      throw new ProbeTimeout();
    },
    () => undefined,
  );
  try {
    return (await Promise.race([attempt(action, container, host, abort.signal), timeout]))!;
  } catch (err) {
    if (err instanceof ProbeTimeout) return timedOut(action, container, host);
    throw err;
  } finally {
    abort.abort();
  }
}

async function attempt(
  action: ProbeAction,
  container: Container,
  host: ProbeHost,
  signal: AbortSignal,
): Promise<ProbeOutcome> {
  if (action.httpGet) {
    const get = action.httpGet;
    const ip = get.host || host.podIP;
    const port = resolvePort(get.port, container);
    const path = get.path || '/';
    const url = `${(get.scheme ?? 'HTTP').toLowerCase()}://${ip}:${port}${path}`;
    const connection = host.connect(ip, port);
    signal.addEventListener('abort', () => connection.abort(), { once: true });
    try {
      await connection.established;
      const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.34', Accept: '*/*' };
      let hostHeader = `${ip}:${port}`;
      for (const h of get.httpHeaders ?? []) {
        if (h.name.toLowerCase() === 'host') hostHeader = h.value;
        else headers[h.name] = h.value;
      }
      const reply = await httpExchange(connection, { path, host: hostHeader, headers });
      if (reply.status >= 200 && reply.status < 400) return { ok: true, output: '' };
      return { ok: false, output: `HTTP probe failed with statuscode: ${reply.status}` };
    } catch (err) {
      return { ok: false, output: `Get "${url}": ${dialError(err, ip, port)}` };
    }
  }
  if (action.tcpSocket) {
    const ip = action.tcpSocket.host || host.podIP;
    const port = resolvePort(action.tcpSocket.port, container);
    const connection = host.connect(ip, port);
    try {
      await connection.established;
      connection.end();
      return { ok: true, output: '' };
    } catch (err) {
      return { ok: false, output: dialError(err, ip, port) };
    } finally {
      connection.abort();
    }
  }
  if (action.exec) {
    const command = action.exec.command ?? [];
    const { exitCode, output } = await host.exec(command, signal);
    return exitCode === 0 ? { ok: true, output: '' } : { ok: false, output };
  }
  if (action.grpc) {
    return { ok: false, output: 'gRPC probes are not supported by this kubelet' };
  }
  return { ok: false, output: 'missing probe handler' };
}

function timedOut(action: ProbeAction, container: Container, host: ProbeHost): ProbeOutcome {
  if (action.httpGet) {
    const ip = action.httpGet.host || host.podIP;
    const port = resolvePort(action.httpGet.port, container);
    const url = `${(action.httpGet.scheme ?? 'HTTP').toLowerCase()}://${ip}:${port}${action.httpGet.path || '/'}`;
    return {
      ok: false,
      output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    };
  }
  if (action.tcpSocket) {
    const ip = action.tcpSocket.host || host.podIP;
    return {
      ok: false,
      output: `dial tcp ${ip}:${resolvePort(action.tcpSocket.port, container)}: i/o timeout`,
    };
  }
  const command = JSON.stringify((action.exec?.command ?? []).join(' '));
  return { ok: false, output: `command ${command} timed out` };
}

/** A port by number, or by the name of one of the container's ports. */
function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return (container.ports ?? []).find((p) => p.name === port)?.containerPort ?? -1;
}

function dialError(err: unknown, ip: string, port: number): string {
  if (err instanceof ConnectionError) {
    return `dial tcp ${ip}:${port}: connect: ${err.message.toLowerCase()}`;
  }
  return err instanceof Error ? err.message : String(err);
}
