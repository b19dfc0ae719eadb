/** The three kinds of probe, in the words the kubelet's events use (`Liveness probe failed`). */
export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

/** What a probe does: one handler, as the Probe API allows exactly one. */
export interface ProbeAction {
  httpGet?: {
    path?: string;
    port: number | string;
    host?: string;
    scheme?: string;
    httpHeaders?: { name: string; value: string }[];
  };
  tcpSocket?: { port: number | string; host?: string };
  exec?: { command?: string[] };
  grpc?: { port: number; service?: string };
}

/** A probe with Kubernetes' defaults filled in and its seconds turned into cluster time. */
export interface ProbeSpec {
  kind: ProbeKind;
  action: ProbeAction;
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  /** The declared timeout in real milliseconds (timeoutSeconds x 1000): the timeout's floor. */
  realTimeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The Probe fields the kubelet reads, as they come from a container spec. */
export interface ProbeFields extends ProbeAction {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/**
 * A container's probe as the kubelet runs it: periodSeconds 10, timeoutSeconds 1,
 * successThreshold 1, failureThreshold 3 when unset, each second lasting `secondMs` of
 * cluster time (the timing preset's probe second).
 */
export function probeSpec(kind: ProbeKind, probe: ProbeFields, secondMs: number): ProbeSpec {
  const seconds = (value: number | undefined, fallback: number) =>
    (value && value > 0 ? value : fallback) * secondMs;
  return {
    kind,
    action: {
      httpGet: probe.httpGet,
      tcpSocket: probe.tcpSocket,
      exec: probe.exec,
      grpc: probe.grpc,
    },
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * secondMs,
    periodMs: seconds(probe.periodSeconds, 10),
    timeoutMs: seconds(probe.timeoutSeconds, 1),
    realTimeoutMs: seconds(probe.timeoutSeconds, 1) * (1000 / secondMs),
    // Liveness and startup probes must have successThreshold 1 (validation enforces it).
    successThreshold: kind === 'Readiness' ? Math.max(1, probe.successThreshold ?? 1) : 1,
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}
