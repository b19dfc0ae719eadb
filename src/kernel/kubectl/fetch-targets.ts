import type { ResourceInfo } from '../api/resources.ts';
import type { KubeObject } from '../types/meta.ts';
import type { KubectlContext } from './context.ts';
import { parseResourceArgs } from './resource-types.ts';

export interface Target<T extends KubeObject = KubeObject> {
  info: ResourceInfo;
  object: T;
}

/**
 * The objects that `TYPE NAME...` / `TYPE/NAME...` arguments name, fetched from the server
 * (cli-runtime's builder with `.Latest()`): a missing one fails with the server's NotFound;
 * a type with no names means every object of it in the namespace (optionally by selector).
 */
export async function fetchTargets(
  ctx: KubectlContext,
  args: readonly string[],
  namespace: string,
  labelSelector?: string,
): Promise<Target[]> {
  const targets: Target[] = [];
  for (const { info, names } of parseResourceArgs(args)) {
    const ns = info.namespaced ? namespace : undefined;
    if (names.length === 0) {
      const list = await ctx.client.list(info, ns, labelSelector ? { labelSelector } : {});
      for (const object of list.items) targets.push({ info, object });
      continue;
    }
    for (const name of names) {
      targets.push({ info, object: await ctx.client.get(info, ns, name) });
    }
  }
  return targets;
}

/** schema.GroupKind.String(): `Deployment.apps`, `Pod`. */
export function groupKindString(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

/** The qualified resource in messages: `deployments.apps`, `pods`. */
export function groupResourceString(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}
