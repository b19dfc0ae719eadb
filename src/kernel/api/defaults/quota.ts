/**
 * core/v1 defaulting of ResourceQuota and LimitRange: every resource list rounded up to milli
 * units and stored canonically (SetDefaults_ResourceList), and SetDefaults_LimitRangeItem for
 * Container items: a missing default limit is the max, a missing default request is the
 * default limit, else the min.
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultResourceList } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults a ResourceQuota in place. */
export function defaultResourceQuota(quota: KubeObject): void {
  if (isObj(quota.spec)) defaultResourceList(quota.spec.hard);
  if (isObj(quota.status)) {
    defaultResourceList(quota.status.hard);
    defaultResourceList(quota.status.used);
  }
}

const lists = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

/** Defaults a LimitRange in place. */
export function defaultLimitRange(range: KubeObject): void {
  if (!isObj(range.spec) || !Array.isArray(range.spec.limits)) return;
  for (const item of range.spec.limits) {
    if (!isObj(item)) continue;
    for (const name of lists) defaultResourceList(item[name]);
    if (item.type !== 'Container') continue;
    if (!isObj(item.default)) item.default = {};
    if (!isObj(item.defaultRequest)) item.defaultRequest = {};
    const defaults = item.default as Obj;
    const defaultRequests = item.defaultRequest as Obj;
    for (const [name, q] of Object.entries(isObj(item.max) ? item.max : {}))
      if (!(name in defaults)) defaults[name] = q;
    for (const [name, q] of Object.entries(defaults))
      if (!(name in defaultRequests)) defaultRequests[name] = q;
    for (const [name, q] of Object.entries(isObj(item.min) ? item.min : {}))
      if (!(name in defaultRequests)) defaultRequests[name] = q;
    // Empty lists are omitted on the wire (omitempty), so none is left behind.
    if (Object.keys(defaults).length === 0) delete item.default;
    if (Object.keys(defaultRequests).length === 0) delete item.defaultRequest;
  }
}
