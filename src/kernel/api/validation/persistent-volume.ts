/**
 * core/v1 PersistentVolume and PersistentVolumeClaim validation (ValidatePersistentVolume,
 * ValidatePersistentVolumeUpdate, ValidatePersistentVolumeClaim,
 * ValidatePersistentVolumeClaimUpdate) with upstream's messages: access modes, capacity and
 * requests, reclaim policy, exactly one volume source, class names, and what may change.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { canonicalQuantity, compareQuantities, quantityError, quantityValue } from '../quantity.ts';
import {
  child,
  fieldImmutableErrorMsg,
  forbidden,
  invalidValue,
  key,
  notSupported,
  required,
} from './field-errors.ts';
import { validateLabelSelector } from './label-selector.ts';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { unifiedDiff } from './unified-diff.ts';
import { asArray, asObject, asString, deepEqual, isObject } from './values.ts';

type Obj = Record<string, unknown>;

/** supportedAccessModes, sorted as sets.List sorts them. */
const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const volumeModes = ['Block', 'Filesystem'];
const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];
const notPositiveMsg = 'must be greater than zero';

/** Every PersistentVolumeSource field, in the order upstream checks them. */
const pvSourceFields = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

/** ValidateClassName: a DNS subdomain. */
function validateClassName(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string' || value === '') return [];
  return isDNS1123Subdomain(value).map((msg) => invalidValue(path, value, msg));
}

