import type { TrafficCounts } from '../../workers/node/network/node-network.ts';

/**
 * Connections per second per pod and per Service, from the cumulative counts the nodes
 * report: each sample's rate is the difference from the previous sample over the time
 * between them. A counter that went down (its node was killed) starts again from zero.
 */
export class TrafficRates {
  private previous?: { counts: TrafficCounts; atMs: number };
  private current: { pods: Map<string, number>; services: Map<string, number> } = {
    pods: new Map(),
    services: new Map(),
  };

  /** Takes a new sample taken at `atMs` (page time, ms). */
  sample(counts: TrafficCounts, atMs: number): void {
    const before = this.previous;
    this.previous = { counts, atMs };
    if (!before || atMs <= before.atMs) return;
    const seconds = (atMs - before.atMs) / 1000;
    const rates = (now: Record<string, number>, then: Record<string, number>) => {
      const out = new Map<string, number>();
      for (const [key, n] of Object.entries(now)) {
        const delta = n - (then[key] ?? 0);
        if (delta > 0) out.set(key, delta / seconds);
      }
      return out;
    };
    this.current = {
      pods: rates(counts.pods, before.counts.pods),
      services: rates(counts.services, before.counts.services),
    };
  }

  /** Connections per second accepted by the pod `namespace/name` (0 when none). */
  pod(key: string): number {
    return this.current.pods.get(key) ?? 0;
  }

  /** Every pod's rate, by `namespace/name`: a new map after each sample. */
  podRates(): ReadonlyMap<string, number> {
    return this.current.pods;
  }

  /** Every Service's rate, by `namespace/name`: a new map after each sample. */
  serviceRates(): ReadonlyMap<string, number> {
    return this.current.services;
  }

  /** Services with traffic in the last interval, busiest first. */
  services(): { key: string; rate: number }[] {
    return [...this.current.services]
      .map(([key, rate]) => ({ key, rate }))
      .sort((a, b) => b.rate - a.rate || a.key.localeCompare(b.key));
  }
}

/** `12 conn/s`, `0.5 conn/s`: one decimal below 10. */
export function formatRate(rate: number): string {
  const shown = rate >= 10 ? Math.round(rate).toString() : rate.toFixed(1).replace(/\.0$/, '');
  return `${shown} conn/s`;
}
