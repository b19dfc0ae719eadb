import { builtinResources, type ResourceInfo } from '../api/resources.ts';
import { KubectlError } from './errors.ts';

/**
 * Finds the resource a kubectl argument names, as kubectl's RESTMapper does: plural
 * (`pods`), singular (`pod`), short name (`po`), kind (`Pod`, case-insensitive), optionally
 * qualified by group (`deployments.apps`, `deploy.apps`). Unknown:
 * `error: the server doesn't have a resource type "pdos"`.
 */
export function resolveResourceType(arg: string): ResourceInfo {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  const matches = builtinResources.filter(
    (r) =>
      (group === undefined || r.group === group || `${r.version}.${r.group}` === group) &&
      (r.resource === name ||
        r.singular === name ||
        r.kind.toLowerCase() === name ||
        r.shortNames.includes(name)),
  );
  if (matches.length === 0)
    throw new KubectlError(`the server doesn't have a resource type "${arg}"`);
  return matches[0];
}

/** kubectl's `<kind>[.<group>]` for messages: `deployment.apps`, `pod`. */
export function kindString(info: ResourceInfo): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}` : kind;
}

/** `deployment.apps/web`, as the name printer prints an object. */
export function objectRef(info: ResourceInfo, name: string): string {
  return `${kindString(info)}/${name}`;
}

export interface ResourceTarget {
  info: ResourceInfo;
  /** Empty for "all of this type". */
  names: string[];
}

/**
 * The objects a command's arguments name: `TYPE`, `TYPE NAME...`, `TYPE/NAME...`, or
 * `TYPE1,TYPE2` (kubectl's ResourceBuilder argument forms). Mixed forms are refused as kubectl
 * does.
 */
export function parseResourceArgs(args: readonly string[]): ResourceTarget[] {
  if (args.length === 0) return [];
  if (args.every((a) => a.includes('/'))) {
    const targets: ResourceTarget[] = [];
    for (const arg of args) {
      const [type, name] = arg.split('/', 2);
      if (!name)
        throw new KubectlError(
          `arguments in resource/name form must have a single resource and name`,
        );
      const info = resolveResourceType(type);
      const existing = targets.find((t) => t.info === info);
      if (existing) existing.names.push(name);
      else targets.push({ info, names: [name] });
    }
    return targets;
  }
  if (args.some((a) => a.includes('/'))) {
    throw new KubectlError(
      `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
    );
  }
  const [types, ...names] = args;
  return types.split(',').map((t) => ({ info: resolveResourceType(t), names: [...names] }));
}
