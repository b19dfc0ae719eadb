import { sleep } from '../../kernel/clock/clock.ts';
import type { Container } from '../../kernel/types/core.ts';
import type { ProbeAction } from './prober/probe-spec.ts';
import { runProbe, type ProbeHost } from './prober/run-probe.ts';

/** A preStop handler as the container spec gives it: one action, or a sleep. */
interface PreStopHandler extends ProbeAction {
  sleep?: { seconds?: number };
}

/**
 * Runs a container's `lifecycle.preStop` hook before the kubelet stops it, within `budgetMs`
 * of cluster time (the pod's grace period): `sleep` waits its seconds (each `secondMs` long),
 * `exec`, `httpGet` and `tcpSocket` run as a probe's action does. The container keeps running
 * and serving meanwhile, which is what lets a Service's endpoints drop it first. Resolves to
 * why the hook failed (the kubelet's FailedPreStopHook), or undefined; without a host for
 * exec and connections only a sleep runs.
 */
export async function runPreStopHook(
  container: Container,
  host: ProbeHost | undefined,
  clock: ProbeHost['clock'],
  budgetMs: number,
  secondMs: number,
): Promise<string | undefined> {
  const handler = (container.lifecycle as { preStop?: PreStopHandler } | undefined)?.preStop;
  if (!handler || budgetMs <= 0) return undefined;
  if (handler.sleep) {
    const seconds = Math.max(0, Number(handler.sleep.seconds ?? 0));
    await sleep(clock, Math.min(budgetMs, seconds * secondMs));
    return undefined;
  }
  if (!host || !(handler.exec || handler.httpGet || handler.tcpSocket)) return undefined;
  const outcome = await runProbe(handler, container, host, budgetMs);
  return outcome.ok ? undefined : outcome.output || 'PreStopHook failed';
}
