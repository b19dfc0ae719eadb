/**
 * quota.CalculateUsage: what a namespace uses of the resources a quota limits, summed over
 * every evaluator that counts one of them, each object counted only when it falls in all of
 * the quota's scopes. Names no evaluator tracks are left out (the old value is kept).
 */
import {
  builtinResources,
  configmaps,
  persistentvolumeclaims,
  pods,
  resourcequotas,
  secrets,
  services,
  type ResourceInfo,
} from '../../api/resources.ts';
import {
  evaluatorFor,
  objectCountName,
  scopeSelectorsOf,
} from '../../api/quota/quota-evaluators.ts';
import { add, mask, type Amounts } from '../../api/quota/resource-lists.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { ResourceQuota } from '../../types/quota.ts';

/** Kinds with evaluators of their own, always considered. */
const coreInfos = [pods, services, persistentvolumeclaims, configmaps, secrets, resourcequotas];

/** The resources whose objects a quota's hard names count. */
export function trackedResources(hardNames: readonly string[]): ResourceInfo[] {
  const infos = new Set<ResourceInfo>();
  for (const info of coreInfos)
    if (evaluatorFor(info).matchingResources(hardNames).length > 0) infos.add(info);
  for (const name of hardNames) {
    if (!name.startsWith('count/')) continue;
    const info = builtinResources.find((r) => r.namespaced && objectCountName(r) === name);
    if (info) infos.add(info);
  }
  return [...infos];
}

/**
 * The usage of `quota`'s hard names in its namespace; `objects` lists one resource's objects
 * there. Each counted name starts at zero; the result holds only counted names.
 */
export function calculateUsage(
  quota: ResourceQuota,
  objects: (info: ResourceInfo) => readonly KubeObject[],
  now: number,
): { usage: Amounts; counted: Set<string> } {
  const hardNames = Object.keys(quota.spec?.hard ?? {});
  const scopes = scopeSelectorsOf(quota);
  let usage: Amounts = new Map();
  const counted = new Set<string>();
  for (const info of trackedResources(hardNames)) {
    const evaluator = evaluatorFor(info);
    const names = evaluator.matchingResources(hardNames);
    let used: Amounts = new Map(names.map((n) => [n, { nanos: 0n, format: 'DecimalSI' as const }]));
    for (const object of objects(info)) {
      if (!scopes.every((s) => evaluator.matchesScope(s, object))) continue;
      used = add(used, evaluator.usage(object, now));
    }
    for (const n of names) counted.add(n);
    usage = add(usage, mask(used, names));
  }
  return { usage: mask(usage, counted), counted };
}
