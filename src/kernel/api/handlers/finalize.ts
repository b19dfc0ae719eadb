import type { Namespace } from '../../types/core.ts';
import type { ResourceRequest } from '../request.ts';
import type { ApiResponse } from '../types.ts';
import { ok, type ServerContext } from './context.ts';
import { guaranteedUpdate } from './update.ts';

/**
 * PUT namespaces/{name}/finalize: sets spec.finalizers only. The namespace controller calls it
 * once a terminating namespace is empty; a namespace left with no finalizers is removed.
 */
export async function handleFinalize(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const body = (r.body ?? {}) as Namespace;
  const updated = await guaranteedUpdate(
    ctx.registry(r.resource),
    undefined,
    r.name!,
    (current) => {
      const ns = current as Namespace;
      ns.spec = { ...ns.spec, finalizers: body.spec?.finalizers ?? [] };
      if (ns.spec.finalizers?.length === 0) delete ns.spec.finalizers;
      return ns;
    },
    { serverWrite: true, expectedResourceVersion: body.metadata?.resourceVersion },
  );
  return ok(updated);
}
