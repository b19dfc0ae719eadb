/**
 * JSON Patch (RFC 6902), `application/json-patch+json`: an ordered list of add, remove,
 * replace, move, copy and test operations addressed by JSON Pointers (RFC 6901).
 */
import { badRequest } from '../errors.ts';
import {
  cloneJson,
  goJsonTypeName,
  hasMember,
  isJsonObject,
  jsonEqual,
  setMember,
  type JsonObject,
} from '../../util/json-value.ts';
import { decodePatchBody } from './patch-body.ts';
import { patchNotApplicable } from './patch-errors.ts';

/** One RFC 6902 operation; `from` is for move and copy, `value` for add, replace and test. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test' | string;
  path: string;
  from?: string;
  value?: unknown;
}

/** Why a JSON Patch could not be applied; the API server reports it as a 422. */
export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/**
 * RFC 6901: `/a/b~1c/0` → `['a', 'b/c', '0']` (`~1` is `/`, `~0` is `~`, decoded in that
 * order so `~01` is `~1`). The empty pointer is the whole document.
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPatchError(`JSON pointer must be empty or start with '/': "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An array index as RFC 6901 spells it: `0` or digits without a leading zero. */
function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

/** The container holding the pointer's last token, or undefined when a step is missing. */
function parentOf(doc: unknown, tokens: string[]): unknown {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      const i = arrayIndex(token);
      if (i === undefined || i >= node.length) return undefined;
      node = node[i];
    } else if (isJsonObject(node)) {
      if (!hasMember(node, token)) return undefined;
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

interface Located {
  found: boolean;
  value?: unknown;
}

function get(doc: unknown, pointer: string): Located {
  const tokens = parseJsonPointer(pointer);
  if (tokens.length === 0) return { found: true, value: doc };
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last);
    return i !== undefined && i < parent.length
      ? { found: true, value: parent[i] }
      : { found: false };
  }
  if (isJsonObject(parent) && hasMember(parent, last)) return { found: true, value: parent[last] };
  return { found: false };
}

/** Adds (or, for an object member, sets) a value; returns the new document root. */
function add(doc: unknown, pointer: string, value: unknown, op: string): unknown {
  const tokens = parseJsonPointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last);
    if (i === undefined || i > parent.length) {
      throw new JsonPatchError(`${op} operation: invalid array index at path "${pointer}"`);
    }
    parent.splice(i, 0, value);
  } else if (isJsonObject(parent)) {
    setMember(parent, last, value);
  } else {
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}"`);
  }
  return doc;
}

/** Removes the value at the pointer and returns it; the pointer must exist. */
function remove(doc: unknown, pointer: string, op: string): unknown {
  const tokens = parseJsonPointer(pointer);
  if (tokens.length === 0) {
    throw new JsonPatchError(`${op} operation cannot remove the whole document`);
  }
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last);
    if (i !== undefined && i < parent.length) return parent.splice(i, 1)[0];
  } else if (isJsonObject(parent) && hasMember(parent, last)) {
    const value = parent[last];
    delete parent[last];
    return value;
  }
  throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}"`);
}

function requireValue(operation: JsonObject, op: string): unknown {
  if (!hasMember(operation, 'value')) {
    throw new JsonPatchError(`${op} operation, missing value field`);
  }
  return cloneJson(operation.value);
}

function requirePointer(operation: JsonObject, field: 'path' | 'from', op: string): string {
  const pointer = operation[field];
  if (typeof pointer !== 'string') {
    throw new JsonPatchError(`${op} operation missing ${field} field`);
  }
  return pointer;
}

