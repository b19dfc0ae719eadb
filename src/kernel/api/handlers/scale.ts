import type { KubeObject } from '../../types/meta.ts';
import { badRequest } from '../errors.ts';
import { clone } from '../object-meta.ts';
import type { ResourceRequest } from '../request.ts';
import type { ApiResponse } from '../types.ts';
import { ok, type ServerContext } from './context.ts';
import { applyPatch } from '../patch/apply-patch.ts';
import { selectorString } from './selection.ts';
import { guaranteedUpdate } from './update.ts';

interface Scale {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: KubeObject['metadata'];
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** The autoscaling/v1 Scale view of a Deployment or ReplicaSet. */
function toScale(object: KubeObject): Scale {
  const spec = object.spec as { replicas?: number; selector?: unknown };
  const status = (object.status ?? {}) as { replicas?: number };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

/** GET, PUT and PATCH of `{deployments,replicasets}/{name}/scale`: read or set spec.replicas. */
export async function handleScale(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const registry = ctx.registry(r.resource);
  if (r.verb === 'get') return ok(toScale(await registry.get(r.namespace, r.name!)));
  if (r.verb !== 'update' && r.verb !== 'patch')
    throw badRequest(`${r.verb} is not supported on scale`);
  const expectedResourceVersion =
    r.verb === 'update' ? (r.body as Scale | undefined)?.metadata?.resourceVersion : undefined;
  const updated = await guaranteedUpdate(
    registry,
    r.namespace,
    r.name!,
    (current) => {
      const scale =
        r.verb === 'patch'
          ? applyPatch(toScale(current), r.contentType, r.body)
          : (r.body as Scale);
      const replicas = scale?.spec?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
        throw badRequest('Scale.spec.replicas: Required value');
      }
      const next = clone(current);
      (next.spec as { replicas?: number }).replicas = replicas;
      return next;
    },
    { expectedResourceVersion, dryRun: r.query.dryRun === 'All' },
  );
  return ok(toScale(updated));
}
