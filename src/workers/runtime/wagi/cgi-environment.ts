import type { PeerAddress } from '../../net/protocol.ts';
import { allValues, header, type HttpRequest } from './http-request-parser.ts';

/** The route a container's handler serves: every path (WAGI's `/...`). */
export const MATCHED_ROUTE = '/...';

/** What the server knows of a request's connection. */
export interface CgiConnection {
  /** The address the request came to (the pod's IP and the port it listens on). */
  local: PeerAddress;
  /** The client's address. */
  peer: PeerAddress;
}

/** A handler invocation's arguments and environment. */
export interface CgiInvocation {
  /** WAGI's argv: the path, then each `&`-separated item of the query, as sent. */
  argv: string[];
  /** `NAME=value` strings: the container's own variables, then the request's (which win). */
  env: string[];
}

/**
 * Request headers that are not passed as HTTP_* variables: credentials (RFC 3875 section
 * 4.1.18 lets a server withhold them) and the connection's own management, as WAGI does.
 */
const WITHHELD_HEADERS = new Set(['HTTP_AUTHORIZATION', 'HTTP_CONNECTION']);

/**
 * The CGI/1.1 meta-variables (RFC 3875) for one request, as WAGI sets them for a module
 * mounted on `/...`: REQUEST_METHOD, PATH_INFO (percent-decoded) and X_RAW_PATH_INFO,
 * PATH_TRANSLATED, QUERY_STRING, SCRIPT_NAME (empty: the handler is mounted at the root),
 * SERVER_NAME and SERVER_PORT (from the Host header, port 80 when it names none; from the
 * connection without one), SERVER_PROTOCOL, SERVER_SOFTWARE (`WAGI/1`), GATEWAY_INTERFACE
 * (`CGI/1.1`), CONTENT_TYPE, CONTENT_LENGTH (the body's length, `0` without one),
 * REMOTE_ADDR and REMOTE_HOST (the client's IP), AUTH_TYPE and REMOTE_USER (empty),
 * X_FULL_URL, X_MATCHED_ROUTE, and HTTP_<NAME> for each header (upper-cased, `-` → `_`,
 * repeated fields joined with `, `) except Authorization and Connection. `containerEnv`
 * (`NAME=value`) comes first; a name the request sets replaces the container's.
 */
export function cgiInvocation(
  request: HttpRequest,
  connection: CgiConnection,
  containerEnv: readonly string[] = [],
): CgiInvocation {
  const { path, query, authority } = splitTarget(request.target);
  const host = authority ?? header(request.headers, 'host');
  const server = host ? splitHost(host) : undefined;
  const serverName = server?.name ?? connection.local.ip;
  const serverPort = server ? (server.port ?? '80') : String(connection.local.port);
  const decodedPath = percentDecode(path);

  const vars = new Map<string, string>();
  vars.set('AUTH_TYPE', '');
  vars.set('CONTENT_LENGTH', String(request.body.length));
  vars.set('CONTENT_TYPE', header(request.headers, 'content-type') ?? '');
  vars.set('GATEWAY_INTERFACE', 'CGI/1.1');
  vars.set('PATH_INFO', decodedPath);
  vars.set('PATH_TRANSLATED', decodedPath);
  vars.set('QUERY_STRING', query);
  vars.set('REMOTE_ADDR', connection.peer.ip);
  vars.set('REMOTE_HOST', connection.peer.ip);
  vars.set('REMOTE_USER', '');
  vars.set('REQUEST_METHOD', request.method);
  vars.set('SCRIPT_NAME', '');
  vars.set('SERVER_NAME', serverName);
  vars.set('SERVER_PORT', serverPort);
  vars.set('SERVER_PROTOCOL', request.version);
  vars.set('SERVER_SOFTWARE', 'WAGI/1');
  vars.set('X_FULL_URL', `http://${serverName}:${serverPort}${path}${query ? `?${query}` : ''}`);
  vars.set('X_MATCHED_ROUTE', MATCHED_ROUTE);
  vars.set('X_RAW_PATH_INFO', path);
  const seen = new Set<string>();
  for (const [name] of request.headers) {
    const key = `HTTP_${name.toUpperCase().replaceAll('-', '_')}`;
    if (WITHHELD_HEADERS.has(key) || seen.has(key)) continue;
    seen.add(key);
    vars.set(key, allValues(request.headers, name) ?? '');
  }

  const own = containerEnv.filter((entry) => {
    const eq = entry.indexOf('=');
    return !vars.has(eq < 0 ? entry : entry.slice(0, eq));
  });
  return {
    argv: [path, ...(query ? query.split('&') : [])],
    env: [...own, ...[...vars].map(([name, value]) => `${name}=${value}`)],
  };
}

/**
 * A request target's path and query; an absolute-form target (`http://host/p?q`, as sent to
 * proxies) also gives its authority, which then stands in for the Host header.
 */
function splitTarget(target: string): { path: string; query: string; authority?: string } {
  let rest = target;
  let authority: string | undefined;
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(target);
  if (absolute) {
    authority = absolute[1].replace(/^.*@/, '');
    rest = absolute[2] || '/';
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const path = question >= 0 ? rest.slice(0, question) : rest;
  const query = question >= 0 ? rest.slice(question + 1) : '';
  return { path, query, ...(authority !== undefined ? { authority } : {}) };
}

/** `name[:port]` (with `[v6]` literals) split at its port. */
function splitHost(host: string): { name: string; port?: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host.trim());
  if (!match) return { name: host };
  return { name: match[1], ...(match[2] ? { port: match[2] } : {}) };
}

/** Decodes %XX escapes as UTF-8; a malformed escape is kept as it is. */
function percentDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