/** The access modes: each supported, ReadWriteOncePod alone. */
function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const list = asArray<string>(modes);
  const errs: FieldError[] = [];
  if (list.length === 0) errs.push(required(path, requiredDetail));
  let rwop = false;
  let other = false;
  for (const mode of list) {
    if (!accessModes.includes(mode)) errs.push(notSupported(path, mode, accessModes));
    if (mode === 'ReadWriteOncePod') rwop = true;
    else if (accessModes.includes(mode)) other = true;
  }
  if (rwop && other) {
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

/** ValidatePositiveQuantityValue (after the quantity parses). */
function validatePositive(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  if (quantityError(value)) return [];
  return quantityValue(value) > 0
    ? []
    : [invalidValue(path, canonicalQuantity(value), notPositiveMsg)];
}

function validateHostPath(source: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = asString(source.path);
  if (p === '') errs.push(required(child(path, 'path')));
  else if (p.split('/').includes('..')) {
    errs.push(invalidValue(child(path, 'path'), p, "must not contain '..'"));
  }
  if (typeof source.type === 'string' && !hostPathTypes.includes(source.type)) {
    errs.push(notSupported(child(path, 'type'), source.type, hostPathTypes));
  }
  return errs;
}

function validateSourceFields(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const field of pvSourceFields) {
    if (!isObject(spec[field])) continue;
    const p = child(path, field);
    if (count > 0 && field !== 'flexVolume') {
      errs.push(forbidden(p, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const source = spec[field] as Obj;
    switch (field) {
      case 'hostPath':
        errs.push(...validateHostPath(source, p));
        break;
      case 'local':
        if (asString(source.path) === '') errs.push(required(child(p, 'path')));
        if (!isObject(spec.nodeAffinity)) {
          errs.push(required(child(path, 'nodeAffinity'), 'Local volume requires node affinity'));
        }
        break;
      case 'nfs':
        if (asString(source.server) === '') errs.push(required(child(p, 'server')));
        if (asString(source.path) === '') errs.push(required(child(p, 'path')));
        else if (!asString(source.path).startsWith('/')) {
          errs.push(invalidValue(child(p, 'path'), source.path, 'must be an absolute path'));
        }
        break;
      case 'csi':
        if (asString(source.driver) === '') errs.push(required(child(p, 'driver')));
        if (asString(source.volumeHandle) === '') errs.push(required(child(p, 'volumeHandle')));
        break;
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** ValidatePersistentVolumeSpec for a PersistentVolume (not an inline one). */
function validatePersistentVolumeSpec(spec: Obj, path: string): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, child(path, 'accessModes'), '');
  const capacity = spec.capacity;
  const capPath = child(path, 'capacity');
  const capKeys = isObject(capacity) ? Object.keys(capacity) : [];
  if (capKeys.length === 0) errs.push(required(capPath));
  if (!capKeys.includes('storage') || capKeys.length > 1) {
    errs.push(notSupported(capPath, capacity ?? {}, ['storage']));
  }
  for (const name of capKeys) {
    errs.push(...validatePositive((capacity as Obj)[name], key(capPath, name)));
  }
  const policy = spec.persistentVolumeReclaimPolicy;
  if (typeof policy === 'string' && policy !== '' && !reclaimPolicies.includes(policy)) {
    errs.push(notSupported(child(path, 'persistentVolumeReclaimPolicy'), policy, reclaimPolicies));
  }
  errs.push(...validateSourceFields(spec, path));
  const hostPath = asObject(spec.hostPath);
  const cleaned = asString(hostPath.path)
    .replace(/\/+/g, '/')
    .replace(/(.)\/$/, '$1');
  if (isObject(spec.hostPath) && cleaned === '/' && policy === 'Recycle') {
    errs.push(
      forbidden(
        child(path, 'persistentVolumeReclaimPolicy'),
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  }
  errs.push(...validateClassName(spec.storageClassName, child(path, 'storageClassName')));
  if (typeof spec.volumeMode === 'string' && !volumeModes.includes(spec.volumeMode)) {
    errs.push(notSupported(child(path, 'volumeMode'), spec.volumeMode, volumeModes));
  }
  return errs;
}

/** ValidatePersistentVolume (create). */
export function validatePersistentVolumeCreate(object: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(object.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain }),
    ...validatePersistentVolumeSpec(asObject(object.spec), 'spec'),
  ];
}

/** The PersistentVolumeSource part of a spec: every source field. */
function sourceOf(spec: Obj): Obj {
  const out: Obj = {};
  for (const field of pvSourceFields) if (spec[field] !== undefined) out[field] = spec[field];
  return out;
}

/** ValidatePersistentVolumeUpdate: the volume source and mode never change. */
export function validatePersistentVolumeUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(object.metadata, old.metadata);
  errs.push(...validatePersistentVolumeSpec(asObject(object.spec), 'spec'));
  const spec = asObject(object.spec);
  const oldSpec = asObject(old.spec);
  const source = sourceOf(spec);
  const oldSource = sourceOf(oldSpec);
  if (!deepEqual(source, oldSource)) {
    const diff = unifiedDiff(JSON.stringify(oldSource, null, 1), JSON.stringify(source, null, 1));
    errs.push(
      forbidden(
        'spec.persistentvolumesource',
        `spec.persistentvolumesource is immutable after creation\n${diff}`,
      ),
    );
  }
  if (!deepEqual(spec.volumeMode, oldSpec.volumeMode)) {
    errs.push(invalidValue('volumeMode', spec.volumeMode ?? null, fieldImmutableErrorMsg));
  }
  return errs;
}

/** ValidatePersistentVolumeClaimSpec. */
function validateClaimSpec(spec: Obj, path: string): FieldError[] {
  const errs = validateAccessModes(
    spec.accessModes,
    child(path, 'accessModes'),
    'at least 1 access mode is required',
  );
  if (spec.selector !== undefined && spec.selector !== null) {
    errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  }
  const requests = asObject(asObject(spec.resources).requests);
  const storagePath = key(child(path, 'resources'), 'storage');
  if (requests.storage === undefined) errs.push(required(storagePath));
  else errs.push(...validatePositive(requests.storage, storagePath));
  errs.push(...validateClassName(spec.storageClassName, child(path, 'storageClassName')));
  if (typeof spec.volumeMode === 'string' && !volumeModes.includes(spec.volumeMode)) {
    errs.push(notSupported(child(path, 'volumeMode'), spec.volumeMode, volumeModes));
  }
  return errs;
}

/** ValidatePersistentVolumeClaim (create). */
export function validatePersistentVolumeClaimCreate(object: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(object.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateClaimSpec(asObject(object.spec), 'spec'),
  ];
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is fixed once created, except the volume name
 * (set once, by the binder), a class name set where there was none, and for a bound claim the
 * storage request, which may not go below the bound volume's capacity.
 */
export function validatePersistentVolumeClaimUpdate(
  object: KubeObject,
  old: KubeObject,
): FieldError[] {
  const errs = validateObjectMetaUpdate(object.metadata, old.metadata);
  const spec = asObject(object.spec);
  const oldSpec = asObject(old.spec);
  errs.push(...validateClaimSpec(spec, 'spec'));
  const newClone: Obj = structuredClone(spec);
  const oldClone: Obj = structuredClone(oldSpec);
  if (!oldSpec.volumeName) oldClone.volumeName = newClone.volumeName;
  if (oldSpec.storageClassName === undefined) oldClone.storageClassName = newClone.storageClassName;
  const bound = asObject(object.status).phase === 'Bound';
  const newRequests = asObject(asObject(newClone.resources).requests);
  const oldRequests = asObject(asObject(oldSpec.resources).requests);
  if (bound && isObject(asObject(newClone.resources).requests)) {
    newRequests.storage = oldRequests.storage;
  }
  newClone.volumeAttributesClassName = oldClone.volumeAttributesClassName;
  if (!deepEqual(newClone, oldClone)) {
    const diff = unifiedDiff(JSON.stringify(oldClone, null, 1), JSON.stringify(newClone, null, 1));
    errs.push(
      forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}`,
      ),
    );
  }
  const newSize = asObject(asObject(spec.resources).requests).storage;
  const oldSize = oldRequests.storage;
  const statusSize = asObject(asObject(old.status).capacity).storage;
  const parses = (v: unknown): v is string | number =>
    (typeof v === 'string' || typeof v === 'number') && quantityError(v) === undefined;
  if (parses(newSize) && parses(oldSize) && compareQuantities(newSize, oldSize) < 0) {
    if (!parses(statusSize) || compareQuantities(newSize, statusSize) <= 0) {
      errs.push(
        forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'),
      );
    }
  }
  if (!deepEqual(spec.volumeMode, oldSpec.volumeMode)) {
    errs.push(invalidValue('volumeMode', spec.volumeMode ?? null, fieldImmutableErrorMsg));
  }
  return errs;
}
