import type { Pod, PodSpec } from '../../kernel/types/core.ts';

/** A pod as the kubelet names it in messages: `name_namespace(uid)` (format.Pod). */
export function formatPod(pod: Pod): string {
  const { name, namespace, uid } = pod.metadata;
  return `${name}_${namespace}(${uid})`;
}

/** Whether a container that ended with `exitCode` is started again under the pod's restart policy. */
export function shouldRestart(spec: PodSpec, exitCode: number): boolean {
  const policy = spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}

/** The key of a container's restart back-off: one series per pod instance and container. */
export function restartBackOffKey(pod: Pod, container: string): string {
  return `${pod.metadata.uid}/${container}`;
}
