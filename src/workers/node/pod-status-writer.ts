import { isConflict, isNotFound } from '../../kernel/api/errors.ts';
import { pods } from '../../kernel/api/resources.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { Pod, PodStatus } from '../../kernel/types/core.ts';
import { jsonEqual } from '../../kernel/util/json-value.ts';

/** Attempts at one status write that keeps conflicting with other writers. */
const writeAttempts = 5;

/**
 * Writes one pod's status through `pods/{name}/status`, as the kubelet's status manager does:
 * one write at a time, requests arriving meanwhile folded into the next write, the status
 * computed at write time against the newest pod known (so others' conditions and transition
 * times are kept), and no write at all when nothing would change.
 */
export class PodStatusWriter {
  private dirty = false;
  private running = false;
  private stopped = false;
  private latest: Pod | undefined;
  /** What the last write sent, and the resourceVersion it produced. */
  private sent?: { status: PodStatus; resourceVersion?: string };
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly client: Client,
    /** The pod from the informer's cache. */
    private readonly cached: () => Pod | undefined,
    /** The status to write, given the newest pod. */
    private readonly build: (pod: Pod) => PodStatus,
    /** Called when the pod turns out to be gone. */
    private readonly onGone: () => void = () => {},
    /**
     * Schedules another attempt after a write failed for a reason other than a conflict (the
     * real status manager re-syncs every 10 s); without it a failed write waits for the next
     * change.
     */
    private readonly retryLater?: (retry: () => void) => void,
  ) {}

  /** The newest version of the pod this writer knows: the cache's or its own last write. */
  newest(): Pod | undefined {
    const cached = this.cached();
    const written = this.latest;
    if (!cached || !written || cached.metadata.uid !== written.metadata.uid)
      return cached ?? written;
    return Number(written.metadata.resourceVersion) > Number(cached.metadata.resourceVersion)
      ? written
      : cached;
  }

  /** Asks for a write of the current status. */
  request(): void {
    this.dirty = true;
    if (!this.running && !this.stopped) void this.loop();
  }

  /** Resolves once every requested write is done. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    this.running = true;
    while (this.dirty && !this.stopped) {
      this.dirty = false;
      try {
        await this.writeOnce();
      } catch (err) {
        console.error('pod status write failed:', err);
        this.retryLater?.(() => this.request());
      }
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async writeOnce(): Promise<void> {
    let base = this.newest();
    for (let attempt = 1; base && !this.stopped; attempt++) {
      const status = this.build(base);
      if (jsonEqual(base.status ?? {}, status)) return;
      // The server kept its own form of what was sent last and nobody wrote since: nothing is new.
      const sent = this.sent;
      if (
        sent?.resourceVersion === base.metadata.resourceVersion &&
        jsonEqual(sent?.status, status)
      ) {
        return;
      }
      try {
        this.latest = await this.client.updateStatus<Pod>(pods, { ...base, status });
        this.sent = { status, resourceVersion: this.latest.metadata.resourceVersion };
        return;
      } catch (err) {
        if (isNotFound(err)) {
          this.onGone();
          return;
        }
        if (!isConflict(err) || attempt >= writeAttempts) throw err;
      }
      try {
        base = await this.client.get<Pod>(pods, base.metadata.namespace, base.metadata.name ?? '');
        this.latest = base;
      } catch (err) {
        if (isNotFound(err)) {
          this.onGone();
          return;
        }
        throw err;
      }
    }
  }
}
