import { parseAllDocuments } from 'yaml';
import {
  badRequest,
  isNotFound,
  isStatus,
  StatusError,
  toStatus,
  internalError,
  type Status,
} from '../api/errors.ts';
import { isJsonObject, jsonEqual, type JsonObject } from '../util/json-value.ts';
import { applyPatch, strategicMergePatchType } from '../api/patch/apply-patch.ts';
import {
  fieldMeta,
  patchSchemaForKind,
  unknownType,
  type PatchFieldMeta,
  type PatchSchema,
} from '../api/patch/strategic-merge-schema.ts';
import {
  builtinResources,
  collectionPath,
  groupVersion,
  objectPath,
  type ResourceInfo,
} from '../api/resources.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Client } from './client.ts';

/** The annotation where `kubectl apply` keeps what was applied last. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyResult {
  /** `deployment.apps/web`, as kubectl prints it. */
  ref: string;
  action?: 'created' | 'configured' | 'unchanged';
  error?: Status;
  /** Which step failed, for kubectl's `error when creating "x.yaml": ...`. */
  failedWhile?: 'creating' | 'patching' | 'retrieving';
  /** kubectl's stderr warning when the live object had no last-applied annotation. */
  warning?: string;
}

/** `client`: nothing is sent; `server`: every write is sent with `dryRun=All`. */
export type DryRun = 'none' | 'client' | 'server';

