import { badRequest, methodNotAllowed, notFound } from './errors.ts';
import { builtinResources, type ResourceInfo } from './resources.ts';
import type { ApiRequest, QueryValue } from './types.ts';

/** The Kubernetes verb a request maps to, as the apiserver's RequestInfoFactory derives it. */
export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  kind: 'resource';
  verb: Verb;
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: Record<string, string>;
  body: unknown;
  contentType: string;
}

export interface DiscoveryRequest {
  kind: 'discovery';
  path: string;
}

export type ParsedRequest = ResourceRequest | DiscoveryRequest;

const verbAliases: Record<string, string> = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  post: 'POST',
  update: 'PUT',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};

/** The HTTP method of a request that may name it as `verb` or `method`, in either spelling. */
export function httpMethod(request: ApiRequest): string {
  const raw = request.verb ?? request.method ?? 'GET';
  return verbAliases[raw.toLowerCase()] ?? raw.toUpperCase();
}

/** Query parameters from the path's query string merged with `request.query`, as strings. */
export function queryOf(request: ApiRequest): Record<string, string> {
  const query: Record<string, string> = {};
  const q = request.path.indexOf('?');
  if (q >= 0) {
    new URLSearchParams(request.path.slice(q + 1)).forEach((v, k) => (query[k] = v));
  }
  for (const [k, v] of Object.entries(request.query ?? {}) as [string, QueryValue][]) {
    if (v !== undefined) query[k] = String(v);
  }
  return query;
}

function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return builtinResources.find(
    (r) => r.group === group && r.version === version && r.resource === plural,
  );
}

/** Kubernetes' boolean query parsing: `true`, `1` (and a bare `watch`) are true. */
export function queryFlag(query: Record<string, string>, name: string): boolean {
  const v = query[name];
  return v === 'true' || v === '1' || v === '';
}

/**
 * Maps a request onto a resource and verb, following the apiserver's path layout:
 * `/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]` and the same under
 * `/apis/{group}/{version}`. Discovery paths (`/api`, `/apis`, `/api/v1`, `/version`) are
 * reported separately.
 */
export function parseRequest(request: ApiRequest): ParsedRequest {
  const method = httpMethod(request);
  const rawPath = request.path.split('?')[0];
  const parts = rawPath
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const query = queryOf(request);

  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { kind: 'discovery', path: `/${parts.join('/')}` };
  }
  if (rest.length === 0) return { kind: 'discovery', path: `/${parts.join('/')}` };

  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}...` scopes a namespaced resource; `namespaces[/{name}[/sub]]` is the Namespace resource itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !isNamespaceSubresource(rest)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const resource = findResource(group, version, plural);
  if (!resource || extra.length > 0) {
    throw notFoundPath();
  }
  if (namespace !== undefined && !resource.namespaced) throw notFoundPath();
  if (subresource && !resource.subresources.includes(subresource)) throw notFoundPath();

  const verb = verbFor(
    method,
    name !== undefined,
    queryFlag(query, 'watch') || query.watch === 'true',
  );
  const body = decodeBody(request.body);
  const contentType = (request.contentType ?? headerValue(request, 'content-type') ?? '')
    .split(';')[0]
    .trim();
  return {
    kind: 'resource',
    verb,
    resource,
    namespace,
    name,
    subresource,
    query,
    body,
    contentType,
  };
}

/** `namespaces/{name}/status` and `namespaces/{name}/finalize` address the Namespace itself. */
function isNamespaceSubresource(rest: string[]): boolean {
  return rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
}

function verbFor(method: string, hasName: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
      if (hasName) return 'get';
      return watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      throw methodNotAllowed();
  }
}

function headerValue(request: ApiRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(request.headers ?? {})) {
    if (k.toLowerCase() === name) return v;
  }
  return undefined;
}

/** Bodies arrive as objects or JSON text; anything else is a 400 as the apiserver's decoder gives. */
function decodeBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (err) {
    throw badRequest(`json: ${(err as Error).message}`);
  }
}

function notFoundPath() {
  const err = notFound({ group: '', resource: '' }, '');
  err.status.message = 'the server could not find the requested resource';
  delete err.status.details;
  return err;
}
