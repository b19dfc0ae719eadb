import { rfc3339 } from '../../clock/clock.ts';
import type { DeleteOptions, DeletionPropagation, KubeObject } from '../../types/meta.ts';
import { badRequest, conflict, successStatus } from '../errors.ts';
import type { Registry } from '../registry.ts';
import type { ResourceRequest } from '../request.ts';
import type { ApiResponse } from '../types.ts';
import { ok, type ServerContext } from './context.ts';
import { filterFor } from './selection.ts';
import { guaranteedUpdate, shouldDeleteNow, timestamp } from './update.ts';

const orphanFinalizer = 'orphan';
const foregroundFinalizer = 'foregroundDeletion';

/** DeleteOptions from the body, with query parameters (`gracePeriodSeconds`, `propagationPolicy`) taking part as in the apiserver. */
export function deleteOptionsOf(r: ResourceRequest): DeleteOptions {
  const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as DeleteOptions;
  const options: DeleteOptions = { ...body };
  if (r.query.gracePeriodSeconds !== undefined) {
    const n = Number(r.query.gracePeriodSeconds);
    if (!Number.isInteger(n))
      throw badRequest(`invalid gracePeriodSeconds: ${r.query.gracePeriodSeconds}`);
    options.gracePeriodSeconds = n;
  }
  if (r.query.propagationPolicy)
    options.propagationPolicy = r.query.propagationPolicy as DeletionPropagation;
  if (r.query.orphanDependents !== undefined)
    options.orphanDependents = r.query.orphanDependents === 'true';
  if (r.query.dryRun === 'All') options.dryRun = ['All'];
  const policy = options.propagationPolicy;
  if (
    policy !== undefined &&
    policy !== 'Orphan' &&
    policy !== 'Background' &&
    policy !== 'Foreground'
  ) {
    throw badRequest(
      `DeleteOptions.propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  if (policy !== undefined && options.orphanDependents !== undefined) {
    throw badRequest(
      'DeleteOptions.propagationPolicy: Invalid value: "' +
        policy +
        '": orphanDependents and deletionPropagation cannot be both set',
    );
  }
  return options;
}

function propagationOf(registry: Registry, options: DeleteOptions): DeletionPropagation {
  if (options.propagationPolicy) return options.propagationPolicy;
  if (options.orphanDependents === true) return 'Orphan';
  if (options.orphanDependents === false) return 'Background';
  return registry.strategy.defaultPropagation;
}

function checkPreconditions(registry: Registry, object: KubeObject, options: DeleteOptions): void {
  const pre = options.preconditions;
  const name = object.metadata.name ?? '';
  if (pre?.uid && pre.uid !== object.metadata.uid) {
    throw conflict(
      registry.groupResource,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${object.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== object.metadata.resourceVersion) {
    throw conflict(
      registry.groupResource,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion}`,
    );
  }
}

export interface DeleteResult {
  /** The object as it now is (marked for deletion) or as it last was (gone). */
  object: KubeObject;
  /** True when the object is gone from storage. */
  deleted: boolean;
}

/**
 * Deletes one object as the apiserver's generic store does. With a grace period (running
 * pods) or finalizers (including `foregroundDeletion`/`orphan` added for the propagation
 * policy) the object is only marked: deletionTimestamp is set and it stays until the kubelet
 * confirms or the finalizers are removed. Otherwise it is removed at once.
 */
export async function deleteObject(
  ctx: ServerContext,
  registry: Registry,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): Promise<DeleteResult> {
  const strategy = registry.strategy;
  const dryRun = options.dryRun?.includes('All') ?? false;
  const object = await guaranteedUpdate(
    registry,
    namespace,
    name,
    (current) => {
      checkPreconditions(registry, current, options);
      const meta = current.metadata;
      // The propagation policy becomes a finalizer; a repeated delete without a policy keeps the one set before.
      const explicitPolicy =
        options.propagationPolicy !== undefined || options.orphanDependents !== undefined;
      let finalizers = meta.finalizers ?? [];
      if (explicitPolicy || !meta.deletionTimestamp) {
        const policy = propagationOf(registry, options);
        finalizers = finalizers.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
        if (policy === 'Orphan') finalizers.push(orphanFinalizer);
        if (policy === 'Foreground') finalizers.push(foregroundFinalizer);
      }
      if (finalizers.length > 0) meta.finalizers = finalizers;
      else delete meta.finalizers;

      if (meta.deletionTimestamp) {
        // As the apiserver's BeforeDelete: a deletion under way changes only when the request
        // names a grace period shorter than the one running; the deadline then moves to the
        // deletion's start plus the new period. Without one, the pending deletion stands.
        const running = meta.deletionGracePeriodSeconds ?? 0;
        const requested = options.gracePeriodSeconds;
        if (requested !== undefined && requested < running) {
          const started = Date.parse(meta.deletionTimestamp) - running * ctx.declaredSecond;
          meta.deletionTimestamp = rfc3339(started + Math.max(0, requested) * ctx.declaredSecond);
          meta.deletionGracePeriodSeconds = Math.max(0, requested);
        }
      } else {
        const grace = strategy.gracePeriodSeconds(current, options);
        meta.deletionTimestamp = timestamp(ctx, grace * ctx.declaredSecond);
        meta.deletionGracePeriodSeconds = grace;
        if (meta.generation !== undefined && meta.generation > 0) meta.generation++;
        strategy.markDeleting(current);
      }
      return current;
    },
    { serverWrite: true, dryRun },
  );
  // guaranteedUpdate removes an object whose deletion needs no waiting instead of writing it.
  return { object, deleted: !dryRun && shouldDeleteNow(registry, object) };
}

/** DELETE of one object. */
export async function handleDelete(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const registry = ctx.registry(r.resource);
  const options = deleteOptionsOf(r);
  const { object, deleted } = await deleteObject(ctx, registry, r.namespace, r.name!, options);
  if (deleted && !registry.strategy.returnsDeletedObject) {
    return ok(successStatus(registry.groupResource, r.name!, object.metadata.uid));
  }
  // As the apiserver's delete handler: 202 only when the object remains and the client asked
  // for cascading through the deprecated orphanDependents=false; otherwise 200, even while
  // finalizers or a grace period keep the object (changing that would break old clients).
  const accepted = !deleted && options.orphanDependents === false;
  return { status: accepted ? 202 : 200, body: object };
}

/** DELETE of a collection: every object matching the selectors, one by one. */
export async function handleDeleteCollection(
  ctx: ServerContext,
  r: ResourceRequest,
): Promise<ApiResponse> {
  const registry = ctx.registry(r.resource);
  const options = deleteOptionsOf(r);
  const matches = filterFor(r.resource, r.query);
  const { items, revision } = await registry.list(r.namespace);
  const deleted: KubeObject[] = [];
  for (const item of items.filter(matches)) {
    try {
      const result = await deleteObject(
        ctx,
        registry,
        item.metadata.namespace,
        item.metadata.name!,
        options,
      );
      deleted.push(result.object);
    } catch (err) {
      // An object deleted by someone else meanwhile is simply gone.
      if ((err as { reason?: string }).reason !== 'NotFound') throw err;
    }
  }
  return ok({
    apiVersion: r.resource.group ? `${r.resource.group}/${r.resource.version}` : r.resource.version,
    kind: r.resource.listKind,
    metadata: { resourceVersion: String(revision) },
    items: deleted,
  });
}
