import { notFound } from './errors.ts';
import { builtinResources, groupVersion, type ResourceInfo } from './resources.ts';

/** The Kubernetes version this cluster reports (`kubectl version`, node kubeletVersion). */
export const kubernetesVersion = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.0',
  gitCommit: 'kube-in-a-tab',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'wasm/browser',
} as const;

function resourceEntries(resources: ResourceInfo[]): unknown[] {
  const entries: unknown[] = [];
  for (const r of resources) {
    entries.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources) {
      entries.push({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind:
          sub === 'scale'
            ? 'Scale'
            : sub === 'binding'
              ? 'Binding'
              : sub === 'eviction'
                ? 'Eviction'
                : r.kind,
        verbs:
          sub === 'binding' || sub === 'eviction'
            ? ['create']
            : sub === 'finalize'
              ? ['update']
              : ['get', 'patch', 'update'],
      });
    }
  }
  return entries;
}

/**
 * The discovery documents kubectl reads to learn what the server serves: `/api`, `/apis`,
 * `/api/v1`, `/apis/{group}/{version}` and `/version`.
 */
export function discovery(path: string): unknown {
  if (path === '/version') return kubernetesVersion;
  if (path === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  }
  const groups = new Map<string, ResourceInfo[]>();
  for (const r of builtinResources) {
    const gv = groupVersion(r);
    groups.set(gv, [...(groups.get(gv) ?? []), r]);
  }
  if (path === '/apis') {
    // One entry per group, its versions in the order served; the first is the preferred one.
    const versions = new Map<string, { groupVersion: string; version: string }[]>();
    for (const gv of groups.keys()) {
      if (!gv.includes('/')) continue;
      const [group, version] = gv.split('/');
      versions.set(group, [...(versions.get(group) ?? []), { groupVersion: gv, version }]);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...versions].map(([name, list]) => ({
        name,
        versions: list,
        preferredVersion: list[0],
      })),
    };
  }
  const gv = path.startsWith('/api/') ? path.slice('/api/'.length) : path.slice('/apis/'.length);
  const resources = groups.get(gv);
  if (resources) {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: resourceEntries(resources),
    };
  }
  const err = notFound({ group: '', resource: '' }, '');
  err.status.message = 'the server could not find the requested resource';
  delete err.status.details;
  throw err;
}
