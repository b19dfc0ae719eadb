import type { Binding, Pod, PodCondition } from '../../types/core.ts';
import { badRequest, conflict, successStatus } from '../errors.ts';
import type { ResourceRequest } from '../request.ts';
import type { ApiResponse } from '../types.ts';
import type { ServerContext } from './context.ts';
import { guaranteedUpdate, timestamp } from './update.ts';

/**
 * POST pods/{name}/binding: assigns an unassigned pod to a node and marks it PodScheduled,
 * as the apiserver's BindingREST does. A pod that already has a node, or is being deleted,
 * is a 409 Conflict.
 */
export async function handleBinding(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const binding = r.body as Binding | undefined;
  const nodeName = binding?.target?.name;
  if (!nodeName) throw badRequest('Binding.target.name: Required value');
  const registry = ctx.registry(r.resource);
  const name = r.name!;
  await guaranteedUpdate(
    registry,
    r.namespace,
    name,
    (current) => {
      const pod = current as Pod;
      const uid = binding.metadata?.uid;
      if (uid && uid !== pod.metadata.uid) {
        throw conflict(
          registry.groupResource,
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`,
        );
      }
      if (pod.metadata.deletionTimestamp) {
        throw conflict(
          registry.groupResource,
          name,
          `pod ${name} is being deleted, cannot be assigned to a host`,
        );
      }
      if (pod.spec.nodeName) {
        throw conflict(
          registry.groupResource,
          name,
          `pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
        );
      }
      pod.spec.nodeName = nodeName;
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      const scheduled: PodCondition = {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: timestamp(ctx),
      };
      pod.status = { ...pod.status, conditions: [...conditions, scheduled] };
      return pod;
    },
    // Binding writes spec and status together; it is the server's own write, not a client PUT.
    { serverWrite: true },
  );
  return { status: 201, body: { ...successStatus(registry.groupResource, name), code: 201 } };
}
