/** The Volumes block of pod and pod-template descriptions (describeVolumes). */
import { canonicalQuantity } from '../../api/quantity.ts';
import type { PrefixWriter } from './prefix-writer.ts';

type Source = Record<string, unknown>;

function emptyDirSize(q: unknown): string {
  if (typeof q !== 'string' && typeof q !== 'number') return '<unset>';
  try {
    const c = canonicalQuantity(q);
    return c === '0' || c.startsWith('-') ? '<unset>' : c;
  } catch {
    return '<unset>';
  }
}

function describeSource(w: PrefixWriter, v: Source): void {
  const optional = (s: Source) => s.optional === true;
  if (v.hostPath) {
    const s = v.hostPath as Source;
    w.write(
      2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${String(s.path ?? '')}\n    HostPathType:\t${String(s.type ?? '<none>')}\n`,
    );
  } else if (v.emptyDir) {
    const s = v.emptyDir as Source;
    w.write(
      2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${String(s.medium ?? '')}\n    SizeLimit:\t${emptyDirSize(s.sizeLimit)}\n`,
    );
  } else if (v.secret) {
    const s = v.secret as Source;
    w.write(
      2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${String(s.secretName ?? '')}\n    Optional:\t${optional(s)}\n`,
    );
  } else if (v.configMap) {
    const s = v.configMap as Source;
    w.write(
      2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${String(s.name ?? '')}\n    Optional:\t${optional(s)}\n`,
    );
  } else if (v.persistentVolumeClaim) {
    const s = v.persistentVolumeClaim as Source;
    w.write(
      2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${String(s.claimName ?? '')}\n    ReadOnly:\t${s.readOnly === true}\n`,
    );
  } else if (v.downwardAPI) {
    const s = v.downwardAPI as { items?: Source[] };
    w.write(
      2,
      'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
    );
    for (const item of s.items ?? []) {
      const field = item.fieldRef as Source | undefined;
      const res = item.resourceFieldRef as Source | undefined;
      if (field) w.write(3, `${String(field.fieldPath ?? '')} -> ${String(item.path ?? '')}\n`);
      if (res) w.write(3, `${String(res.resource ?? '')} -> ${String(item.path ?? '')}\n`);
    }
  } else if (v.projected) {
    const s = v.projected as { sources?: Source[] };
    w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const src of s.sources ?? []) {
      if (src.secret) {
        const r = src.secret as Source;
        w.write(2, `SecretName:\t${String(r.name ?? '')}\n    Optional:\t${optional(r)}\n`);
      } else if (src.downwardAPI) {
        w.write(2, 'DownwardAPI:\ttrue\n');
      } else if (src.configMap) {
        const r = src.configMap as Source;
        w.write(2, `ConfigMapName:\t${String(r.name ?? '')}\n    Optional:\t${optional(r)}\n`);
      } else if (src.serviceAccountToken) {
        const r = src.serviceAccountToken as Source;
        w.write(2, `TokenExpirationSeconds:\t${Number(r.expirationSeconds ?? 0)}\n`);
      }
    }
  } else if (v.nfs) {
    const s = v.nfs as Source;
    w.write(
      2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${String(s.server ?? '')}\n    Path:\t${String(s.path ?? '')}\n    ReadOnly:\t${s.readOnly === true}\n`,
    );
  } else if (v.ephemeral) {
    w.write(
      2,
      'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
    );
    const template = (v.ephemeral as Source).volumeClaimTemplate as Source | undefined;
    if (template) {
      const spec = (template.spec ?? {}) as Source;
      const meta = (template.metadata ?? {}) as Source;
      const map = (m: unknown) => {
        const keys = Object.keys((m ?? {}) as Source).sort();
        return keys.length === 0
          ? '<none>'
          : keys.map((k) => `${k}=${String((m as Source)[k])}`).join(',');
      };
      w.write(2, `StorageClass:\t${String(spec.storageClassName ?? '')}\n`);
      w.write(2, `Volume:\t${String(spec.volumeName ?? '')}\n`);
      w.write(2, `Labels:\t${map(meta.labels)}\n`);
      w.write(2, `Annotations:\t${map(meta.annotations)}\n`);
      w.write(2, 'Capacity:\t\n');
      w.write(2, 'Access Modes:\t\n');
      if (spec.volumeMode) w.write(2, `VolumeMode:\t${String(spec.volumeMode)}\n`);
    }
  } else if (v.csi) {
    const s = v.csi as Source;
    w.write(
      2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${String(s.driver ?? '')}\n    FSType:\t${String(s.fsType ?? '')}\n    ReadOnly:\t${s.readOnly === true}\n`,
    );
    const attributes = (s.volumeAttributes ?? {}) as Record<string, string>;
    const keys = Object.keys(attributes).sort();
    w.write(2, 'VolumeAttributes:\t');
    if (keys.length === 0) w.line('<none>');
    keys.forEach((key, i) => {
      if (i !== 0) w.write(2, '\t');
      w.write(0, `${key}=${attributes[key]}\n`);
    });
  } else if (v.image) {
    const s = v.image as Source;
    w.write(
      2,
      `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${String(s.reference ?? '')}\n    PullPolicy:\t${String(s.pullPolicy ?? '')}\n`,
    );
  } else {
    w.write(1, '<unknown>\n');
  }
}

/** `Volumes:\t<none>` or one block per volume, by its source type. */
export function describeVolumes(
  w: PrefixWriter,
  volumes: readonly Record<string, unknown>[] | undefined,
  space: string,
): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${String(v.name ?? '')}:\n`);
    describeSource(w, v);
  }
}
