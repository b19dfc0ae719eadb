import type { ResourceInfo } from '../api/resources.ts';
import { resourceForObject } from '../client/apply.ts';
import type { KubeObject } from '../types/meta.ts';
import type { KubectlContext } from './context.ts';
import { KubectlError } from './errors.ts';
import { readManifests } from './manifest-source.ts';
import { parseResourceArgs } from './resource-types.ts';

/** One object a command acts on: named by arguments, found by a selector, or read from `-f`. */
export interface ObjectTarget {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  /** The file it came from, for `error when deleting "x.yaml": ...`. */
  source?: string;
}

export interface TargetQuery {
  /** `TYPE NAME...`, `TYPE/NAME...` or `TYPE` (with a selector or `--all`). */
  resources: readonly string[];
  namespace: string;
  filenames?: readonly string[];
  selector?: string;
  all?: boolean;
}

export interface TargetSelection {
  targets: ObjectTarget[];
  /** Lines for stderr about inputs that named nothing usable (bad documents, unknown kinds). */
  errors: string[];
  /** True when a type was listed (`-l`, `--all`): nothing found then means "No resources found". */
  listed: boolean;
}

/**
 * The objects a command's arguments select, in argument order, as kubectl's resource builder
 * resolves them. Usage mistakes throw kubectl's error.
 */
export async function selectTargets(
  ctx: KubectlContext,
  query: TargetQuery,
): Promise<TargetSelection> {
  const targets: ObjectTarget[] = [];
  const errors: string[] = [];
  const files = query.filenames ?? [];
  if (files.length > 0) {
    if (query.resources.length > 0)
      throw new KubectlError('Unexpected args: ' + `[${query.resources.join(' ')}]`);
    const read = await readManifests(ctx, files);
    for (const { source, object } of read.objects) {
      const info = resourceForObject(object);
      if (!info) {
        errors.push(mappingError(object, query.namespace, source));
        continue;
      }
      targets.push({
        info,
        namespace: info.namespaced ? (object.metadata.namespace ?? query.namespace) : undefined,
        name: object.metadata.name ?? '',
        source,
      });
    }
    errors.push(...read.errors.map((e) => `error: ${e.message}`));
    return { targets, errors, listed: false };
  }
  if (query.resources.length === 0) {
    throw new KubectlError(
      `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`,
    );
  }
  const selecting = query.selector !== undefined || query.all === true;
  for (const { info, names } of parseResourceArgs(query.resources)) {
    const namespace = info.namespaced ? query.namespace : undefined;
    if (names.length > 0) {
      if (query.selector !== undefined)
        throw new KubectlError('name cannot be provided when a selector is specified');
      for (const name of names) targets.push({ info, namespace, name });
      continue;
    }
    if (!selecting) throw new KubectlError('resource(s) were provided, but no name was specified');
    const list = await ctx.client.list(
      info,
      namespace,
      query.selector ? { labelSelector: query.selector } : {},
    );
    for (const item of list.items)
      targets.push({ info, namespace, name: item.metadata.name ?? '' });
  }
  return { targets, errors, listed: selecting };
}

/** kubectl's message for a document whose kind the server does not serve. */
export function mappingError(object: KubeObject, namespace: string, source: string): string {
  return `resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? namespace}" from "${source}": no matches for kind "${String(object.kind)}" in version "${String(object.apiVersion)}"\nensure CRDs are installed first`;
}
