import { cronjobs } from '../../api/resources.ts';
import { formatLabelSelector } from '../../api/selectors/label-selector.ts';
import type { CronJob, JobTemplateSpec } from '../../types/batch.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels, rfc1123z } from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';

const orUnset = (v: number | undefined, unit = ''): string =>
  v === undefined || v === null ? '<unset>' : `${v}${unit}`;

/** describeJobTemplate: the Job part of a CronJob, then its pod template. */
function describeJobTemplate(w: PrefixWriter, template: JobTemplateSpec | undefined): void {
  const spec = template?.spec;
  w.write(0, `Selector:\t${spec?.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${orUnset(spec?.parallelism)}\n`);
  w.write(0, `Completions:\t${orUnset(spec?.completions)}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) {
    w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  }
  describePodTemplate(w, spec?.template);
}

/**
 * `kubectl describe cronjob` (describeCronJob): schedule, policies and limits, the Job
 * template, the last schedule time, the active Jobs and the events.
 */
export const describeCronJob: Describer = async (ctx, namespace, name) => {
  const cj = await ctx.client.get<CronJob>(cronjobs, namespace, name);
  const { spec, metadata } = cj;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  printLabels(w, 'Labels', metadata.labels);
  printAnnotations(w, 'Annotations', metadata.annotations);
  w.write(0, `Schedule:\t${spec.schedule}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  const suspend = spec.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False';
  w.write(0, `Suspend:\t${suspend}\n`);
  w.write(0, `Successful Job History Limit:\t${orUnset(spec.successfulJobsHistoryLimit)}\n`);
  w.write(0, `Failed Job History Limit:\t${orUnset(spec.failedJobsHistoryLimit)}\n`);
  w.write(0, `Starting Deadline Seconds:\t${orUnset(spec.startingDeadlineSeconds, 's')}\n`);
  describeJobTemplate(w, spec.jobTemplate);
  const last = cj.status?.lastScheduleTime;
  w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(0, 'Active Jobs:\t');
  w.line(active.length === 0 ? '<none>' : active.map((r) => r.name ?? '').join(', '));
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: metadata.name ?? name,
        namespace: metadata.namespace ?? namespace,
        kind: 'CronJob',
        uid: metadata.uid,
      },
    ]);
  }
  return w.result();
};
