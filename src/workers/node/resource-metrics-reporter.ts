import type { Clock, TimerHandle } from '../../kernel/clock/clock.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { ContainerSample, KubeletMetricsScrape } from '../../kernel/types/metrics.ts';
import { preciseNow } from '../runtime/cpu-meter.ts';

/** The API path a node's samples go to (served by the API server's metrics store). */
export function scrapePath(nodeName: string): string {
  return `/apis/metrics.k8s.io/v1beta1/nodes/${encodeURIComponent(nodeName)}/scrape`;
}

/**
 * The kubelet's resource metrics, delivered rather than scraped: every metric resolution it
 * posts its running containers' cumulative CPU time and memory (what its `/metrics/resource`
 * endpoint would answer metrics-server) to the API server, which turns consecutive samples
 * into the usage rates of the metrics API. A failed post is dropped; the next one follows a
 * period later, as a failed scrape would.
 */
export class ResourceMetricsReporter {
  private timer?: TimerHandle;
  private stopped = false;
  /** A failure was reported and no post has succeeded since: say nothing more until one does. */
  private failing = false;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly period: number,
    private readonly nodeName: string,
    private readonly containers: () => ContainerSample[],
  ) {}

  /** Posts now, then every period. */
  start(): void {
    void this.postSafely().then(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** The sample as it would be posted now. */
  sample(): KubeletMetricsScrape {
    return {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'KubeletMetricsScrape',
      timestamp: this.clock.now(),
      wallTime: preciseNow(),
      interval: this.period,
      containers: this.containers(),
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(this.period, () => {
      void this.postSafely().then(() => this.schedule());
    });
  }

  private async postSafely(): Promise<void> {
    if (this.stopped) return;
    let problem: unknown;
    try {
      const response = await this.client.api.handle({
        verb: 'POST',
        path: scrapePath(this.nodeName),
        body: this.sample(),
      });
      if (response.status >= 300) problem = response.body;
    } catch (err) {
      problem = err;
    }
    if (problem === undefined) this.failing = false;
    else if (!this.failing && !this.stopped) {
      this.failing = true;
      console.warn(`kubelet: posting the metrics of node ${this.nodeName}:`, problem);
    }
  }
}
