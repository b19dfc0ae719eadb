/**
 * One entry point for PATCH bodies: picks the patch format from the request's Content-Type and
 * applies it to the stored object. Server-side apply (`application/apply-patch+yaml`) is not
 * handled here.
 */
import { unsupportedMediaType } from '../errors.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './json-merge-patch.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import type { PatchSchema } from './strategic-merge-schema.ts';

/** The PATCH Content-Types this module applies. */
export const jsonPatchType = 'application/json-patch+json';
export const mergePatchType = 'application/merge-patch+json';
export const strategicMergePatchType = 'application/strategic-merge-patch+json';

/** The media type without parameters (`; charset=utf-8`), lower-cased. */
function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/**
 * Applies a PATCH body (parsed, or JSON text) of the given Content-Type to `original` and
 * returns the new object; `original` is left as it was. No Content-Type means a merge patch.
 * An unknown type is a StatusError 415 UnsupportedMediaType; the formats' own failures are
 * the StatusErrors documented on applyJsonPatch, applyMergePatch and applyStrategicMergePatch.
 * `schema` overrides the strategic-merge rules, which otherwise follow `original.kind`.
 */
export function applyPatch<T extends object>(
  original: T,
  contentType: string | undefined,
  body: unknown,
  schema?: PatchSchema,
): T {
  const type = contentType === undefined || contentType === '' ? mergePatchType : contentType;
  switch (mediaType(type)) {
    case jsonPatchType:
      return applyJsonPatch(original, body);
    case mergePatchType:
      return applyMergePatch(original, body);
    case strategicMergePatchType:
      return applyStrategicMergePatch(original, body, schema);
    default:
      throw unsupportedMediaType(type);
  }
}
