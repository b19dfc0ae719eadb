/**
 * Which fields each resource can be selected by, and their values on an object. The field
 * lists are the API server's field-label conversion functions (kubernetes
 * `pkg/apis/core/v1/conversion.go` and friends); the values are its registries'
 * `ToSelectableFields`. A resource without its own list accepts only `metadata.name` and
 * `metadata.namespace` (runtime.DefaultMetaV1FieldSelectorConversion), with a different error.
 */
import type { KubeObject } from '../../types/meta.ts';
import { badRequest } from '../errors.ts';
import type { GroupResource } from '../errors.ts';
import {
  fieldSelectorMatches,
  parseFieldSelector,
  type FieldRequirement,
  type FieldSelector,
} from './field-selector.ts';

type FieldGetter = (object: KubeObject) => string;

interface ResourceFields {
  /** Field label → value getter. */
  readonly fields: Readonly<Record<string, FieldGetter>>;
  /** Accepted old names, rewritten before matching (`spec.host` → `spec.nodeName`). */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** Reads a nested string-ish field; absent values read as `""`, as Go's zero values print. */
function field(...path: string[]): FieldGetter {
  return (object) => {
    let value: unknown = object;
    for (const segment of path) {
      if (value === null || typeof value !== 'object') return '';
      value = (value as Record<string, unknown>)[segment];
    }
    return value === undefined || value === null ? '' : String(value);
  };
}

/** Booleans print as Go's strconv.FormatBool: absent is `false`. */
function booleanField(...path: string[]): FieldGetter {
  const read = field(...path);
  return (object) => (read(object) === 'true' ? 'true' : 'false');
}

/** Integers print as Go's strconv.Itoa: absent is `0`. */
function integerField(...path: string[]): FieldGetter {
  const read = field(...path);
  return (object) => read(object) || '0';
}

const name = field('metadata', 'name');
const namespace = field('metadata', 'namespace');
const objectMeta = { 'metadata.name': name, 'metadata.namespace': namespace };

/** The first pod IP, as the pod registry exposes `status.podIP`. */
const podIP: FieldGetter = (object) => {
  const status = (object as { status?: { podIP?: string; podIPs?: { ip?: string }[] } }).status;
  return status?.podIPs?.[0]?.ip ?? status?.podIP ?? '';
};

/** Events select on `source` = the legacy source component, else the reporting controller. */
const eventSource: FieldGetter = (object) =>
  field('source', 'component')(object) || field('reportingComponent')(object);

const resourceFields: Readonly<Record<string, ResourceFields>> = {
  pods: {
    fields: {
      ...objectMeta,
      'spec.nodeName': field('spec', 'nodeName'),
      'spec.restartPolicy': field('spec', 'restartPolicy'),
      'spec.schedulerName': field('spec', 'schedulerName'),
      'spec.serviceAccountName': field('spec', 'serviceAccountName'),
      'spec.hostNetwork': booleanField('spec', 'hostNetwork'),
      'status.phase': field('status', 'phase'),
      'status.podIP': podIP,
      // Accepted by the conversion but not exposed by the registry, so it only equals "".
      'status.podIPs': () => '',
      'status.nominatedNodeName': field('status', 'nominatedNodeName'),
    },
    aliases: { 'spec.host': 'spec.nodeName' },
  },
  nodes: {
    fields: { 'metadata.name': name, 'spec.unschedulable': booleanField('spec', 'unschedulable') },
  },
  namespaces: {
    fields: { 'metadata.name': name, 'status.phase': field('status', 'phase') },
  },
  events: {
    fields: {
      ...objectMeta,
      'involvedObject.kind': field('involvedObject', 'kind'),
      'involvedObject.namespace': field('involvedObject', 'namespace'),
      'involvedObject.name': field('involvedObject', 'name'),
      'involvedObject.uid': field('involvedObject', 'uid'),
      'involvedObject.apiVersion': field('involvedObject', 'apiVersion'),
      'involvedObject.resourceVersion': field('involvedObject', 'resourceVersion'),
      'involvedObject.fieldPath': field('involvedObject', 'fieldPath'),
      reason: field('reason'),
      reportingComponent: field('reportingComponent'),
      source: eventSource,
      type: field('type'),
    },
  },
  replicationcontrollers: {
    fields: { ...objectMeta, 'status.replicas': integerField('status', 'replicas') },
  },
  'replicasets.apps': {
    fields: { ...objectMeta, 'status.replicas': integerField('status', 'replicas') },
  },
  'jobs.batch': {
    fields: { ...objectMeta, 'status.successful': integerField('status', 'succeeded') },
  },
  secrets: {
    fields: { ...objectMeta, type: field('type') },
  },
  services: {
    fields: {
      ...objectMeta,
      'spec.clusterIP': field('spec', 'clusterIP'),
      'spec.type': field('spec', 'type'),
    },
  },
};

const defaultFields: ResourceFields = { fields: objectMeta };

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function fieldsOf(gr: GroupResource): { entry: ResourceFields; custom: boolean } {
  const entry = resourceFields[qualified(gr)];
  return entry ? { entry, custom: true } : { entry: defaultFields, custom: false };
}

/** The field labels a resource's field selectors may use, in the API server's order. */
export function supportedFieldLabels(gr: GroupResource): string[] {
  const { entry } = fieldsOf(gr);
  return [...Object.keys(entry.fields), ...Object.keys(entry.aliases ?? {})];
}

/**
 * Parses `?fieldSelector=` for one resource: the grammar, then each field label checked (and
 * old aliases rewritten) as the API server does. An unsupported field throws a StatusError
 * BadRequest: `field label not supported: foo` for resources with their own list,
 * `"foo" is not a known field selector: only "metadata.name", "metadata.namespace"` otherwise.
 */
export function parseFieldSelectorFor(gr: GroupResource, text: string): FieldSelector {
  const { entry, custom } = fieldsOf(gr);
  const requirements = parseFieldSelector(text).requirements.map((r): FieldRequirement => {
    const aliases = entry.aliases ?? {};
    const label = hasOwn(aliases, r.field) ? aliases[r.field] : r.field;
    if (!hasOwn(entry.fields, label)) {
      throw badRequest(
        custom
          ? `field label not supported: ${r.field}`
          : `${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
    return { ...r, field: label };
  });
  return { requirements };
}

/** The selectable fields of one object of the resource, as strings (`"0"`, `"false"`, `""`). */
export function selectableFields(gr: GroupResource, object: KubeObject): Record<string, string> {
  const { entry } = fieldsOf(gr);
  const fields: Record<string, string> = {};
  for (const [label, get] of Object.entries(entry.fields)) fields[label] = get(object);
  return fields;
}

/**
 * A predicate for list and watch filtering: true when the object's fields satisfy the selector.
 * An empty selector accepts everything without reading the object.
 */
export function fieldSelectorMatcher(
  gr: GroupResource,
  selector: FieldSelector,
): (object: KubeObject) => boolean {
  if (selector.requirements.length === 0) return () => true;
  const { entry } = fieldsOf(gr);
  const getters = selector.requirements.map((r): FieldGetter =>
    hasOwn(entry.fields, r.field) ? entry.fields[r.field] : () => '',
  );
  return (object) => {
    const fields: Record<string, string> = {};
    selector.requirements.forEach((r, i) => (fields[r.field] = getters[i](object)));
    return fieldSelectorMatches(selector, fields);
  };
}
