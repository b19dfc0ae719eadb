import { rfc3339 } from '../../clock/clock.ts';
import type { KubeObject } from '../../types/meta.ts';
import { admitUpdate, checkBodyFields, fieldValidationOf } from '../admission.ts';
import { badRequest, conflict, invalid, isConflict } from '../errors.ts';
import { jsonEqual } from '../../util/json-value.ts';
import { clone, keepSystemMeta, specPart } from '../object-meta.ts';
import type { Registry } from '../registry.ts';
import type { FinishFunc } from '../storage-hooks.ts';
import type { ResourceRequest } from '../request.ts';
import type { ApiResponse } from '../types.ts';
import { decodeObject } from './body.ts';
import { ok, type ServerContext } from './context.ts';
import { applyPatch } from '../patch/apply-patch.ts';
import { updateAdmission } from '../quota/resource-admission.ts';

/** How many times a write that lost a race with another writer is recomputed and retried. */
const maxUpdateAttempts = 16;

export interface UpdateOptions {
  /** The resourceVersion the client based its change on; a mismatch is 409 Conflict. */
  expectedResourceVersion?: string;
  /** `status` for the status subresource, which keeps everything but status. */
  subresource?: string;
  /**
   * The server's own write (a delete's marking, a binding, a finalize): it sets exactly what
   * it means to, so strategy and admission are skipped.
   */
  serverWrite?: boolean;
  dryRun?: boolean;
  /**
   * Validating admission (LimitRanger, ResourceQuota) of the admitted object against the
   * stored one, run on every attempt before the write, as the apiserver runs it inside
   * GuaranteedUpdate; it may charge quotas, so it is given only what is really written.
   */
  admit?: (next: KubeObject, current: KubeObject, dryRun: boolean) => Promise<void>;
}

/**
 * The apiserver's GuaranteedUpdate: read the stored object, compute the new one from it, and
 * write it with compare-and-swap, recomputing when another writer got there first. A client
 * that named a resourceVersion gets 409 Conflict instead of a retry. An object being deleted
 * whose last finalizer is removed is deleted.
 */
export async function guaranteedUpdate(
  registry: Registry,
  namespace: string | undefined,
  name: string,
  compute: (current: KubeObject) => KubeObject,
  options: UpdateOptions = {},
): Promise<KubeObject> {
  for (let attempt = 1; ; attempt++) {
    const { object: current, text: currentText } = await registry.getWithText(namespace, name);
    if (
      options.expectedResourceVersion &&
      options.expectedResourceVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(registry.groupResource, name);
    }
    // A second decode is the caller's private copy (cheaper than a deep clone).
    const next = compute(registry.decodeText(currentText, current.metadata.resourceVersion!));
    const finish = options.serverWrite
      ? undefined
      : prepare(registry, next, current, options.subresource, !!options.dryRun);
    if (options.admit && !options.serverWrite) {
      try {
        await options.admit(next, current, !!options.dryRun);
      } catch (err) {
        finish?.(false);
        throw err;
      }
    }
    const currentRevision = Number(current.metadata.resourceVersion);
    // Stored values are encoded the same way, so equal text means nothing changed: no write.
    const nextText = registry.encode(next);
    if (nextText === currentText || options.dryRun) {
      finish?.(false);
      return nextText === currentText ? current : next;
    }
    const deleting = shouldDeleteNow(registry, next);
    let written: KubeObject;
    try {
      written = deleting
        ? await registry.remove(namespace, name, currentRevision)
        : await registry.put(next, currentRevision, nextText);
    } catch (err) {
      finish?.(false);
      if (!isConflict(err) || options.expectedResourceVersion || attempt >= maxUpdateAttempts)
        throw err;
      continue;
    }
    finish?.(true);
    if (!deleting) return written;
    await registry.hooks.afterDelete?.(next);
    // The answer is the object as its deletion left it, at the delete's revision.
    next.metadata.resourceVersion = written.metadata.resourceVersion;
    return next;
  }
}

