/**
 * Where a strategic merge patch merges lists instead of replacing them, and by which key: the
 * `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api, written out for the kinds this
 * cluster serves. The schema is a small tree of object types, so a field means the same thing
 * wherever its type appears (a PodSpec under `spec`, `spec.template.spec` or
 * `spec.jobTemplate.spec.template.spec`).
 *
 * | type                        | field                         | strategy | merge key         |
 * | --------------------------- | ----------------------------- | -------- | ----------------- |
 * | ObjectMeta                  | finalizers                    | merge    | (set of strings)  |
 * | ObjectMeta                  | ownerReferences               | merge    | uid               |
 * | PodSpec                     | containers                    | merge    | name              |
 * | PodSpec                     | initContainers                | merge    | name              |
 * | PodSpec                     | ephemeralContainers           | merge    | name              |
 * | PodSpec                     | volumes                       | merge    | name              |
 * | PodSpec                     | imagePullSecrets              | merge    | name              |
 * | PodSpec                     | hostAliases                   | merge    | ip                |
 * | PodSpec                     | topologySpreadConstraints     | merge    | topologyKey       |
 * | PodSpec                     | schedulingGates               | merge    | name              |
 * | PodSpec                     | resourceClaims                | merge    | name              |
 * | Container, EphemeralContainer | ports                       | merge    | containerPort     |
 * | Container, EphemeralContainer | env                         | merge    | name              |
 * | Container, EphemeralContainer | volumeMounts                | merge    | mountPath         |
 * | Container, EphemeralContainer | volumeDevices               | merge    | devicePath        |
 * | PodStatus                   | conditions                    | merge    | type              |
 * | PodStatus                   | podIPs, hostIPs               | merge    | ip                |
 * | ServiceSpec                 | ports                         | merge    | port              |
 * | ServiceAccount              | secrets                       | merge    | name              |
 * | NodeSpec                    | podCIDRs                      | merge    | (set of strings)  |
 * | NodeStatus                  | conditions, addresses         | merge    | type              |
 * | PodDisruptionBudgetSpec     | selector                      | replace  |                   |
 * | every workload/other status | conditions                    | merge    | type              |
 *
 * Every other list is replaced by the patch's list; every other object merges member by
 * member. Kinds not listed get ObjectMeta's rules only.
 */

/** How one field of a type merges. */
export interface PatchFieldMeta {
  /**
   * `merge`: a list merges with the live list (by `mergeKey` for objects, as a set for
   * scalars). `replace`: an object is replaced instead of merged. Absent: lists are replaced,
   * objects merged.
   */
  readonly strategy?: 'merge' | 'replace';
  readonly mergeKey?: string;
  /** The type of the object, or of each list element. */
  readonly type?: PatchSchema;
}

/** An object type: the merge rules of its fields. */
export interface PatchSchema {
  /** The Go type's name, used in error messages. */
  readonly name: string;
  readonly fields: Readonly<Record<string, PatchFieldMeta>>;
}

/** A schema that knows no field: lists replace, objects merge. */
export const unknownType: PatchSchema = { name: 'unknown', fields: {} };

function type(name: string, fields: Record<string, PatchFieldMeta> = {}): PatchSchema {
  return { name, fields };
}

const mergeBy = (mergeKey: string, elementType?: PatchSchema): PatchFieldMeta => ({
  strategy: 'merge',
  mergeKey,
  type: elementType,
});
const mergeSet: PatchFieldMeta = { strategy: 'merge' };
const conditionsByType = mergeBy('type');
const statusWithConditions = (name: string): PatchFieldMeta => ({
  type: type(name, { conditions: conditionsByType }),
});

const objectMeta = type('ObjectMeta', {
  finalizers: mergeSet,
  ownerReferences: mergeBy('uid'),
});

const containerFields: Record<string, PatchFieldMeta> = {
  ports: mergeBy('containerPort'),
  env: mergeBy('name'),
  volumeMounts: mergeBy('mountPath'),
  volumeDevices: mergeBy('devicePath'),
};
const container = type('Container', containerFields);
const ephemeralContainer = type('EphemeralContainer', containerFields);

const podSpec = type('PodSpec', {
  volumes: mergeBy('name'),
  initContainers: mergeBy('name', container),
  containers: mergeBy('name', container),
  ephemeralContainers: mergeBy('name', ephemeralContainer),
  imagePullSecrets: mergeBy('name'),
  hostAliases: mergeBy('ip'),
  topologySpreadConstraints: mergeBy('topologyKey'),
  schedulingGates: mergeBy('name'),
  resourceClaims: mergeBy('name'),
});

