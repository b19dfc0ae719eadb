import type { Clock } from '../clock/clock.ts';
import type { Node, NodeCondition } from '../types/core.ts';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * The zone a node belongs to for disruption accounting: region and zone labels joined as
 * Kubernetes does (`region:\0:zone`), or '' for a node with neither.
 */
export function zoneKey(node: Node): string {
  const labels = node.metadata.labels ?? {};
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region =
    labels['topology.kubernetes.io/region'] ??
    labels['failure-domain.beta.kubernetes.io/region'] ??
    '';
  if (!region && !zone) return '';
  return `${region}:\u0000:${zone}`;
}

/**
 * A zone with no Ready node is fully disrupted; one with more than two not-Ready nodes making
 * up at least `unhealthyThreshold` of it is partially disrupted; otherwise it is normal.
 */
export function computeZoneState(
  readyConditions: (NodeCondition | undefined)[],
  unhealthyThreshold: number,
): ZoneState {
  const ready = readyConditions.filter((c) => c?.status === 'True').length;
  const notReady = readyConditions.length - ready;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold)
    return 'PartialDisruption';
  return 'Normal';
}

/**
 * A token bucket with a burst of one, in cluster time: `qps` tokens per declared second.
 * A rate of 0 never admits (evictions stopped).
 */
export class EvictionLimiter {
  private tokens = 1;
  private last: number;

  constructor(
    private rate: number,
    private readonly clock: Clock,
    private readonly declaredSecond: number,
  ) {
    this.last = clock.now();
  }

  get qps(): number {
    return this.rate;
  }

  tryAccept(): boolean {
    if (this.rate <= 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Cluster milliseconds until the next token; Infinity when the rate is 0. */
  wait(): number {
    if (this.rate <= 0) return Infinity;
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * this.declaredSecond) / this.rate);
  }

  /** Changes the rate; a bucket that was empty stays empty, as SwapLimiter drains the new one. */
  setQps(rate: number): void {
    if (rate === this.rate) return;
    this.refill();
    const wasEmpty = this.rate <= 0 || this.tokens < 1;
    this.rate = rate;
    this.tokens = wasEmpty ? 0 : 1;
    this.last = this.clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    if (this.rate > 0)
      this.tokens = Math.min(
        1,
        this.tokens + ((now - this.last) / this.declaredSecond) * this.rate,
      );
    this.last = now;
  }
}