/**
 * Applies the strategy, keeps server-owned metadata, bumps generation, and admits the result.
 * Returns the storage's BeginUpdate transaction (status writes have none), to settle once the
 * write's outcome is known.
 */
function prepare(
  registry: Registry,
  next: KubeObject,
  current: KubeObject,
  subresource: string | undefined,
  dryRun: boolean,
): FinishFunc | undefined {
  const info = registry.info;
  keepSystemMeta(next.metadata, current.metadata);
  if (subresource === 'status') {
    registry.strategy.prepareForStatusUpdate(next, current);
    return undefined;
  }
  registry.strategy.prepareForUpdate(next, current);
  // An unconditional update is validated as if it named the stored version, as the apiserver does.
  next.metadata.resourceVersion ??= current.metadata.resourceVersion;
  const beginUpdate = registry.hooks.beginUpdate;
  const finish = admitUpdate(
    info,
    next,
    current,
    beginUpdate && ((o) => beginUpdate(o, current, dryRun)),
  );
  try {
    checkFinalizers(registry, next, current);
  } catch (err) {
    finish?.(false);
    throw err;
  }
  if (info.tracksGeneration && !jsonEqual(specPart(next), specPart(current))) {
    next.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  return finish;
}

/** Once deletion has started no finalizer may be added (apimachinery ValidateObjectMetaUpdate). */
function checkFinalizers(registry: Registry, next: KubeObject, current: KubeObject): void {
  if (!current.metadata.deletionTimestamp) return;
  const old = new Set(current.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter((f) => !old.has(f));
  if (added.length === 0) return;
  throw invalid(registry.info.kind, registry.info.group, current.metadata.name ?? '', [
    {
      type: 'FieldValueForbidden',
      field: 'metadata.finalizers',
      detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
        .map((f) => JSON.stringify(f))
        .join(', ')}}`,
    },
  ]);
}

/** An object marked for deletion goes once no finalizer holds it and no grace period is running. */
export function shouldDeleteNow(registry: Registry, object: KubeObject): boolean {
  if (!object.metadata.deletionTimestamp) return false;
  if (registry.strategy.pendingFinalizers(object).length > 0) return false;
  return (object.metadata.deletionGracePeriodSeconds ?? 0) === 0;
}

/** PUT of an object or of its `/status`. */
export async function handleUpdate(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const info = r.resource;
  const name = r.name!;
  const body = decodeObject(info, r.body, r.namespace);
  if (body.metadata.name && body.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  body.metadata.name = name;
  const warnings = r.subresource ? [] : checkBodyFields(info, body, fieldValidationOf(r.query));
  const registry = ctx.registry(info);
  const updated = await guaranteedUpdate(registry, r.namespace, name, () => clone(body), {
    expectedResourceVersion: body.metadata.resourceVersion,
    subresource: r.subresource,
    dryRun: r.query.dryRun === 'All',
    admit: r.subresource ? undefined : updateAdmission(ctx, info),
  });
  return ok(updated, warnings);
}

/** PATCH of an object or of its `/status`, in any of the three patch formats. */
export async function handlePatch(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const info = r.resource;
  const registry = ctx.registry(info);
  const updated = await guaranteedUpdate(
    registry,
    r.namespace,
    r.name!,
    (current) => {
      const patched = applyPatch(current, r.contentType, r.body);
      // A resourceVersion written into the patch is a precondition, as in the apiserver.
      const rv = patched.metadata?.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) {
        throw conflict(registry.groupResource, r.name!);
      }
      return patched;
    },
    {
      subresource: r.subresource,
      dryRun: r.query.dryRun === 'All',
      admit: r.subresource ? undefined : updateAdmission(ctx, info),
    },
  );
  return ok(updated);
}

/** The current time as metav1.Time. */
export function timestamp(ctx: ServerContext, offsetMs = 0): string {
  return rfc3339(ctx.clock.now() + offsetMs);
}
