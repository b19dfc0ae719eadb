/**
 * ValidatePodSpec and ValidatePodTemplateSpec: the checks shared by Pods and the pod templates
 * of Deployments and ReplicaSets. Expects a defaulted spec (restartPolicy, dnsPolicy,
 * terminationGracePeriodSeconds, imagePullPolicy... already filled in).
 */
import type { FieldError } from '../errors.ts';
import { validateContainers, validateInitContainers } from './containers.ts';
import {
  child,
  inclusiveRangeError,
  invalidValue,
  notSupported,
  required,
} from './field-errors.ts';
import { validateAnnotations, validateLabels } from './labels.ts';
import { isDNS1123Label, nameIsDNSSubdomain } from './names.ts';
import {
  validateAffinity,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './scheduling.ts';
import { asArray, asObject, asString, isObject } from './values.ts';
import { validateVolumes } from './volumes.ts';

export const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const preemptionPolicies = ['PreemptLowerPriority', 'Never'];
const maxInt32 = 2147483647;

function validateEnum(value: unknown, field: string, supported: string[]): FieldError[] {
  const v = asString(value);
  if (!v) return [required(field)];
  return supported.includes(v) ? [] : [notSupported(field, v, supported)];
}

function validateDNSConfig(spec: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const config = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!isObject(config))
      return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (asArray(config.nameservers).length === 0) {
      return [
        required(
          child(path, 'nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!isObject(config)) return errs;
  const nameservers = asArray(config.nameservers);
  if (nameservers.length > 3) {
    errs.push(
      invalidValue(
        child(path, 'nameservers'),
        nameservers,
        'must not have more than 3 nameservers',
      ),
    );
  }
  asArray<Record<string, unknown>>(config.options).forEach((o, i) => {
    if (!asString(asObject(o).name))
      errs.push(required(`${child(path, 'options')}[${i}]`, 'must not be empty'));
  });
  return errs;
}

/** ValidatePodSpec at `path` (`spec` for a Pod, `spec.template.spec` for a workload). */
export function validatePodSpec(specValue: unknown, path: string): FieldError[] {
  const spec = asObject(specValue);
  const errs: FieldError[] = [];
  if (
    spec.terminationGracePeriodSeconds === undefined ||
    spec.terminationGracePeriodSeconds === null
  ) {
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  }
  const volumes = validateVolumes(spec.volumes, child(path, 'volumes'));
  errs.push(...volumes.errors);
  errs.push(...validateContainers(spec.containers, volumes.names, child(path, 'containers')));
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      volumes.names,
      child(path, 'initContainers'),
    ),
  );
  errs.push(...validateEnum(spec.restartPolicy, child(path, 'restartPolicy'), restartPolicies));
  errs.push(...validateEnum(spec.dnsPolicy, child(path, 'dnsPolicy'), dnsPolicies));
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  errs.push(...validateDNSConfig(spec, child(path, 'dnsConfig')));
  errs.push(
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      child(path, 'topologySpreadConstraints'),
    ),
  );
  for (const f of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const v = asString(spec[f]);
    if (v)
      nameIsDNSSubdomain(v, false).forEach((m) => errs.push(invalidValue(child(path, f), v, m)));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > maxInt32)) {
    errs.push(
      invalidValue(
        child(path, 'activeDeadlineSeconds'),
        deadline,
        inclusiveRangeError(1, maxInt32),
      ),
    );
  }
  for (const f of ['hostname', 'subdomain'] as const) {
    const v = asString(spec[f]);
    if (v) isDNS1123Label(v).forEach((m) => errs.push(invalidValue(child(path, f), v, m)));
  }
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    errs.push(
      ...validateEnum(spec.preemptionPolicy, child(path, 'preemptionPolicy'), preemptionPolicies),
    );
  }
  return errs;
}

/** ValidatePodTemplateSpec: template labels and annotations, then the pod spec. */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const t = asObject(template);
  const meta = asObject(t.metadata);
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpec(t.spec, child(path, 'spec')));
  if (asArray(asObject(t.spec).ephemeralContainers).length > 0) {
    errs.push({
      type: 'FieldValueForbidden',
      field: child(path, 'spec', 'ephemeralContainers'),
      detail: 'ephemeral containers not allowed in pod template',
    });
  }
  return errs;
}
