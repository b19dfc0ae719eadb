import type { PodTemplateSpec } from '../../types/apps.ts';
import type { Pod } from '../../types/core.ts';
import type { OwnerReference } from '../../types/meta.ts';

/**
 * controller.GetPodFromTemplate: a new Pod from a workload's template, named by the API server
 * from `generateName` (`<owner>-` plus five random characters), carrying the template's labels,
 * annotations, finalizers and spec and the owner's controller reference.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  namespace: string,
  generateName: string,
  controllerRef: OwnerReference,
): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName, namespace, ownerReferences: [controllerRef] },
    spec: structuredClone(template.spec),
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
