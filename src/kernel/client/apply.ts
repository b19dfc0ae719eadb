import { parseAllDocuments } from 'yaml';
import { badRequest, isNotFound, StatusError, toStatus, type Status } from '../api/errors.ts';
import { jsonEqual } from '../util/json-value.ts';
import { applyPatch, strategicMergePatchType } from '../api/patch/apply-patch.ts';
import { builtinResources, groupVersion, type ResourceInfo } from '../api/resources.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Client } from './client.ts';

/** The annotation where `kubectl apply` keeps what was applied last. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyResult {
  /** `deployment.apps/web`, as kubectl prints it. */
  ref: string;
  action?: 'created' | 'configured' | 'unchanged';
  error?: Status;
}

/** Parses a multi-document YAML (or JSON) manifest; YAML errors become one BadRequest listing them with positions. */
export function parseManifest(text: string): KubeObject[] {
  const docs = parseAllDocuments(text);
  const objects: KubeObject[] = [];
  const problems: string[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      problems.push(
        pos ? `line ${pos.line}, column ${pos.col}: ${e.message.split('\n')[0]}` : e.message,
      );
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`document is not an object: ${JSON.stringify(value).slice(0, 40)}`);
      continue;
    }
    const object = value as KubeObject;
    if (object.kind === 'List' && Array.isArray(object.items))
      objects.push(...(object.items as KubeObject[]));
    else objects.push(object);
  }
  if (problems.length > 0) throw badRequest(`error parsing manifest: ${problems.join('; ')}`);
  return objects;
}

function resourceFor(object: KubeObject): ResourceInfo {
  const info = builtinResources.find(
    (r) => groupVersion(r) === object.apiVersion && r.kind === object.kind,
  );
  if (!info) {
    throw badRequest(
      `resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "manifest": no matches for kind "${String(object.kind)}" in version "${String(object.apiVersion)}"`,
    );
  }
  return info;
}

/** kubectl's name for an object: `pod/web`, `deployment.apps/web`. */
export function kubectlRef(info: ResourceInfo, name: string): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}/${name}` : `${kind}/${name}`;
}

/**
 * A patch from `current` to `modified` that also removes what `lastApplied` had and
 * `modified` no longer has: kubectl's three-way merge, for maps. Lists are given whole.
 */
export function threeWayPatch(
  lastApplied: Record<string, unknown> | undefined,
  modified: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(modified)) {
    const now = current[key];
    if (isMap(value) && isMap(now)) {
      const last =
        lastApplied && isMap(lastApplied[key])
          ? (lastApplied[key] as Record<string, unknown>)
          : undefined;
      const sub = threeWayPatch(last, value, now);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!jsonEqual(value, now)) {
      patch[key] = value;
    }
  }
  for (const key of Object.keys(lastApplied ?? {})) {
    if (!(key in modified) && key in current) patch[key] = null;
  }
  return patch;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `kubectl apply -f` for a manifest: creates what is missing and patches what exists so that
 * it matches the manifest, remembering the manifest in the last-applied annotation so that a
 * field removed from the manifest is removed from the object. Each document gets its own
 * result; one bad document does not stop the others.
 */
export async function applyManifest(
  client: Client,
  text: string,
  defaultNamespace = 'default',
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const object of parseManifest(text)) {
    const name = object.metadata?.name ?? '';
    let ref = `${String(object.kind ?? 'object').toLowerCase()}/${name}`;
    try {
      const info = resourceFor(object);
      ref = kubectlRef(info, name);
      if (!name)
        throw badRequest(
          object.metadata?.generateName
            ? 'cannot use generate name with apply'
            : 'resource name may not be empty',
        );
      const namespace = info.namespaced
        ? (object.metadata.namespace ?? defaultNamespace)
        : undefined;
      const applied = JSON.stringify(object);
      const desired: KubeObject = {
        ...object,
        metadata: {
          ...object.metadata,
          ...(namespace ? { namespace } : {}),
          annotations: { ...object.metadata.annotations, [lastAppliedAnnotation]: applied },
        },
      };
      let current: KubeObject | undefined;
      try {
        current = await client.get(info, namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (!current) {
        await client.create(info, namespace, desired);
        results.push({ ref, action: 'created' });
        continue;
      }
      const lastText = current.metadata.annotations?.[lastAppliedAnnotation];
      const last = lastText ? (JSON.parse(lastText) as Record<string, unknown>) : undefined;
      const patch = threeWayPatch(
        last,
        desired as Record<string, unknown>,
        current as Record<string, unknown>,
      );
      // Sent as a strategic merge patch, as kubectl does for built-in kinds: list items merge
      // by key, so fields the server defaulted inside a container are not reported as changes.
      // (Removing a whole list item through apply is not expressed yet.)
      const unchanged =
        Object.keys(patch).length === 0 ||
        jsonEqual(applyPatch(current, strategicMergePatchType, patch), current);
      if (unchanged) {
        results.push({ ref, action: 'unchanged' });
        continue;
      }
      await client.patch(info, namespace, name, patch, 'strategic');
      results.push({ ref, action: 'configured' });
    } catch (err) {
      results.push({ ref, error: err instanceof StatusError ? err.status : toStatus(err) });
    }
  }
  return results;
}