export interface ApplyOptions {
  /** The namespace for namespaced objects that name none. */
  namespace?: string;
  dryRun?: DryRun;
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

/** The built-in resource serving an object's apiVersion and kind, or undefined. */
export function resourceForObject(object: KubeObject): ResourceInfo | undefined {
  return builtinResources.find(
    (r) => groupVersion(r) === object.apiVersion && r.kind === object.kind,
  );
}

function resourceFor(object: KubeObject, namespace: string, source: string): ResourceInfo {
  const info = resourceForObject(object);
  if (!info) {
    throw badRequest(
      `resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? namespace}" from "${source}": no matches for kind "${String(object.kind)}" in version "${String(object.apiVersion)}"\nensure CRDs are installed first`,
    );
  }
  return info;
}

/** kubectl's name for an object: `pod/web`, `deployment.apps/web`. */
export function kubectlRef(info: ResourceInfo, name: string): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}/${name}` : `${kind}/${name}`;
}

const directive = '$patch';

/**
 * A strategic merge patch from `current` to `modified` that also removes what `lastApplied`
 * had and `modified` no longer has: kubectl's three-way merge. Maps merge member by member
 * (a member dropped from the manifest becomes `null`); lists that merge by key (containers by
 * name, env by name, ports by containerPort... per the kind's strategic-merge schema) carry
 * only the changed items, a `{$patch: delete}` item for each one dropped from the manifest,
 * and `$setElementOrder` giving the manifest's order; set-like scalar lists drop values with
 * `$deleteFromPrimitiveList`. Other lists are sent whole when they differ. `schema` defaults
 * to the one for `modified.kind`.
 */
export function threeWayPatch(
  lastApplied: Record<string, unknown> | undefined,
  modified: Record<string, unknown>,
  current: Record<string, unknown>,
  schema?: PatchSchema,
): Record<string, unknown> {
  const kind = typeof modified.kind === 'string' ? modified.kind : undefined;
  return diffMaps(lastApplied, modified, current, schema ?? patchSchemaForKind(kind));
}

function diffMaps(
  last: JsonObject | undefined,
  modified: JsonObject,
  current: JsonObject,
  schema: PatchSchema,
): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(modified)) {
    const now = current[key];
    const meta = fieldMeta(schema, key);
    const before = last?.[key];
    if (isJsonObject(value) && isJsonObject(now) && meta.strategy !== 'replace') {
      const sub = diffMaps(
        isJsonObject(before) ? before : undefined,
        value,
        now,
        meta.type ?? unknownType,
      );
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (Array.isArray(value) && Array.isArray(now) && meta.strategy === 'merge') {
      Object.assign(
        patch,
        diffMergedList(key, Array.isArray(before) ? before : undefined, value, now, meta),
      );
    } else if (!jsonEqual(value, now)) {
      patch[key] = value;
    }
  }
  for (const key of Object.keys(last ?? {})) {
    if (!(key in modified) && key in current) patch[key] = null;
  }
  return patch;
}

/** The patch members for one list that merges with the live list (see threeWayPatch). */
function diffMergedList(
  field: string,
  last: unknown[] | undefined,
  modified: unknown[],
  current: unknown[],
  meta: PatchFieldMeta,
): JsonObject {
  const key = meta.mergeKey;
  const keyed = (list: readonly unknown[]): list is JsonObject[] =>
    list.every((item) => isJsonObject(item) && key !== undefined && key in item);
  if (!key) {
    // A set of scalars: additions are sent as the list, removals as a delete directive.
    const out: JsonObject = {};
    if (modified.some((v) => !current.some((c) => jsonEqual(c, v)))) out[field] = modified;
    const dropped = (last ?? []).filter(
      (v) => !modified.some((m) => jsonEqual(m, v)) && current.some((c) => jsonEqual(c, v)),
    );
    if (dropped.length > 0) out[`$deleteFromPrimitiveList/${field}`] = dropped;
    return out;
  }
  if (!keyed(modified) || !keyed(current) || (last && !keyed(last))) {
    return jsonEqual(modified, current) ? {} : { [field]: modified };
  }
  const find = (list: readonly JsonObject[] | undefined, value: unknown) =>
    list?.find((item) => item[key] === value);
  const items: JsonObject[] = [];
  for (const item of modified) {
    const live = find(current, item[key]);
    if (!live) {
      items.push(item);
      continue;
    }
    const sub = diffMaps(find(last, item[key]), item, live, meta.type ?? unknownType);
    if (Object.keys(sub).length > 0) items.push({ [key]: item[key], ...sub });
  }
  for (const item of last ?? []) {
    if (find(modified, item[key]) || !find(current, item[key])) continue;
    items.push({ [directive]: 'delete', [key]: item[key] });
  }
  if (items.length === 0) return {};
  return {
    [`$setElementOrder/${field}`]: modified.map((item) => ({ [key]: item[key] })),
    [field]: items,
  };
}

/**
 * The object with `namespace` filled in and the last-applied annotation set to it (without
 * that annotation), as `kubectl apply` and `kubectl create --save-config` send it.
 */
export function withLastApplied(object: KubeObject, namespace: string | undefined): KubeObject {
  const own = { ...object.metadata.annotations };
  delete own[lastAppliedAnnotation];
  const recorded: KubeObject = {
    ...object,
    metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) },
  };
  if (Object.keys(own).length > 0) recorded.metadata.annotations = own;
  else delete recorded.metadata.annotations;
  return {
    ...recorded,
    metadata: {
      ...recorded.metadata,
      annotations: { ...own, [lastAppliedAnnotation]: annotationJson(recorded) },
    },
  };
}

/** JSON with map keys sorted and a trailing newline, as kubectl writes the annotation. */
function annotationJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isJsonObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return `${JSON.stringify(sort(value))}\n`;
}

async function send<T>(
  client: Client,
  request: { verb: string; path: string; body: unknown; contentType?: string },
  dryRun: boolean,
): Promise<T> {
  const response = await client.api.handle({
    ...request,
    ...(dryRun ? { query: { dryRun: 'All' } } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response.body as T;
  if (isStatus(response.body)) throw new StatusError(response.body);
  throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
}

/**
 * `kubectl apply` for one object: creates it when missing, else patches it with the three-way
 * patch against what was applied last, and records the object in the last-applied annotation.
 * Never throws: a failure is the result's `error` (and `failedWhile`). `source` names the
 * manifest in messages.
 */
export async function applyObject(
  client: Client,
  object: KubeObject,
  options: ApplyOptions = {},
  source = 'manifest',
): Promise<ApplyResult> {
  const defaultNamespace = options.namespace ?? 'default';
  const dryRun = options.dryRun ?? 'none';
  const name = object.metadata?.name ?? '';
  let ref = `${String(object.kind ?? 'object').toLowerCase()}/${name}`;
  let failedWhile: ApplyResult['failedWhile'] = 'retrieving';
  try {
    const info = resourceFor(object, defaultNamespace, source);
    ref = kubectlRef(info, name);
    if (!name)
      throw badRequest(
        object.metadata?.generateName
          ? 'cannot use generate name with apply'
          : 'resource name may not be empty',
      );
    const namespace = info.namespaced ? (object.metadata.namespace ?? defaultNamespace) : undefined;
    const desired = withLastApplied(object, namespace);
    let current: KubeObject | undefined;
    try {
      current = await client.get(info, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!current) {
      failedWhile = 'creating';
      if (dryRun !== 'client')
        await send(
          client,
          { verb: 'POST', path: collectionPath(info, namespace), body: desired },
          dryRun === 'server',
        );
      return { ref, action: 'created' };
    }
    failedWhile = 'patching';
    const lastText = current.metadata.annotations?.[lastAppliedAnnotation];
    const warning = lastText
      ? undefined
      : `Warning: resource ${info.resource}${info.group ? `.${info.group}` : ''}/${name} is missing the ${lastAppliedAnnotation} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;
    let last: Record<string, unknown> | undefined;
    try {
      last = lastText ? (JSON.parse(lastText) as Record<string, unknown>) : undefined;
    } catch {
      last = undefined;
    }
    const patch = threeWayPatch(
      last,
      desired as Record<string, unknown>,
      current as Record<string, unknown>,
    );
    // The patch can name fields the server defaulted to the same value; applying it locally
    // tells a real change from none, as kubectl's empty-patch check does.
    const unchanged =
      Object.keys(patch).length === 0 ||
      jsonEqual(applyPatch(current, strategicMergePatchType, patch), current);
    const done = (action: ApplyResult['action']): ApplyResult =>
      warning ? { ref, action, warning } : { ref, action };
    if (unchanged) return done('unchanged');
    if (dryRun !== 'client')
      await send(
        client,
        {
          verb: 'PATCH',
          path: objectPath(info, namespace, name),
          body: patch,
          contentType: strategicMergePatchType,
        },
        dryRun === 'server',
      );
    return done('configured');
  } catch (err) {
    return {
      ref,
      error: err instanceof StatusError ? err.status : toStatus(err),
      failedWhile,
    };
  }
}

/**
 * `kubectl apply -f` for a manifest: creates what is missing and patches what exists so that
 * it matches the manifest, remembering the manifest in the last-applied annotation so that a
 * field (or list item) removed from the manifest is removed from the object. Each document
 * gets its own result; one bad document does not stop the others.
 */
export async function applyManifest(
  client: Client,
  text: string,
  defaultNamespace = 'default',
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const object of parseManifest(text)) {
    results.push(await applyObject(client, object, { namespace: defaultNamespace }));
  }
  return results;
}
