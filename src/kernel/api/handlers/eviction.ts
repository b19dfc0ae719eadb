import type { DeleteOptions } from '../../types/meta.ts';
import { successStatus } from '../errors.ts';
import type { ResourceRequest } from '../request.ts';
import type { ApiResponse } from '../types.ts';
import type { ServerContext } from './context.ts';
import { deleteObject } from './delete.ts';

/**
 * POST pods/{name}/eviction: a policy-checked delete. PodDisruptionBudgets are not served
 * yet, so every eviction is allowed; the pod is deleted gracefully with the eviction's options.
 */
export async function handleEviction(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const body = (r.body ?? {}) as { deleteOptions?: DeleteOptions };
  const registry = ctx.registry(r.resource);
  await deleteObject(ctx, registry, r.namespace, r.name!, body.deleteOptions ?? {});
  return { status: 201, body: { ...successStatus(registry.groupResource, r.name!), code: 201 } };
}
