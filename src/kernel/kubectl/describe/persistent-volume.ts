import { persistentvolumeclaims, persistentvolumes, pods } from '../../api/resources.ts';
import { timestampAge } from '../../client/duration.ts';
import type { NodeSelectorRequirement, Pod } from '../../types/core.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../types/storage.ts';
import { accessModesString, storageQuantity } from '../printers/columns/storage-columns.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { byteOrder, printAnnotations, printLabels, rfc1123z } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

type Obj = Record<string, unknown>;

/** Go's %v of a string slice: `[a b]`. */
const goList = (items: readonly string[] | undefined) => `[${(items ?? []).join(' ')}]`;

function printNodeAffinity(w: PrefixWriter, pv: PersistentVolume): void {
  w.write(0, 'Node Affinity:\t');
  const required = pv.spec.nodeAffinity?.required;
  if (!required) {
    w.line('<none>');
    return;
  }
  w.line('');
  w.write(1, 'Required Terms:\t');
  const terms = required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.line('<none>');
    return;
  }
  w.line('');
  terms.forEach((term, i) => {
    const reqs: NodeSelectorRequirement[] = term.matchExpressions ?? [];
    w.write(2, `Term ${i}:\t`);
    if (reqs.length === 0) {
      w.line('<none>');
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(2, '\t');
      let text = `${req.key} ${req.operator.toLowerCase()}`;
      if (req.values?.length) text += ` [${req.values.join(', ')}]`;
      w.write(0, `${text}\n`);
    });
  });
}

/** The Source block of a volume, for the sources a playground volume can have. */
function printSource(w: PrefixWriter, spec: Obj): void {
  const s = (name: string) => spec[name] as Obj;
  const v = (x: unknown) => (x === undefined || x === null ? '' : String(x));
  if (spec.hostPath) {
    w.write(
      2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${v(s('hostPath').path)}\n    HostPathType:\t${v(s('hostPath').type) || '<none>'}\n`,
    );
  } else if (spec.nfs) {
    w.write(
      2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v(s('nfs').server)}\n    Path:\t${v(s('nfs').path)}\n    ReadOnly:\t${s('nfs').readOnly === true}\n`,
    );
  } else if (spec.local) {
    w.write(
      2,
      `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${v(s('local').path)}\n`,
    );
  } else if (spec.csi) {
    const csi = s('csi');
    w.write(
      2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v(csi.driver)}\n    FSType:\t${v(csi.fsType)}\n    VolumeHandle:\t${v(csi.volumeHandle)}\n    ReadOnly:\t${csi.readOnly === true}\n`,
    );
    const attributes = (csi.volumeAttributes ?? {}) as Record<string, string>;
    const keys = Object.keys(attributes).sort(byteOrder);
    w.write(2, 'VolumeAttributes:\t');
    if (keys.length === 0) w.line('<none>');
    keys.forEach((key, i) => {
      if (i !== 0) w.write(2, '\t');
      w.write(0, `${key}=${attributes[key]}\n`);
    });
  } else {
    w.write(1, '<unknown>\n');
  }
}

/** `kubectl describe pv` (describePersistentVolume). */
export const describePersistentVolume: Describer = async (ctx, _namespace, name) => {
  const pv = await ctx.client.get<PersistentVolume>(persistentvolumes, undefined, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${pv.metadata.name ?? ''}\n`);
  printLabels(w, 'Labels', pv.metadata.labels);
  printAnnotations(w, 'Annotations', pv.metadata.annotations);
  w.write(0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
  w.write(0, `StorageClass:\t${pv.spec.storageClassName ?? ''}\n`);
  if (pv.metadata.deletionTimestamp) {
    w.write(
      0,
      `Status:\tTerminating (lasts ${timestampAge(pv.metadata.deletionTimestamp, ctx.now)})\n`,
    );
  } else {
    w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`);
  }
  const ref = pv.spec.claimRef;
  w.write(0, `Claim:\t${ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${pv.spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${accessModesString(pv.spec.accessModes)}\n`);
  if (pv.spec.volumeMode) w.write(0, `VolumeMode:\t${pv.spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${storageQuantity(pv.spec.capacity?.storage)}\n`);
  printNodeAffinity(w, pv);
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  printSource(w, pv.spec as Obj);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: pv.metadata.name ?? name,
        namespace: '',
        kind: 'PersistentVolume',
        uid: pv.metadata.uid,
      },
    ]);
  }
  return w.result();
};

/** The pods of the claim's namespace whose volumes name it (getPodsForPVC). */
function podsUsing(items: readonly Pod[], claim: string): string[] {
  return items
    .filter((pod) =>
      (pod.spec.volumes ?? []).some(
        (v) => (v.persistentVolumeClaim as { claimName?: string } | undefined)?.claimName === claim,
      ),
    )
    .map((pod) => pod.metadata.name ?? '')
    .sort(byteOrder);
}

/** `kubectl describe pvc` (describePersistentVolumeClaim): the claim, the pods using it, events. */
export const describePersistentVolumeClaim: Describer = async (ctx, namespace, name) => {
  const pvc = await ctx.client.get<PersistentVolumeClaim>(persistentvolumeclaims, namespace, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${pvc.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
  w.write(0, `StorageClass:\t${pvc.spec.storageClassName ?? ''}\n`);
  if (pvc.metadata.deletionTimestamp) {
    w.write(
      0,
      `Status:\tTerminating (lasts ${timestampAge(pvc.metadata.deletionTimestamp, ctx.now)})\n`,
    );
  } else {
    w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  }
  w.write(0, `Volume:\t${pvc.spec.volumeName ?? ''}\n`);
  printLabels(w, 'Labels', pvc.metadata.labels);
  printAnnotations(w, 'Annotations', pvc.metadata.annotations);
  w.write(0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`);
  const bound = !!pvc.spec.volumeName;
  w.write(0, `Capacity:\t${bound ? storageQuantity(pvc.status?.capacity?.storage) : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const dataSource = pvc.spec.dataSource as Obj | undefined;
  if (dataSource) {
    w.write(0, 'DataSource:\n');
    if (dataSource.apiGroup !== undefined)
      w.write(1, `APIGroup:\t${String(dataSource.apiGroup)}\n`);
    w.write(1, `Kind:\t${String(dataSource.kind ?? '')}\n`);
    w.write(1, `Name:\t${String(dataSource.name ?? '')}\n`);
  }
  const users = podsUsing((await ctx.client.list<Pod>(pods, namespace)).items, name);
  w.write(0, 'Used By:\t');
  if (users.length === 0) w.line('<none>');
  users.forEach((pod, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${pod}\n`);
  });
  const conditions = pvc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        1,
        `${String(c.type ?? '')} \t${String(c.status ?? '')} \t${rfc1123z(c.lastProbeTime as string)} \t${rfc1123z(c.lastTransitionTime as string)} \t${String(c.reason ?? '')} \t${String(c.message ?? '')}\n`,
      );
    }
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: pvc.metadata.name ?? name,
        namespace: pvc.metadata.namespace ?? namespace,
        kind: 'PersistentVolumeClaim',
        uid: pvc.metadata.uid,
      },
    ]);
  }
  return w.result();
};