const containerStatus = type('ContainerStatus', {
  volumeMounts: mergeBy('mountPath'),
  allocatedResourcesStatus: mergeBy('name'),
});

const podStatus = type('PodStatus', {
  conditions: conditionsByType,
  podIPs: mergeBy('ip'),
  hostIPs: mergeBy('ip'),
  resourceClaimStatuses: mergeBy('name'),
  containerStatuses: { type: containerStatus },
  initContainerStatuses: { type: containerStatus },
  ephemeralContainerStatuses: { type: containerStatus },
});

const podTemplateSpec = type('PodTemplateSpec', {
  metadata: { type: objectMeta },
  spec: { type: podSpec },
});

/** A kind whose spec holds a pod `template` and whose status has conditions. */
function workload(kind: string, specFields: Record<string, PatchFieldMeta> = {}): PatchSchema {
  return type(kind, {
    metadata: { type: objectMeta },
    spec: { type: type(`${kind}Spec`, { template: { type: podTemplateSpec }, ...specFields }) },
    status: statusWithConditions(`${kind}Status`),
  });
}

const persistentVolumeClaim = type('PersistentVolumeClaim', {
  metadata: { type: objectMeta },
  status: statusWithConditions('PersistentVolumeClaimStatus'),
});

const schemasByKind: Readonly<Record<string, PatchSchema>> = {
  Pod: type('Pod', {
    metadata: { type: objectMeta },
    spec: { type: podSpec },
    status: { type: podStatus },
  }),
  PodTemplate: type('PodTemplate', {
    metadata: { type: objectMeta },
    template: { type: podTemplateSpec },
  }),
  Deployment: workload('Deployment'),
  ReplicaSet: workload('ReplicaSet'),
  DaemonSet: workload('DaemonSet'),
  StatefulSet: workload('StatefulSet', { volumeClaimTemplates: { type: persistentVolumeClaim } }),
  ReplicationController: workload('ReplicationController'),
  Job: workload('Job'),
  CronJob: type('CronJob', {
    metadata: { type: objectMeta },
    spec: {
      type: type('CronJobSpec', {
        jobTemplate: {
          type: type('JobTemplateSpec', {
            metadata: { type: objectMeta },
            spec: { type: type('JobSpec', { template: { type: podTemplateSpec } }) },
          }),
        },
      }),
    },
  }),
  Node: type('Node', {
    metadata: { type: objectMeta },
    spec: { type: type('NodeSpec', { podCIDRs: mergeSet }) },
    status: {
      type: type('NodeStatus', { conditions: conditionsByType, addresses: mergeBy('type') }),
    },
  }),
  Namespace: type('Namespace', {
    metadata: { type: objectMeta },
    status: statusWithConditions('NamespaceStatus'),
  }),
  Service: type('Service', {
    metadata: { type: objectMeta },
    spec: { type: type('ServiceSpec', { ports: mergeBy('port') }) },
    status: statusWithConditions('ServiceStatus'),
  }),
  ServiceAccount: type('ServiceAccount', {
    metadata: { type: objectMeta },
    secrets: mergeBy('name'),
  }),
  PersistentVolumeClaim: persistentVolumeClaim,
  PodDisruptionBudget: type('PodDisruptionBudget', {
    metadata: { type: objectMeta },
    spec: { type: type('PodDisruptionBudgetSpec', { selector: { strategy: 'replace' } }) },
    status: statusWithConditions('PodDisruptionBudgetStatus'),
  }),
  HorizontalPodAutoscaler: type('HorizontalPodAutoscaler', {
    metadata: { type: objectMeta },
    status: statusWithConditions('HorizontalPodAutoscalerStatus'),
  }),
};

const metadataOnly = (kind: string): PatchSchema =>
  type(kind || 'unknown', { metadata: { type: objectMeta } });

/** The strategic-merge schema of a kind; kinds not in the table get ObjectMeta's rules only. */
export function patchSchemaForKind(kind: string | undefined): PatchSchema {
  if (kind && Object.prototype.hasOwnProperty.call(schemasByKind, kind)) {
    return schemasByKind[kind];
  }
  return metadataOnly(kind ?? '');
}

/** The rules for one field of a type; an unknown field has none. */
export function fieldMeta(schema: PatchSchema, field: string): PatchFieldMeta {
  return Object.prototype.hasOwnProperty.call(schema.fields, field) ? schema.fields[field] : {};
}
