/**
 * The body of a PATCH request, as the API server first checks it: it must be JSON. Bodies may
 * arrive already parsed (an object from an in-process caller) or as text or bytes.
 */
import { badRequest } from '../errors.ts';

/**
 * Returns the parsed patch document. Text or bytes that are not valid JSON, and a missing
 * body, throw a StatusError BadRequest `invalid JSON patch`, as the apiserver does before
 * looking at the patch type.
 */
export function decodePatchBody(body: unknown): unknown {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  else if (body instanceof ArrayBuffer) text = new TextDecoder().decode(new Uint8Array(body));
  else if (body === undefined) throw badRequest('invalid JSON patch');
  else return body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('invalid JSON patch');
  }
}
