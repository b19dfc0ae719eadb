/**
 * Field shapes of metav1 types every object uses: ObjectMeta, OwnerReference, LabelSelector. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const metaDefinitions: Definitions = {
  ObjectMeta: {
    d: 'Metadata every persisted object has.',
    f: {
      name: ['string', 'Unique name within the namespace (and kind); usually cannot be changed.'],
      generateName: [
        'string',
        'Prefix the server uses to generate a unique name when name is empty.',
      ],
      namespace: ['string', 'The namespace the object lives in; empty for cluster-scoped kinds.'],
      selfLink: ['string', 'Deprecated; never set.'],
      uid: ['UID', 'Unique id the server assigns on creation; never reused.'],
      resourceVersion: [
        'string',
        'Opaque version the server changes on every write; used for concurrency control and watches.',
      ],
      generation: [
        'int64',
        'Sequence number of the desired state; increases when the spec changes.',
      ],
      creationTimestamp: ['Time', 'When the server created the object.'],
      deletionTimestamp: [
        'Time',
        'When deletion was requested; the object goes once its finalizers are gone.',
      ],
      deletionGracePeriodSeconds: [
        'int64',
        'Seconds left for graceful termination once deletion was requested.',
      ],
      labels: ['map[string]string', 'Key/value pairs for selecting and grouping objects.'],
      annotations: [
        'map[string]string',
        'Key/value pairs for tools and humans; not used for selection.',
      ],
      ownerReferences: [
        '[]OwnerReference',
        'Objects this one depends on; it is garbage-collected when they all go.',
      ],
      finalizers: [
        '[]string',
        'Names of cleanup steps that must finish before the object is removed.',
      ],
      managedFields: [
        '[]ManagedFieldsEntry',
        'Which field manager owns which fields (server-side apply).',
      ],
    },
  },
  OwnerReference: {
    d: 'A pointer to an owner in the same namespace.',
    f: {
      apiVersion: ['string', 'API version of the owner.', R],
      kind: ['string', 'Kind of the owner.', R],
      name: ['string', 'Name of the owner.', R],
      uid: ['UID', 'UID of the owner.', R],
      controller: [
        'bool',
        'True when the owner is the managing controller; at most one per object.',
      ],
      blockOwnerDeletion: [
        'bool',
        'True to keep a foreground deletion of the owner waiting for this object.',
      ],
    },
  },
  ManagedFieldsEntry: {
    d: '',
    f: {
      manager: ['string'],
      operation: ['ManagedFieldsOperationType'],
      apiVersion: ['string'],
      time: ['Time'],
      fieldsType: ['string'],
      fieldsV1: ['FieldsV1'],
      subresource: ['string'],
    },
  },
  LabelSelector: {
    d: 'A label query: all matchLabels and matchExpressions must hold.',
    f: {
      matchLabels: ['map[string]string', 'Exact key=value pairs the labels must contain.'],
      matchExpressions: ['[]LabelSelectorRequirement', 'Set-based requirements on label keys.'],
    },
  },
  LabelSelectorRequirement: {
    d: 'One requirement on a label key.',
    f: {
      key: ['string', 'The label key the requirement applies to.', R],
      operator: ['LabelSelectorOperator', 'In, NotIn, Exists or DoesNotExist.', R],
      values: ['[]string', 'Values for In and NotIn; must be empty for Exists and DoesNotExist.'],
    },
  },
};
