/**
 * Node defaulting (SetDefaults_NodeStatus): allocatable copies capacity when absent; capacity
 * and allocatable quantities are rounded up to milli units and stored canonically.
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultResourceList } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults a Node in place. */
export function defaultNode(node: KubeObject): void {
  if (!isObj(node.spec)) node.spec = {};
  if (!isObj(node.status)) return;
  const status = node.status;
  defaultResourceList(status.capacity);
  if (!isObj(status.allocatable) && isObj(status.capacity))
    status.allocatable = { ...status.capacity };
  defaultResourceList(status.allocatable);
}
