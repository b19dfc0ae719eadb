/**
 * Resolves the per-type tables into FieldSchema trees: one tree per served kind, built once and
 * shared (frozen), with Go type names kept for decode error messages.
 */
import { aliases } from './defs/aliases.ts';
import { appsDefinitions } from './defs/apps.ts';
import { batchDefinitions } from './defs/batch.ts';
import { clusterDefinitions } from './defs/cluster.ts';
import { configDefinitions } from './defs/config.ts';
import { containerDefinitions } from './defs/container.ts';
import { coordinationDefinitions } from './defs/coordination.ts';
import { discoveryDefinitions } from './defs/discovery.ts';
import { metaDefinitions } from './defs/meta.ts';
import { networkingDefinitions } from './defs/networking.ts';
import { podStatusDefinitions } from './defs/pod-status.ts';
import { podDefinitions } from './defs/pod.ts';
import { serviceDefinitions } from './defs/service.ts';
import { storageDefinitions } from './defs/storage.ts';
import { statefulSetDefinitions } from './defs/statefulset.ts';
import { quotaDefinitions } from './defs/quota.ts';
import { volumeDefinitions } from './defs/volume.ts';
import { daemonSetDefinitions } from './defs/daemonset.ts';
import { policyDefinitions } from './defs/policy.ts';
import { autoscalingDefinitions } from './defs/autoscaling.ts';
import { R, type Definitions, type FieldSchema } from './types.ts';

const definitions: Definitions = {
  ...metaDefinitions,
  ...podDefinitions,
  ...containerDefinitions,
  ...volumeDefinitions,
  ...podStatusDefinitions,
  ...clusterDefinitions,
  ...configDefinitions,
  ...appsDefinitions,
  ...batchDefinitions,
  ...coordinationDefinitions,
  ...serviceDefinitions,
  ...discoveryDefinitions,
  ...networkingDefinitions,
  ...storageDefinitions,
  ...statefulSetDefinitions,
  ...quotaDefinitions,
  ...daemonSetDefinitions,
  ...policyDefinitions,
  ...autoscalingDefinitions,
};

/** An API type's own description (`PodSpec`: "PodSpec is a description of a pod."), or ''. */
export function typeDescription(typeName: string): string {
  return definitions[typeName]?.d ?? '';
}

/** Kinds with a schema, and their apiVersion. */
export const servedKinds: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Node: 'v1',
  Namespace: 'v1',
  Event: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Lease: 'coordination.k8s.io/v1',
  Service: 'v1',
  Endpoints: 'v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  ReplicaSet: 'apps/v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
  PersistentVolume: 'v1',
  PersistentVolumeClaim: 'v1',
  StorageClass: 'storage.k8s.io/v1',
  StatefulSet: 'apps/v1',
  ControllerRevision: 'apps/v1',
  ResourceQuota: 'v1',
  LimitRange: 'v1',
  DaemonSet: 'apps/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};

const scalars: Record<string, Omit<FieldSchema, 'description'>> = {
  string: { type: 'string', goType: 'string' },
  bool: { type: 'boolean', goType: 'bool' },
  int: { type: 'integer', goType: 'int' },
  int32: { type: 'integer', goType: 'int32' },
  int64: { type: 'integer', goType: 'int64' },
  float64: { type: 'number', goType: 'float64' },
  '[]byte': { type: 'string', goType: '[]uint8', format: 'byte' },
  Time: { type: 'string', goType: 'v1.Time', format: 'date-time' },
  MicroTime: { type: 'string', goType: 'v1.MicroTime', format: 'micro-time' },
  Duration: { type: 'string', goType: 'v1.Duration' },
  UID: { type: 'string', goType: 'types.UID' },
  Quantity: { type: 'quantity', goType: 'resource.Quantity' },
  IntOrString: { type: 'int-or-string', goType: 'intstr.IntOrString' },
  FieldsV1: { type: 'any', goType: 'v1.FieldsV1' },
  RawExtension: { type: 'any', goType: 'runtime.RawExtension' },
};

const built = new Map<string, FieldSchema>();

function resolveType(expr: string, description: string, required: boolean): FieldSchema {
  const base: Pick<FieldSchema, 'description' | 'required'> = required
    ? { description, required }
    : { description };
  if (expr in scalars) return { ...scalars[expr], ...base };
  if (expr.startsWith('[]')) {
    const items = resolveType(expr.slice(2), '', false);
    return { type: 'array', items, goType: `[]${items.goType}`, ...base };
  }
  const map = /^map\[([^\]]+)\](.+)$/.exec(expr);
  if (map) {
    const key = resolveType(map[1], '', false);
    const items = resolveType(map[2], '', false);
    return { type: 'map', items, goType: `map[${key.goType}]${items.goType}`, ...base };
  }
  if (expr in aliases) {
    const inner = resolveType(aliases[expr], '', false);
    return { ...inner, ...base, goType: `v1.${expr}` };
  }
  const def = definitions[expr];
  if (!def) throw new Error(`schema: unknown type ${expr}`);
  const obj = objectSchema(expr);
  return { ...obj, ...base };
}

/** The object schema of a named struct, with inlined structs merged; memoized. */
function objectSchema(name: string): FieldSchema {
  const cached = built.get(name);
  if (cached) return cached;
  const def = definitions[name];
  const children: Record<string, FieldSchema> = {};
  const addFields = (typeName: string): void => {
    for (const [json, [expr, description = '', flags = 0]] of Object.entries(
      definitions[typeName].f,
    )) {
      if (json === '...') addFields(expr);
      else children[json] = resolveType(expr, description, (flags & R) !== 0);
    }
  };
  addFields(name);
  if (name in servedKinds) {
    children.apiVersion = {
      type: 'string',
      goType: 'string',
      description: 'The versioned schema of this object, such as v1 or apps/v1.',
    };
    children.kind = {
      type: 'string',
      goType: 'string',
      description: 'The kind of this object, such as Pod.',
    };
  }
  const schema: FieldSchema = Object.freeze({
    type: 'object',
    description: def.d,
    children: Object.freeze(children),
    goType: `v1.${def.n ?? name}`,
    typeName: def.n ?? name,
  });
  built.set(name, schema);
  return schema;
}

/** The schema of a served kind, or undefined for kinds without one (ConfigMap, Service...). */
export function schemaForKind(kind: string): FieldSchema | undefined {
  return kind in servedKinds ? objectSchema(kind) : undefined;
}
