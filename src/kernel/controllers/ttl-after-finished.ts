import { isNotFound } from '../api/errors.ts';
import { jobs as jobsResource } from '../api/resources.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { Job } from '../types/batch.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';

/** When a finished Job finished: its Complete or Failed condition's transition time (ms). */
function finishedAt(job: Job): number | undefined {
  const c = job.status?.conditions?.find(
    (x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True',
  );
  const ms = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The TTL-after-finished controller (`ttl-after-finished-controller`): deletes a finished Job
 * `ttlSecondsAfterFinished` after it finished, in the foreground so its pods go first, as
 * kube-controller-manager does. Before deleting it reads the Job again, so a TTL changed in
 * the meantime is honoured, and deletes only that very Job (uid precondition).
 */
export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  private context!: ControllerContext;
  private jobs!: Informer<Job>;

  setup(context: ControllerContext): void {
    this.context = context;
    this.jobs = context.informers.for<Job>(jobsResource);
    const enqueue = (job: Job) => {
      if (job.metadata.deletionTimestamp === undefined && needsCleanup(job)) {
        context.queue.add(objectKey(job));
      }
    };
    this.jobs.addEventHandler({ add: enqueue, update: (_old, cur) => enqueue(cur) });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.jobs.get(namespace, name);
    if (!cached) return;
    let left = this.timeLeft(cached);
    if (left === undefined) return;
    if (left > 0) return { requeueAfter: left };
    const { client } = this.context;
    let fresh: Job;
    try {
      fresh = await client.get<Job>(jobsResource, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    left = this.timeLeft(fresh);
    if (left === undefined) return;
    if (left > 0) return { requeueAfter: left };
    try {
      await client.delete(jobsResource, namespace, name, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: fresh.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Ms until the Job may be deleted, or undefined when it is not to be deleted (yet). */
  private timeLeft(job: Job): number | undefined {
    if (job.metadata.deletionTimestamp || !needsCleanup(job)) return undefined;
    const at = finishedAt(job);
    if (at === undefined) return undefined;
    const ttl = job.spec.ttlSecondsAfterFinished! * this.context.timing.declaredSecond;
    return at + ttl - this.context.clock.now();
  }
}

/** A finished Job with a TTL. */
function needsCleanup(job: Job): boolean {
  return job.spec.ttlSecondsAfterFinished !== undefined && finishedAt(job) !== undefined;
}
