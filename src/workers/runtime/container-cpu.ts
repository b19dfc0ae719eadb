import { CpuMeter, type CpuSample } from './cpu-meter.ts';
import { CpuQuota, type Throttle } from './cpu-quota.ts';
import { observeSuspensions, type SuspensionObserver } from './jspi.ts';

/** A container worker's CPU accounting: its meter and, when it has a limit, its quota. */
export interface ContainerCpu {
  /**
   * Set when the container's CPU limit is below one core: what its imports ask before each
   * call (instantiateCommand's `throttle`). A module of one thread cannot use more than one
   * core, so a higher limit never throttles and costs nothing.
   */
  throttle?: Throttle;
  /** The module starts running. */
  resume(): void;
  /** The module has ended: the meter's last report. */
  stop(): void;
}

/**
 * Sets up the current (container) worker's CPU accounting: a CpuMeter reporting through
 * `report`, and a CpuQuota for a limit below 1000 millicores, both told of the module's
 * suspensions and resumptions (observeSuspensions).
 */
export function containerCpu(
  limitMillicores: number | undefined,
  report: (sample: CpuSample) => void,
): ContainerCpu {
  const meter = new CpuMeter(report);
  const quota =
    limitMillicores !== undefined && limitMillicores > 0 && limitMillicores < 1000
      ? new CpuQuota({ limitMillicores })
      : undefined;
  const observer: SuspensionObserver = quota
    ? {
        suspend() {
          meter.suspend();
          quota.suspend();
        },
        resume() {
          quota.resume();
          meter.resume();
        },
      }
    : meter;
  observeSuspensions(observer);
  return {
    ...(quota ? { throttle: quota } : {}),
    resume: () => observer.resume(),
    stop: () => meter.stop(),
  };
}
