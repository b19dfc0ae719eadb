/**
 * JSON Merge Patch (RFC 7386), `application/merge-patch+json`: objects merge member by member,
 * `null` deletes a member, and anything else (arrays included) replaces the target whole.
 */
import { badRequest } from '../errors.ts';
import {
  cloneJson,
  hasMember,
  isJsonObject,
  setMember,
  type JsonObject,
} from '../../util/json-value.ts';
import { decodePatchBody } from './patch-body.ts';

/**
 * RFC 7386 MergePatch(target, patch), section 2. Pure: neither input is changed and the result
 * shares no objects with them. Nulls inside newly added objects are dropped, as the RFC's
 * recursion drops them; arrays are taken as they are.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete result[key];
    } else {
      setMember(
        result,
        key,
        jsonMergePatch(hasMember(result, key) ? result[key] : undefined, value),
      );
    }
  }
  return result;
}

/**
 * A merge-patch PATCH request applied to a stored object, as the apiserver applies it. The
 * body may be parsed or JSON text. A body that is not JSON, or is `null` or a scalar, throws a
 * StatusError BadRequest (`invalid JSON patch`, `Invalid JSON Patch`); an array, which the
 * apiserver would turn into an undecodable object, is refused the same way.
 */
export function applyMergePatch<T extends object>(original: T, body: unknown): T {
  const patch = decodePatchBody(body);
  if (!isJsonObject(patch)) throw badRequest('Invalid JSON Patch');
  return jsonMergePatch(original, patch) as T;
}
