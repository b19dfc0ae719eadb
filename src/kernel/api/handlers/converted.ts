import type { Conversion } from '../conversion/index.ts';
import { conflict } from '../errors.ts';
import { applyPatch } from '../patch/apply-patch.ts';
import type { ResourceRequest } from '../request.ts';
import { groupVersion, type ResourceInfo } from '../resources.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { ApiResponse } from '../types.ts';
import { decodeObject } from './body.ts';
import { ok, type ServerContext } from './context.ts';
import { guaranteedUpdate } from './update.ts';

type Obj = Record<string, unknown>;

/**
 * A response body as a version served by conversion shows it: objects of the stored kind
 * converted, lists relabelled, anything else (a Status) as it was.
 */
export function toServedBody(body: unknown, info: ResourceInfo, conversion: Conversion): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const o = body as Obj;
  const stored = info.storedAs!;
  // A watch bookmark: only its resourceVersion matters.
  if (o.kind === stored.kind && !('spec' in o)) return { ...o, apiVersion: groupVersion(info) };
  if (o.kind === stored.listKind && Array.isArray(o.items)) {
    return {
      ...o,
      apiVersion: groupVersion(info),
      items: (o.items as KubeObject[]).map((item) => conversion.toServed(item)),
    };
  }
  if (o.kind === stored.kind && o.apiVersion === groupVersion(stored)) {
    return conversion.toServed(o as KubeObject);
  }
  return body;
}

/**
 * A request to a version served by conversion (autoscaling/v1 HPAs): bodies are decoded as
 * that version and converted to the stored one, the request is handled as one for the stored
 * resource (its defaulting, validation and storage), and the answer converted back. A patch is
 * applied to the object as this version shows it, as the apiserver does.
 */
export async function handleConverted(
  ctx: ServerContext,
  r: ResourceRequest,
  conversion: Conversion,
  dispatch: (r: ResourceRequest) => Promise<ApiResponse>,
): Promise<ApiResponse> {
  const info = r.resource;
  const stored = info.storedAs!;
  const answer = (response: ApiResponse): ApiResponse => ({
    ...response,
    body: toServedBody(response.body, info, conversion),
  });
  if (r.verb === 'create' || r.verb === 'update') {
    const served = decodeObject(info, r.body, r.namespace);
    const body = conversion.toStored(served);
    return answer(await dispatch({ ...r, resource: stored, body }));
  }
  if (r.verb === 'patch') {
    const registry = ctx.registry(stored);
    const updated = await guaranteedUpdate(
      registry,
      r.namespace,
      r.name!,
      (current) => {
        const patched = applyPatch(conversion.toServed(current), r.contentType, r.body);
        const rv = patched.metadata?.resourceVersion;
        if (rv && rv !== current.metadata.resourceVersion) {
          throw conflict(registry.groupResource, r.name!);
        }
        return conversion.toStored(decodeObject(info, patched, r.namespace));
      },
      { subresource: r.subresource, dryRun: r.query.dryRun === 'All' },
    );
    return ok(conversion.toServed(updated));
  }
  return answer(await dispatch({ ...r, resource: stored }));
}
