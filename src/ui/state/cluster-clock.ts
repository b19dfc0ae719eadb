/**
 * The page's reading of cluster time, for ages ("5s", "2m") computed from the cluster's
 * timestamps. The kernel's clock starts at the wall clock and runs at the speed set through
 * the playground; this follows the speeds the page sets, so at 10× ages grow ten times faster,
 * and never reads earlier than a timestamp the cluster has written (which corrects it when a
 * script changed the speed, or when the change reached the kernel before this clock).
 */
export class ClusterClock {
  private virtual: number;
  private real: number;
  private rate = 1;

  constructor(private readonly realNow: () => number = () => Date.now()) {
    this.real = realNow();
    this.virtual = this.real;
  }

  /** Cluster time in ms since the epoch. */
  now(): number {
    return this.virtual + (this.realNow() - this.real) * this.rate;
  }

  get speed(): number {
    return this.rate;
  }

  /** The cluster wrote `timestamp` (RFC 3339), so its time is at least that; true if this moved. */
  observe(timestamp: string | null | undefined): boolean {
    const at = timestamp ? Date.parse(timestamp) : NaN;
    if (Number.isNaN(at) || at <= this.now()) return false;
    this.virtual = at;
    this.real = this.realNow();
    return true;
  }

  /** Cluster time runs at `speed` times real time from now on (0 pauses it). */
  setSpeed(speed: number): void {
    this.virtual = this.now();
    this.real = this.realNow();
    this.rate = speed;
  }
}
