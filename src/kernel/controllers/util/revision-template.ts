import type { PodTemplateSpec } from '../../types/apps.ts';
import type { ControllerRevision } from '../../types/statefulset.ts';

/**
 * The pod template a ControllerRevision restores (a StatefulSet's or DaemonSet's revision data
 * is the `{spec: {template: ..., $patch: replace}}` patch): a copy, without the patch marker.
 */
export function revisionTemplate(revision: ControllerRevision): PodTemplateSpec | undefined {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = data?.spec?.template;
  if (!template) return undefined;
  const copy = structuredClone(template);
  delete copy.$patch;
  return copy as unknown as PodTemplateSpec;
}
