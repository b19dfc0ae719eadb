import type { KubeObject } from '../../types/meta.ts';
import { badRequest } from '../errors.ts';
import { clone } from '../object-meta.ts';
import { groupVersion, type ResourceInfo } from '../resources.ts';

/**
 * Turns a request body into an object of the resource's kind, as the apiserver's decoder
 * does: it must be a JSON object; apiVersion and kind, when given, must match the endpoint.
 * Returns a private copy the caller may change.
 */
export function decodeObject(info: ResourceInfo, body: unknown, namespace?: string): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`Object '${info.kind}' is missing in '${JSON.stringify(body ?? null)}'`);
  }
  const object = clone(body) as KubeObject;
  const gv = groupVersion(info);
  if (object.kind !== undefined && object.kind !== info.kind) {
    throw badRequest(
      `the API version in the data (${String(object.apiVersion ?? '')}) and kind (${String(object.kind)}) do not match the expected ${gv}, Kind=${info.kind}`,
    );
  }
  if (object.apiVersion !== undefined && object.apiVersion !== gv) {
    throw badRequest(
      `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${gv})`,
    );
  }
  object.apiVersion = gv;
  object.kind = info.kind;
  if (
    typeof object.metadata !== 'object' ||
    object.metadata === null ||
    Array.isArray(object.metadata)
  ) {
    object.metadata = {};
  }
  if (info.namespaced) {
    const given = object.metadata.namespace;
    if (given && namespace && given !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    object.metadata.namespace = given || namespace || 'default';
  } else {
    delete object.metadata.namespace;
  }
  return object;
}
