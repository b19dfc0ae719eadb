import { isDefaultStorageClass } from '../../api/handlers/storage-admission.ts';
import { storageclasses } from '../../api/resources.ts';
import type { StorageClass } from '../../types/storage.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { byteOrder } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(map ?? {}).sort(byteOrder);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${map![k]}`).join(',');
}

/** `kubectl describe storageclass` (describeStorageClass). */
export const describeStorageClass: Describer = async (ctx, _namespace, name) => {
  const sc = await ctx.client.get<StorageClass>(storageclasses, undefined, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sc.metadata.name ?? ''}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultStorageClass(sc) ? 'Yes' : 'No'}\n`);
  w.write(0, `Annotations:\t${formatMap(sc.metadata.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(0, `Parameters:\t${formatMap(sc.parameters)}\n`);
  const expansion = sc.allowVolumeExpansion;
  w.write(
    0,
    `AllowVolumeExpansion:\t${expansion === undefined ? '<unset>' : expansion ? 'True' : 'False'}\n`,
  );
  if (!sc.mountOptions?.length) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const option of sc.mountOptions) w.write(1, `${option}\n`);
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      { name: sc.metadata.name ?? name, namespace: '', kind: 'StorageClass', uid: sc.metadata.uid },
    ]);
  }
  return w.result();
};
