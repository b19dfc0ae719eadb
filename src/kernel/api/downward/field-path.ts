/**
 * The pod fields the downward API can read (pkg/fieldpath and the pod helpers'
 * ConvertDownwardAPIFieldLabel): plain paths and the subscripted `metadata.labels['k']` /
 * `metadata.annotations['k']`, with the error wording both the API server and the kubelet use.
 */

/** `metadata.labels['app']` → `['metadata.labels', 'app']`; a path without subscript → undefined. */
export function splitSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const inner = fieldPath.slice(0, -2);
  const open = inner.indexOf("['");
  if (open <= 0) return undefined;
  return [inner.slice(0, open), inner.slice(open + 2)];
}

const convertibleLabels = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/**
 * ConvertDownwardAPIFieldLabel: the internal path a v1 field path names (`spec.host` is the old
 * name of `spec.nodeName`), or an Error worded as the API server words it.
 */
export function convertDownwardAPIFieldLabel(apiVersion: string, fieldPath: string): string {
  if (apiVersion !== 'v1') throw new Error(`unsupported pod version: ${apiVersion}`);
  const split = splitSubscriptedPath(fieldPath);
  if (split) {
    if (split[0] === 'metadata.annotations' || split[0] === 'metadata.labels') return fieldPath;
    throw new Error(`field label does not support subscript: ${fieldPath}`);
  }
  if (convertibleLabels.has(fieldPath)) return fieldPath;
  if (fieldPath === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${fieldPath}`);
}

/** The field paths an environment variable's fieldRef may name, sorted as the API lists them. */
export const envFieldPaths: readonly string[] = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
