/**
 * Pod volumes (ValidateVolumes): unique DNS-label names and exactly one source, with the
 * required fields of the sources a browser cluster actually serves.
 */
import type { FieldError } from '../errors.ts';
import { child, duplicate, forbidden, index, invalidValue, required } from './field-errors.ts';
import { isDNS1123Label } from './names.ts';
import { asArray, asObject, asString, isObject } from './values.ts';

/** Every volume source field of core/v1 VolumeSource. */
const sourceFields = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

function validateSource(volume: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const present = sourceFields.filter((f) => isObject(volume[f]));
  if (present.length === 0) return [required(path, 'must specify a volume type')];
  present
    .slice(1)
    .forEach((f) =>
      errs.push(forbidden(child(path, f), 'may not specify more than 1 volume type')),
    );
  const first = present[0];
  const src = asObject(volume[first]);
  const p = child(path, first);
  switch (first) {
    case 'configMap':
      if (!asString(src.name)) errs.push(required(child(p, 'name')));
      break;
    case 'secret':
      if (!asString(src.secretName)) errs.push(required(child(p, 'secretName')));
      break;
    case 'persistentVolumeClaim':
      if (!asString(src.claimName)) errs.push(required(child(p, 'claimName')));
      break;
    case 'hostPath':
      if (!asString(src.path)) errs.push(required(child(p, 'path')));
      break;
    case 'image':
      if (!asString(src.reference)) errs.push(required(child(p, 'reference')));
      break;
  }
  for (const mode of ['defaultMode']) {
    const m = src[mode];
    if (typeof m === 'number' && (m < 0 || m > 0o777)) {
      errs.push(
        invalidValue(
          child(p, mode),
          m,
          'must be a number between 0 and 0777 (octal), both inclusive',
        ),
      );
    }
  }
  return errs;
}

/** ValidateVolumes; returns the errors and the set of volume names for volumeMount checks. */
export function validateVolumes(
  volumes: unknown,
  path: string,
): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  asArray(volumes).forEach((raw, i) => {
    const v = asObject(raw);
    const idx = index(path, i);
    const name = asString(v.name);
    const before = errors.length;
    errors.push(...validateSource(v, idx));
    if (!name) errors.push(required(child(idx, 'name')));
    else
      isDNS1123Label(name).forEach((m) => errors.push(invalidValue(child(idx, 'name'), name, m)));
    if (name && names.has(name)) errors.push(duplicate(child(idx, 'name'), name));
    if (errors.length === before) names.add(name);
  });
  return { errors, names };
}
