import type { ApiHandler, ApiRequest, ApiResponse } from '../kernel/api/types.ts';
import type { HttpRequest, HttpResponse } from '../workers/net/http-client.ts';

const encoder = new TextEncoder();

const statusTexts: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function text(status: number, body: string): HttpResponse {
  return {
    status,
    statusText: statusTexts[status] ?? '',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: encoder.encode(body),
  };
}

/**
 * The apiserver pretty-prints JSON for `?pretty=true` and for clients that are curl, wget or a
 * browser (its isPrettyPrint), and sends it compact to everyone else (kubectl, client libraries).
 */
function pretty(request: HttpRequest, query: URLSearchParams): boolean {
  const asked = query.get('pretty');
  if (asked !== null && asked !== '') return asked === 'true' || asked === '1';
  const agent =
    Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ??
    '';
  return /^(curl|Wget|Mozilla\/5\.0)/.test(agent);
}

/** An API response as the HTTP reply the apiserver sends. */
export function apiResponseToHttp(response: ApiResponse, indent: boolean): HttpResponse {
  if (typeof response.body === 'string') {
    // A proxied reply (pods/NAME/proxy, services/NAME/proxy) passes through with its headers.
    const headers = { ...response.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers.connection;
    return {
      status: response.status,
      statusText: statusTexts[response.status] ?? '',
      headers,
      body: encoder.encode(response.body),
    };
  }
  const json = indent ? JSON.stringify(response.body, null, 2) : JSON.stringify(response.body);
  return {
    status: response.status,
    statusText: statusTexts[response.status] ?? '',
    headers: {
      'content-type': 'application/json',
      ...(response.warnings?.length ? { warning: response.warnings.join(', ') } : {}),
    },
    body: encoder.encode(`${json}\n`),
  };
}

/**
 * What `kubectl proxy` does with one HTTP request: refused with 403 when its filter says so,
 * 404 outside the API prefix, otherwise passed to the API server (the page's, so the pods and
 * services proxy paths reach the cluster network) and the reply sent back as HTTP.
 */
export async function serveApiOverHttp(
  api: ApiHandler,
  request: HttpRequest,
  options: { apiPrefix: string; accept(method: string, path: string, host: string): boolean },
): Promise<HttpResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  const [rawPath, search = ''] = request.path.split('?', 2);
  if (!options.accept(method, rawPath, request.host)) return text(403, 'Forbidden\n');
  const prefix = options.apiPrefix;
  if (prefix !== '/' && !`${rawPath}/`.startsWith(prefix)) return text(404, '404 page not found\n');
  const path = prefix === '/' ? rawPath : `/${rawPath.slice(prefix.length)}`;
  const query = new URLSearchParams(search);
  const headers = request.headers ?? {};
  const contentType = Object.entries(headers).find(
    ([k]) => k.toLowerCase() === 'content-type',
  )?.[1];
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? request.body
        : new TextDecoder().decode(request.body);
  const apiRequest: ApiRequest = {
    verb: method,
    path: `${path}${search ? `?${search}` : ''}`,
    body: body === '' ? undefined : body,
    headers,
    ...(contentType ? { contentType: contentType.split(';')[0].trim() } : {}),
  };
  const response = await api.handle(apiRequest);
  return apiResponseToHttp(response, pretty(request, query));
}
