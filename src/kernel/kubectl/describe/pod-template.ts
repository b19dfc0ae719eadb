import { formatLabelSelector } from '../../api/selectors/label-selector.ts';
import type { PodTemplateSpec } from '../../types/apps.ts';
import type { TopologySpreadConstraint } from '../../types/core.ts';
import { describeContainers } from './containers.ts';
import { byteOrder, printAnnotations, printLabels, printTolerations } from './format.ts';
import type { PrefixWriter } from './prefix-writer.ts';
import { describeVolumes } from './volumes.ts';

/** The `Pod Template:` block of workload descriptions (DescribePodTemplate). */
export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return;
  }
  const spec = template.spec ?? { containers: [] };
  printLabels(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
    printAnnotations(w, '  Annotations', template.metadata?.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length)
    describeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', spec.containers ?? [], undefined, '  ');
  describeVolumes(w, spec.volumes, '  ');
  describeTopologySpreadConstraints(w, spec.topologySpreadConstraints, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabels(w, '  Node-Selectors', spec.nodeSelector);
  printTolerations(w, '  Tolerations', spec.tolerations);
}

/** `Topology Spread Constraints:\tzone:DoNotSchedule when max skew 1 is exceeded for selector app=web`. */
export function describeTopologySpreadConstraints(
  w: PrefixWriter,
  constraints: readonly TopologySpreadConstraint[] | undefined,
  space: string,
): void {
  if (!constraints?.length) return;
  const sorted = [...constraints].sort((a, b) => byteOrder(a.topologyKey, b.topologyKey));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(0, `${space}\t`);
    let text = `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded`;
    if (c.labelSelector) text += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(0, `${text}\n`);
  });
}
