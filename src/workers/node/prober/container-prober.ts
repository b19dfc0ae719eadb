import type { TimerHandle } from '../../../kernel/clock/clock.ts';
import type { Container } from '../../../kernel/types/core.ts';
import { probeSpec, type ProbeKind, type ProbeSpec } from './probe-spec.ts';
import { runProbe, type ProbeHost } from './run-probe.ts';

/** What a container's prober reports to its pod worker. */
export interface ProberEvents {
  /** Readiness or startup changed: the pod status needs writing. */
  changed(): void;
  /** A Warning `Unhealthy` event, or the `Killing` event before a kill. */
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** The liveness or startup probe failed its threshold: kill the container (137). */
  kill(reason: string): void;
}

interface ProbeLoop {
  spec: ProbeSpec;
  successes: number;
  failures: number;
  timer?: TimerHandle;
}

/**
 * The kubelet's probe workers for one running container instance: each probe first runs
 * initialDelaySeconds after the container started, then every periodSeconds; a result flips
 * after successThreshold successes or failureThreshold failures in a row. Readiness starts
 * false (true at once without a readiness probe); while a startup probe has not succeeded the
 * other probes wait. A liveness or startup probe that fails its threshold records `Killing`
 * and kills the container, which its restart policy then restarts. Every failed attempt
 * records `Unhealthy` with the probe's output.
 */
export class ContainerProber {
  private readonly loops: ProbeLoop[] = [];
  private readinessOk: boolean;
  private startupOk: boolean;
  private stopped = false;

  constructor(
    private readonly container: Container,
    private readonly host: ProbeHost,
    private readonly events: ProberEvents,
    probeSecondMs: number,
  ) {
    const wanted: [ProbeKind, unknown][] = [
      ['Startup', container.startupProbe],
      ['Liveness', container.livenessProbe],
      ['Readiness', container.readinessProbe],
    ];
    for (const [kind, probe] of wanted) {
      if (probe)
        this.loops.push({ spec: probeSpec(kind, probe, probeSecondMs), successes: 0, failures: 0 });
    }
    this.readinessOk = !container.readinessProbe;
    this.startupOk = !container.startupProbe;
  }

  /** True when the container may take traffic: started and (without a readiness probe, or) ready. */
  get ready(): boolean {
    return this.startupOk && this.readinessOk;
  }

  /** True once the startup probe has succeeded (at once without one). */
  get started(): boolean {
    return this.startupOk;
  }

  /** Starts probing a container that started at `startedAt` (cluster time). */
  start(startedAt: number): void {
    const now = this.host.clock.now();
    for (const loop of this.loops) {
      this.schedule(loop, Math.max(0, startedAt + loop.spec.initialDelayMs - now));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const loop of this.loops) loop.timer?.cancel();
  }

  private schedule(loop: ProbeLoop, delayMs: number): void {
    if (this.stopped) return;
    loop.timer = this.host.clock.setTimer(delayMs, () => void this.probe(loop));
  }

  private async probe(loop: ProbeLoop): Promise<void> {
    if (this.stopped) return;
    const { spec } = loop;
    // Until the startup probe succeeds, liveness and readiness probes do not run.
    if (spec.kind !== 'Startup' && !this.startupOk) {
      this.schedule(loop, spec.periodMs);
      return;
    }
    let outcome: { ok: boolean; output: string };
    try {
      outcome = await runProbe(
        spec.action,
        this.container,
        this.host,
        spec.timeoutMs,
        spec.realTimeoutMs,
      );
    } catch (err) {
      outcome = { ok: false, output: err instanceof Error ? err.message : String(err) };
    }
    if (this.stopped) return;
    if (outcome.ok) {
      loop.failures = 0;
      loop.successes++;
      if (loop.successes >= spec.successThreshold) this.succeeded(spec.kind);
      // A startup probe is done once it has succeeded.
      if (spec.kind === 'Startup' && this.startupOk) return;
    } else {
      loop.successes = 0;
      loop.failures++;
      this.events.event('Warning', 'Unhealthy', `${spec.kind} probe failed: ${outcome.output}`);
      if (loop.failures >= spec.failureThreshold && this.failed(spec.kind)) return;
    }
    this.schedule(loop, spec.periodMs);
  }

  private succeeded(kind: ProbeKind): void {
    if (kind === 'Readiness' && !this.readinessOk) {
      this.readinessOk = true;
      this.events.changed();
    } else if (kind === 'Startup' && !this.startupOk) {
      this.startupOk = true;
      this.events.changed();
    }
  }

  /** A probe reached its failure threshold; true when the container is being killed. */
  private failed(kind: ProbeKind): boolean {
    if (kind === 'Readiness') {
      if (this.readinessOk) {
        this.readinessOk = false;
        this.events.changed();
      }
      return false;
    }
    const name = this.container.name;
    const what = kind === 'Liveness' ? 'liveness' : 'startup';
    this.events.event(
      'Normal',
      'Killing',
      `Container ${name} failed ${what} probe, will be restarted`,
    );
    this.stop();
    this.events.kill(`failed ${what} probe`);
    return true;
  }
}
