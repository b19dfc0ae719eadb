/**
 * Where a container's environment comes from, as the API server checks it
 * (validateEnvVarValueFrom, ValidateEnvFrom): exactly one source per variable, field paths the
 * downward API can read, resource fields with a divisor that fits their resource, and
 * ConfigMap/Secret names and keys that could exist.
 */
import type { FieldError } from '../errors.ts';
import { canonicalQuantity, compareQuantities, quantityError } from '../quantity.ts';
import {
  convertDownwardAPIFieldLabel,
  envFieldPaths,
  splitSubscriptedPath,
} from '../downward/field-path.ts';
import { isConfigMapKey } from './config-key.ts';
import { child, invalidValue, notSupported, required } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { asString, isObject } from './values.ts';

type Obj = Record<string, unknown>;

const resourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const hugePagePrefixes = ['limits.hugepages-', 'requests.hugepages-'];
const cpuDivisors = new Set(['1m', '1']);
const byteDivisors = new Set([
  '1',
  '1k',
  '1M',
  '1G',
  '1T',
  '1P',
  '1E',
  '1Ki',
  '1Mi',
  '1Gi',
  '1Ti',
  '1Pi',
  '1Ei',
]);
const byteDivisorList = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

/** validateObjectFieldSelector with the environment's field paths. */
function validateFieldRef(ref: Obj, path: string): FieldError[] {
  const apiVersion = asString(ref.apiVersion);
  const fieldPath = asString(ref.fieldPath);
  if (!apiVersion) return [required(child(path, 'apiVersion'))];
  if (!fieldPath) return [required(child(path, 'fieldPath'))];
  let internal: string;
  try {
    internal = convertDownwardAPIFieldLabel(apiVersion, fieldPath);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return [
      invalidValue(child(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${why}`),
    ];
  }
  const split = splitSubscriptedPath(internal);
  if (split) {
    const [base, subscript] = split;
    const name = base === 'metadata.annotations' ? subscript.toLowerCase() : subscript;
    return isQualifiedName(name).map((msg) => invalidValue(path, name, msg));
  }
  if (!envFieldPaths.includes(internal)) {
    return [notSupported(child(path, 'fieldPath'), internal, envFieldPaths)];
  }
  return [];
}

/** validateContainerResourceDivisor: only a few divisors make sense per resource. */
function validateDivisor(resource: string, divisor: unknown, path: string): FieldError[] {
  if (divisor === undefined || divisor === null) return [];
  if (typeof divisor !== 'string' && typeof divisor !== 'number') return [];
  if (quantityError(divisor) || compareQuantities(divisor, 0) === 0) return [];
  const canonical = canonicalQuantity(divisor);
  const field = child(path, 'divisor');
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    return cpuDivisors.has(canonical)
      ? []
      : [
          invalidValue(
            field,
            resource,
            "only divisor's values 1m and 1 are supported with the cpu resource",
          ),
        ];
  }
  const storage =
    resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage';
  if (resource === 'limits.memory' || resource === 'requests.memory' || storage) {
    const what = storage ? 'local ephemeral storage' : 'memory';
    return byteDivisors.has(canonical)
      ? []
      : [
          invalidValue(
            field,
            resource,
            `only divisor's values ${byteDivisorList} are supported with the ${what} resource`,
          ),
        ];
  }
  return [];
}

/** validateContainerResourceFieldSelector for an environment variable. */
function validateResourceFieldRef(ref: Obj, path: string): FieldError[] {
  const resource = asString(ref.resource);
  const errs: FieldError[] = [];
  if (!resource) errs.push(required(child(path, 'resource')));
  else if (
    !resourceFieldPaths.includes(resource) &&
    !hugePagePrefixes.some((p) => resource.startsWith(p))
  ) {
    errs.push(notSupported(child(path, 'resource'), resource, resourceFieldPaths));
  }
  errs.push(...validateDivisor(resource, ref.divisor, path));
  return errs;
}

/** validateConfigMapKeySelector / validateSecretKeySelector. */
function validateKeySelector(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = asString(ref.name);
  for (const msg of nameIsDNSSubdomain(name, false))
    errs.push(invalidValue(child(path, 'name'), name, msg));
  const key = asString(ref.key);
  if (!key) errs.push(required(child(path, 'key')));
  else for (const msg of isConfigMapKey(key)) errs.push(invalidValue(child(path, 'key'), key, msg));
  return errs;
}

/** validateEnvVarValueFrom: `valueFrom` of the variable `variable`, at `path`. */
export function validateEnvVarValueFrom(variable: Obj, path: string): FieldError[] {
  const from = variable.valueFrom;
  if (!isObject(from)) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (isObject(from.fieldRef)) {
    sources++;
    errs.push(...validateFieldRef(from.fieldRef, child(path, 'fieldRef')));
  }
  if (isObject(from.resourceFieldRef)) {
    sources++;
    errs.push(...validateResourceFieldRef(from.resourceFieldRef, child(path, 'resourceFieldRef')));
  }
  for (const ref of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const selector = from[ref];
    if (!isObject(selector)) continue;
    sources++;
    errs.push(...validateKeySelector(selector, child(path, ref)));
  }
  if (isObject(from.fileKeyRef)) sources++;
  if (sources === 0) {
    errs.push(
      invalidValue(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (asString(variable.value).length > 0) {
    errs.push(invalidValue(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalidValue(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** validateConfigMapEnvSource / validateSecretEnvSource: the name, checked as a prefix would be. */
function validateEnvSourceName(ref: Obj, path: string): FieldError[] {
  const name = asString(ref.name);
  if (!name) return [required(child(path, 'name'))];
  return nameIsDNSSubdomain(name, true).map((msg) => invalidValue(child(path, 'name'), name, msg));
}

/**
 * The source checks of ValidateEnvFrom for the entry `source` of the list at `listPath`
 * (its prefix is checked with the variable names). A missing or doubled source is reported on
 * the list itself, as upstream does.
 */
export function validateEnvFromSource(
  source: Obj,
  entryPath: string,
  listPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let sources = 0;
  if (isObject(source.configMapRef)) {
    sources++;
    errs.push(...validateEnvSourceName(source.configMapRef, child(entryPath, 'configMapRef')));
  }
  if (isObject(source.secretRef)) {
    sources++;
    errs.push(...validateEnvSourceName(source.secretRef, child(entryPath, 'secretRef')));
  }
  if (sources === 0) {
    errs.push(invalidValue(listPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
  } else if (sources > 1) {
    errs.push(invalidValue(listPath, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}
