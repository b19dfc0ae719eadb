/** apps/v1 ReplicaSet defaulting (SetDefaults_ReplicaSet): one replica and the template's spec defaults. */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodTemplate } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults a ReplicaSet in place. */
export function defaultReplicaSet(rs: KubeObject): void {
  if (!isObj(rs.spec)) rs.spec = {};
  const spec = rs.spec as Obj;
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplate(spec.template);
}
