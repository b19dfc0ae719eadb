import { stringify } from 'yaml';
import { builtinResources, groupVersion } from '../../kernel/api/resources.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { KubeObject } from '../../kernel/types/meta.ts';
import { inApplyOrder } from './apply-order.ts';
import { cleanForApply } from './clean-for-apply.ts';
import { selectUserObjects, type ListedObject } from './user-objects.ts';

/** Listed for nothing: only the cluster writes these, and there can be many. */
const unlisted = new Set(['Event', 'Lease', 'PodMetrics', 'NodeMetrics']);

/** The first line of every bundle. */
export const bundleHeader =
  '# The objects of a Kubernetes in a tab cluster. Recreate them with: kubectl apply -f FILE\n';

/**
 * The user's objects of the cluster behind `client` (see selectUserObjects), cleaned for
 * `kubectl apply -f` on any cluster (cleanForApply), in apply order (inApplyOrder).
 */
export async function exportObjects(client: Client): Promise<KubeObject[]> {
  const listed: ListedObject[] = [];
  for (const info of builtinResources) {
    if (info.storedAs || unlisted.has(info.kind) || !info.verbs.includes('list')) continue;
    const { items } = await client.list(info);
    for (const item of items) {
      listed.push({ info, object: { ...item, apiVersion: groupVersion(info), kind: info.kind } });
    }
  }
  return inApplyOrder(selectUserObjects(listed).map(({ object }) => cleanForApply(object)));
}

/** `objects` as one YAML stream, `---` between documents, after the bundle's header comment. */
export function bundleYaml(objects: readonly KubeObject[]): string {
  const docs = objects.map((o) => {
    const { apiVersion, kind, metadata, ...rest } = o;
    return stringify({ apiVersion, kind, metadata, ...rest }, { lineWidth: 0 });
  });
  return bundleHeader + docs.join('---\n');
}

/** The cluster's user objects as one YAML bundle that `kubectl apply -f` takes. */
export async function exportBundle(client: Client): Promise<string> {
  return bundleYaml(await exportObjects(client));
}
