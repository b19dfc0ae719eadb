/**
 * The job strategy's selector generation: a Job without `manualSelector: true` selects its
 * own pods by its uid. The uid is assigned only once the object is about to be stored, so
 * this runs on create just before validation, as the apiserver's job strategy does.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The label the generated selector matches: the Job's uid. */
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
/** The Job's name on its pods. */
export const jobNameLabel = 'batch.kubernetes.io/job-name';
/** Older, unprefixed forms of the two labels, still set for compatibility. */
export const legacyControllerUidLabel = 'controller-uid';
export const legacyJobNameLabel = 'job-name';

/**
 * Adds the job-name and controller-uid labels (both forms) to the pod template unless the user
 * set them, and `batch.kubernetes.io/controller-uid: <uid>` to the selector's matchLabels
 * unless present; conflicting values are left for validation to refuse. A Job without labels
 * gets its template's. Mutates `job`.
 */
export function generateJobSelector(job: KubeObject): void {
  if (!isObj(job.spec)) return;
  const spec = job.spec;
  if (spec.manualSelector === true) return;
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  if (!isObj(spec.template)) spec.template = {};
  const template = spec.template as Obj;
  if (!isObj(template.metadata)) template.metadata = {};
  const meta = template.metadata as Obj;
  if (!isObj(meta.labels)) meta.labels = {};
  const labels = meta.labels as Record<string, string>;
  for (const key of [legacyJobNameLabel, jobNameLabel]) if (!(key in labels)) labels[key] = name;
  for (const key of [legacyControllerUidLabel, controllerUidLabel])
    if (!(key in labels)) labels[key] = uid;
  if (!isObj(spec.selector)) spec.selector = {};
  const selector = spec.selector as Obj;
  if (!isObj(selector.matchLabels)) selector.matchLabels = {};
  const matchLabels = selector.matchLabels as Record<string, string>;
  if (!(controllerUidLabel in matchLabels)) matchLabels[controllerUidLabel] = uid;
  // The apiserver defaults every Job it reads back from storage; a Job without labels then
  // takes its template's labels, generated ones included. Doing it here gives the same result.
  if (Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...labels };
}
