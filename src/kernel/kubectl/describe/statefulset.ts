import { canonicalQuantity, quantityError } from '../../api/quantity.ts';
import { statefulsets } from '../../api/resources.ts';
import {
  labelSelectorAsSelector,
  labelSelectorString,
} from '../../api/selectors/label-selector.ts';
import type { StatefulSet } from '../../types/statefulset.ts';
import type { PersistentVolumeClaim } from '../../types/storage.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels, rfc1123z } from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';
import { podStatusCounts } from './replicaset.ts';

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName. */
function claimClass(pvc: PersistentVolumeClaim): string {
  return (
    pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    pvc.spec?.storageClassName ??
    ''
  );
}

/** describeVolumeClaimTemplates: name, class, labels, annotations, capacity, access modes. */
function describeClaimTemplates(w: PrefixWriter, templates: readonly PersistentVolumeClaim[]) {
  if (templates.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(1, `Name:\t${pvc.metadata.name ?? ''}\n`);
    w.write(1, `StorageClass:\t${claimClass(pvc)}\n`);
    // Upstream prints both maps as labels (`k=v`).
    printLabels(w, 'Labels', pvc.metadata.labels, '  ');
    printLabels(w, 'Annotations', pvc.metadata.annotations, '  ');
    const storage = pvc.spec?.resources?.requests?.storage;
    const capacity =
      storage !== undefined && quantityError(storage) === undefined
        ? canonicalQuantity(storage)
        : '<default>';
    w.write(1, `Capacity:\t${capacity}\n`);
    w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

/**
 * `kubectl describe statefulset` (describeStatefulSet): selector, service, policy, replica
 * counts, update strategy and partition, claim retention, pod status counts, the pod template,
 * the claim templates and events.
 */
export const describeStatefulSet: Describer = async (ctx, namespace, name) => {
  const set = await ctx.client.get<StatefulSet>(statefulsets, namespace, name);
  const selector = labelSelectorString(labelSelectorAsSelector(set.spec.selector));
  const podsStatus = await podStatusCounts(ctx.client, set, selector);
  const spec = set.spec;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${set.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${set.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(set.metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selector}\n`);
  printLabels(w, 'Labels', set.metadata.labels);
  printAnnotations(w, 'Annotations', set.metadata.annotations);
  if (spec.serviceName) w.write(0, `Service Name:\t${spec.serviceName}\n`);
  if (spec.podManagementPolicy) w.write(0, `Pod Management Policy:\t${spec.podManagementPolicy}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${set.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    w.write(0, 'Persistent Volume Claim Retention Policy:\n');
    w.write(1, `WhenDeleted:\t${retention.whenDeleted ?? ''}\n`);
    w.write(1, `WhenScaled:\t${retention.whenScaled ?? ''}\n`);
  }
  w.write(0, `Pods Status:\t${podsStatus}\n`);
  describePodTemplate(w, spec.template);
  describeClaimTemplates(w, spec.volumeClaimTemplates ?? []);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: set.metadata.name ?? name,
        namespace: set.metadata.namespace ?? namespace,
        kind: 'StatefulSet',
        uid: set.metadata.uid,
      },
    ]);
  }
  return w.result();
};
