import type { Clock, TimerHandle } from '../kernel/clock/clock.ts';
import type { Pod } from '../kernel/types/core.ts';

/** What the chaos monkey kills and how often. */
export interface ChaosMonkeyOptions {
  /** Pods killed per minute of cluster time (more than 0; fractions allowed). */
  podsPerMinute: number;
  /** Only pods of this namespace; every namespace but kube-system by default. */
  namespace?: string;
  /** Only pods matching this label selector (`app=web`). */
  labelSelector?: string;
}

export interface ChaosMonkeyDeps {
  /** Cluster time: the monkey pauses with it and runs faster at a higher speed. */
  clock: Clock;
  /** The pods of a namespace (every namespace when undefined) matching the selector. */
  listPods(namespace: string | undefined, labelSelector: string | undefined): Promise<Pod[]>;
  /** Kills one pod (forced deletion) and records why. */
  kill(pod: Pod): Promise<void>;
  /** A number in [0, 1); Math.random by default. */
  random?: () => number;
}

/** The most pods a minute the monkey accepts: one every 10 ms of cluster time. */
export const maxPodsPerMinute = 6000;

/** Checks the options, throwing a RangeError that says what is wrong. */
export function checkChaosMonkeyOptions(options: ChaosMonkeyOptions): void {
  const rate = options.podsPerMinute;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > maxPodsPerMinute)
    throw new RangeError(
      `podsPerMinute must be a number above 0 and at most ${maxPodsPerMinute}, not ${String(rate)}`,
    );
}

/**
 * Kills a random running pod every 60 / podsPerMinute seconds of cluster time, among the pods
 * the options select that are running and not already being deleted (kube-system is spared
 * unless named). A tick that finds no pod waits for the next; a failed kill is logged and the
 * monkey goes on.
 */
export class ChaosMonkey {
  private timer?: TimerHandle;
  private stopped = true;
  /** How many pods it has killed since it started. */
  kills = 0;

  constructor(
    private readonly deps: ChaosMonkeyDeps,
    readonly options: Readonly<ChaosMonkeyOptions>,
  ) {
    checkChaosMonkeyOptions(options);
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** Milliseconds of cluster time between two kills. */
  get period(): number {
    return 60_000 / this.options.podsPerMinute;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Picks and kills one pod now; resolves to the pod killed, if any. */
  async strike(): Promise<Pod | undefined> {
    const victim = await this.pick();
    if (victim) await this.kill(victim);
    return victim;
  }

  private async pick(): Promise<Pod | undefined> {
    const { namespace, labelSelector } = this.options;
    const candidates = (await this.deps.listPods(namespace, labelSelector)).filter(
      (pod) =>
        pod.status?.phase === 'Running' &&
        !pod.metadata.deletionTimestamp &&
        (namespace !== undefined || pod.metadata.namespace !== 'kube-system'),
    );
    if (candidates.length === 0) return undefined;
    const random = this.deps.random ?? Math.random;
    return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))];
  }

  private async kill(victim: Pod): Promise<void> {
    await this.deps.kill(victim);
    this.kills++;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimer(this.period, () => {
      void this.pick()
        // A monkey stopped while it looked for a victim kills nothing more.
        .then((victim) => (victim && !this.stopped ? this.kill(victim) : undefined))
        .catch((err: unknown) => console.error('chaos monkey:', err))
        .finally(() => this.schedule());
    });
  }
}
