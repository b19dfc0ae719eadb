/**
 * Pod validation: ValidatePodCreate on create and ValidatePodUpdate on update, where the spec
 * is immutable except container images, a shrinking activeDeadlineSeconds, added tolerations,
 * removed scheduling gates and terminationGracePeriodSeconds going from negative to 1. nodeName
 * therefore only changes through the binding subresource.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { podQosClass } from '../defaults/qos-class.ts';
import { validateContainersOnlyForPod } from './containers.ts';
import {
  child,
  forbidden,
  inclusiveRangeError,
  index,
  invalidValue,
  required,
} from './field-errors.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePodSpec } from './pod-spec.ts';
import { validateTolerations } from './scheduling.ts';
import { unifiedDiff } from './unified-diff.ts';
import { asArray, asObject, asString, deepEqual } from './values.ts';

type Obj = Record<string, unknown>;

const maxInt32 = 2147483647;

/** The fields a pod update may change, as the apiserver lists them. */
export const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** validatePodMetadataAndSpec: what both create and update check on the new pod. */
function validatePodMetadataAndSpec(pod: KubeObject): FieldError[] {
  const spec = asObject(pod.spec);
  const errs = validateObjectMeta(pod.metadata, {
    namespaced: true,
    nameFn: nameIsDNSSubdomain,
    kubeFinalizers: true,
  });
  const mirror = pod.metadata?.annotations?.['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !asString(spec.nodeName)) {
    errs.push(
      invalidValue(
        'metadata.annotations[kubernetes.io/config.mirror]',
        mirror,
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  errs.push(...validatePodSpec(spec, 'spec'));
  if (!asString(spec.serviceAccountName)) {
    asArray<Obj>(spec.volumes).forEach((v, vi) => {
      asArray<Obj>(asObject(asObject(v).projected).sources).forEach((s, si) => {
        if (asObject(s).serviceAccountToken !== undefined) {
          errs.push(
            forbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec.containers, 'spec.containers'));
  errs.push(...validateContainersOnlyForPod(spec.initContainers, 'spec.initContainers'));
  return errs;
}

/** ValidatePodCreate. */
export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  if (asArray(asObject(pod.spec).ephemeralContainers).length > 0) {
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  const spec = asObject(pod.spec);
  if (asString(spec.nodeName) && asArray(spec.schedulingGates).length > 0) {
    errs.push(
      forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'),
    );
  }
  return errs;
}

function validateContainerUpdates(
  next: unknown,
  prev: unknown,
  path: string,
): { errs: FieldError[]; stop: boolean } {
  const a = asArray<Obj>(next);
  const b = asArray<Obj>(prev);
  if (a.length !== b.length)
    return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  a.forEach((c, i) => {
    const image = asString(asObject(c).image);
    if (!image) errs.push(required(child(index(path, i), 'image')));
    if (image.length !== image.trim().length) {
      errs.push(
        invalidValue(
          child(index(path, i), 'image'),
          image,
          'must not have leading or trailing whitespace',
        ),
      );
    }
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: old tolerations stay (only tolerationSeconds may change). */
function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldError[] {
  const newList = asArray<Obj>(next);
  for (const old of asArray<Obj>(prev)) {
    const found = newList.some((t) =>
      deepEqual(
        { ...asObject(old), tolerationSeconds: undefined },
        { ...asObject(t), tolerationSeconds: undefined },
      ),
    );
    if (!found)
      return [
        forbidden(path, 'existing toleration can not be modified except its tolerationSeconds'),
      ];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(
  next: unknown,
  prev: unknown,
  path: string,
): FieldError[] {
  const oldNames = new Set(asArray<Obj>(prev).map((g) => asString(asObject(g).name)));
  const errs: FieldError[] = [];
  asArray<Obj>(next).forEach((g, i) => {
    const name = asString(asObject(g).name);
    if (!oldNames.has(name)) {
      errs.push(
        forbidden(
          child(index(path, i), 'name'),
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
    }
  });
  return errs;
}

/** Keys sorted at every level, so two specs diff by content rather than by key order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Obj = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Obj)[k]);
  return out;
}

/** The JSON text diffed in the forbidden-update message (one-space indent, as the apiserver). */
function specText(spec: Obj): string {
  return JSON.stringify(sortKeys(spec), null, 1);
}

/** ValidatePodUpdate: `pod` is the new object, `old` the stored one. */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec = asObject(pod.spec);
  const oldSpec = asObject(old.spec);
  for (const list of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[list], oldSpec[list], child('spec', list));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = spec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > maxInt32) {
      errs.push(
        invalidValue('spec.activeDeadlineSeconds', deadline, inclusiveRangeError(0, maxInt32)),
      );
      return errs;
    }
    if (typeof oldDeadline === 'number' && oldDeadline < deadline) {
      errs.push(
        invalidValue(
          'spec.activeDeadlineSeconds',
          deadline,
          'must be less than or equal to previous value',
        ),
      );
      return errs;
    }
  } else if (typeof oldDeadline === 'number') {
    errs.push(
      invalidValue(
        'spec.activeDeadlineSeconds',
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }
  errs.push(
    ...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, 'spec.tolerations'),
  );
  errs.push(
    ...validateOnlyDeletedSchedulingGates(
      spec.schedulingGates,
      oldSpec.schedulingGates,
      'spec.schedulingGates',
    ),
  );
  if (deepEqual(spec, oldSpec)) return errs;

  const oldQos = asString(asObject(old.status).qosClass) || podQosClass(oldSpec);
  if (oldQos !== podQosClass(spec)) {
    errs.push(
      invalidValue('metadata', asString(asObject(pod.status).qosClass), 'Pod QoS is immutable'),
    );
  }
  const munged: Obj = structuredClone(spec);
  const withOldImages = (list: unknown, oldList: unknown): unknown =>
    Array.isArray(list)
      ? list.map((c: Obj, i) => ({ ...c, image: asObject(asArray<Obj>(oldList)[i]).image }))
      : list;
  munged.containers = withOldImages(munged.containers, oldSpec.containers);
  if (munged.initContainers !== undefined) {
    munged.initContainers = withOldImages(munged.initContainers, oldSpec.initContainers);
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  if (!deepEqual(munged, oldSpec)) {
    const diff = unifiedDiff(specText(oldSpec), specText(munged));
    errs.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${diff}`,
      ),
    );
  }
  return errs;
}