/** Applies one operation to the working copy; returns the (possibly new) root. */
function applyOperation(doc: unknown, operation: unknown): unknown {
  if (!isJsonObject(operation)) throw new JsonPatchError('Unexpected kind: unknown');
  const op = typeof operation.op === 'string' ? operation.op : 'unknown';
  switch (op) {
    case 'add':
      return add(doc, requirePointer(operation, 'path', op), requireValue(operation, op), op);
    case 'remove':
      remove(doc, requirePointer(operation, 'path', op), op);
      return doc;
    case 'replace': {
      const path = requirePointer(operation, 'path', op);
      const value = requireValue(operation, op);
      if (parseJsonPointer(path).length === 0) return value;
      remove(doc, path, op);
      return add(doc, path, value, op);
    }
    case 'move': {
      const from = requirePointer(operation, 'from', op);
      const path = requirePointer(operation, 'path', op);
      if (from === path) {
        if (!get(doc, from).found) {
          throw new JsonPatchError(
            `move operation does not apply: doc is missing from path: ${from}`,
          );
        }
        return doc;
      }
      if (path.startsWith(`${from}/`)) {
        throw new JsonPatchError(
          `move operation cannot move "${from}" into its own child "${path}"`,
        );
      }
      if (!get(doc, from).found) {
        throw new JsonPatchError(
          `move operation does not apply: doc is missing from path: ${from}`,
        );
      }
      const value = remove(doc, from, op);
      return add(doc, path, value, op);
    }
    case 'copy': {
      const from = requirePointer(operation, 'from', op);
      const path = requirePointer(operation, 'path', op);
      const source = get(doc, from);
      if (!source.found) {
        throw new JsonPatchError(
          `copy operation does not apply: doc is missing from path: ${from}`,
        );
      }
      return add(doc, path, cloneJson(source.value), op);
    }
    case 'test': {
      const path = requirePointer(operation, 'path', op);
      const expected = hasMember(operation, 'value') ? operation.value : null;
      const actual = get(doc, path);
      if (!actual.found) {
        // As in the apiserver's JSON Patch library: testing an absent member of an existing
        // object for `null` succeeds.
        const tokens = parseJsonPointer(path);
        if (expected === null && isJsonObject(parentOf(doc, tokens))) return doc;
        throw new JsonPatchError(`test operation does not apply: is missing path: ${path}`);
      }
      if (!jsonEqual(actual.value, expected)) {
        throw new JsonPatchError(`testing value ${path} failed: test failed`);
      }
      return doc;
    }
    default:
      throw new JsonPatchError(`Unexpected kind: ${op}`);
  }
}

/**
 * RFC 6902: applies the operations in order and returns the patched document. Pure: the input
 * document is never changed. Any failing operation (a `test` that does not hold, a missing
 * path, an unknown op) throws a JsonPatchError and nothing is applied. Members other than
 * op/path/from/value are ignored, as section 4 requires.
 */
export function jsonPatch(document: unknown, operations: readonly unknown[]): unknown {
  let doc = cloneJson(document);
  for (const operation of operations) doc = applyOperation(doc, operation);
  return doc;
}

/**
 * A json-patch PATCH request applied to a stored object, with the apiserver's statuses: a body
 * that is not JSON, or not an array of operation objects, is a StatusError BadRequest (400,
 * e.g. `json: cannot unmarshal object into Go value of type jsonpatch.Patch`); an operation
 * that fails is a 422 Invalid `the server rejected our request due to an error in our
 * request`, the JsonPatchError kept as its `cause`.
 */
export function applyJsonPatch<T extends object>(original: T, body: unknown): T {
  const patch = decodePatchBody(body);
  if (patch === null) return cloneJson(original);
  if (!Array.isArray(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const operation of patch) {
    if (operation !== null && !isJsonObject(operation)) {
      throw badRequest(
        `json: cannot unmarshal ${goJsonTypeName(operation)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  let result: unknown;
  try {
    result = jsonPatch(original, patch);
  } catch (e) {
    if (e instanceof JsonPatchError) throw patchNotApplicable(e.message);
    throw e;
  }
  if (!isJsonObject(result)) throw patchNotApplicable('the patched document is not an object');
  return result as T;
}
