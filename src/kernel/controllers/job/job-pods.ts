/**
 * The pods of a Job: how the controller builds them from the template, and how it reads them
 * (tracking finalizer, failed, terminating), as pkg/controller/job does.
 */
import { jobs } from '../../api/resources.ts';
import type { Job } from '../../types/batch.ts';
import type { Container, Pod } from '../../types/core.ts';
import { newControllerRef } from '../util/controller-ref.ts';
import { podFromTemplate } from '../util/pod-from-template.ts';
import {
  completionIndexAnnotation,
  completionIndexEnvName,
  indexedGenerateName,
} from './completion-index.ts';

/** The finalizer that keeps a Job's finished pods until the controller has counted them. */
export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(jobTrackingFinalizer) ?? false;
}

/** The Job replaces a pod only once it has failed, not while it terminates (`Failed`). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec.podReplacementPolicy === 'Failed';
}

/**
 * isPodFailed: the pod's phase is Failed, or (unless only failed pods are replaced) it is
 * being deleted without having succeeded: a deleted pod never gets to fail on its own.
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** CountTerminatingPods: pods being deleted that have not reached a terminal phase. */
export function countTerminating(pods: readonly Pod[]): number {
  return pods.filter(
    (p) =>
      !!p.metadata.deletionTimestamp &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed',
  ).length;
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the index annotation. */
function withIndexEnv(container: Container): Container {
  if (container.env?.some((e) => e.name === completionIndexEnvName)) return container;
  return {
    ...container,
    env: [
      ...(container.env ?? []),
      {
        name: completionIndexEnvName,
        valueFrom: {
          fieldRef: { fieldPath: `metadata.annotations['${completionIndexAnnotation}']` },
        },
      },
    ],
  };
}

/**
 * A new pod for the Job: the template with the tracking finalizer and the Job as controller,
 * named `<job>-xxxxx`; with an `index`, named `<job>-<index>-xxxxx`, hostname `<job>-<index>`,
 * the index in an annotation, a label and JOB_COMPLETION_INDEX.
 */
export function podForJob(job: Job, index?: number): Pod {
  const template = structuredClone(job.spec.template);
  const name = job.metadata.name ?? '';
  const finalizers = template.metadata?.finalizers ?? [];
  if (!finalizers.includes(jobTrackingFinalizer)) {
    template.metadata = { ...template.metadata, finalizers: [...finalizers, jobTrackingFinalizer] };
  }
  let generateName = `${name}-`;
  if (index !== undefined) {
    const spec = template.spec;
    spec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv);
    const meta = template.metadata ?? {};
    template.metadata = {
      ...meta,
      annotations: { ...meta.annotations, [completionIndexAnnotation]: String(index) },
      labels: { ...meta.labels, [completionIndexAnnotation]: String(index) },
    };
    spec.hostname = `${name}-${index}`;
    generateName = indexedGenerateName(name, index);
  }
  return podFromTemplate(
    template,
    job.metadata.namespace ?? 'default',
    generateName,
    newControllerRef(job, jobs),
  );
}
