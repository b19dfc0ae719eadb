import { jobs } from '../../api/resources.ts';
import { formatLabelSelector } from '../../api/selectors/label-selector.ts';
import { humanDuration } from '../../client/duration.ts';
import type { Job } from '../../types/batch.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { controllerOf, printAnnotations, printLabels, rfc1123z } from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** capIndexesListOrNone: a list of indexes cut after about `softLimit` characters. */
function capIndexes(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

/**
 * `kubectl describe job` (describeJob): selector, counts and modes, times, pod counts from the
 * status, the pod template and the events.
 */
export const describeJob: Describer = async (ctx, namespace, name) => {
  const job = await ctx.client.get<Job>(jobs, namespace, name);
  const { spec, metadata } = job;
  const status = job.status ?? {};
  const w = new PrefixWriter();
  w.write(0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  printLabels(w, 'Labels', metadata.labels);
  printAnnotations(w, 'Annotations', metadata.annotations);
  const controller = controllerOf(metadata);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined) {
    w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  }
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (status.completionTime) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (status.startTime && status.completionTime) {
    const took = Date.parse(status.completionTime) - Date.parse(status.startTime);
    w.write(0, `Duration:\t${humanDuration(took)}\n`);
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  }
  const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
  if (status.ready === undefined) {
    w.write(0, `Pods Statuses:\t${status.active ?? 0} Active / ${counts}\n`);
  } else {
    w.write(
      0,
      `Pods Statuses:\t${status.active ?? 0} Active (${status.ready} Ready) / ${counts}\n`,
    );
  }
  if (spec.completionMode === 'Indexed') {
    w.write(0, `Completed Indexes:\t${capIndexes(status.completedIndexes, 50)}\n`);
  }
  describePodTemplate(w, spec.template);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: metadata.name ?? name,
        namespace: metadata.namespace ?? namespace,
        kind: 'Job',
        uid: metadata.uid,
      },
    ]);
  }
  return w.result();
};
