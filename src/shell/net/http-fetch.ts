/**
 * One HTTP request from the learner's machine, as curl and wget make it: the URL's host
 * resolved (see resolve-host.ts), then either the page's localhost port (`kubectl proxy`,
 * `kubectl port-forward`) or a TCP connection into the cluster network (a node's NodePort, a
 * Service's ClusterIP, a load balancer or Ingress address), with failures sorted the way the
 * tools report them.
 */
import { ConnectionError, type StreamConnection } from '../../workers/net/connection.ts';
import {
  httpExchange,
  HttpProtocolError,
  type HttpResponse,
} from '../../workers/net/http-client.ts';
import { Errno } from '../../workers/net/protocol.ts';
import type { ShellHost } from '../host.ts';
import type { Workspace } from '../workspace.ts';
import { resolveHost } from './resolve-host.ts';

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  /** Path and query, as sent on the request line. */
  target: string;
  /** `host[:port]`, for the Host header. */
  authority: string;
}

/** A URL as curl reads it (`http://` assumed without a scheme); undefined if malformed. */
export function parseUrl(text: string): ParsedUrl | undefined {
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  // The path as typed: URL would encode characters curl sends as they are.
  const rest = withScheme.replace(/^[^:]+:\/\/[^/?#]*/, '').replace(/#.*$/, '');
  const target = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
  return {
    scheme,
    host: url.hostname,
    port,
    target,
    authority: url.port ? `${url.hostname}:${url.port}` : url.hostname,
  };
}

export type FetchFailure =
  | { kind: 'resolve'; host: string }
  | { kind: 'refused'; ip: string; port: number; elapsed: number }
  | { kind: 'timeout'; ip: string; port: number; elapsed: number }
  | { kind: 'reset' }
  | { kind: 'empty' }
  | { kind: 'aborted' };

export class FetchError extends Error {
  constructor(readonly failure: FetchFailure) {
    super(failure.kind);
    this.name = 'FetchError';
  }
}

export interface FetchRequest {
  url: ParsedUrl;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** `--resolve host:port:address` overrides. */
  resolve?: Map<string, string>;
  signal: AbortSignal;
}

export interface FetchResult {
  response: HttpResponse;
  /** The address connected to. */
  ip: string;
  port: number;
}

/** Makes the request; throws FetchError for what curl and wget report as failures. */
export async function fetchUrl(
  request: FetchRequest,
  workspace: Workspace,
  host: ShellHost,
): Promise<FetchResult> {
  const { url, signal } = request;
  const started = host.now();
  const override = request.resolve?.get(`${url.host}:${url.port}`);
  const resolved = override
    ? override === '127.0.0.1' || override === 'localhost'
      ? { kind: 'local' as const }
      : { kind: 'ip' as const, ip: override }
    : await resolveHost(url.host, workspace, host);
  if (resolved.kind === 'unresolved') throw new FetchError({ kind: 'resolve', host: url.host });
  const http = {
    method: request.method,
    path: url.target,
    host: url.authority,
    headers: request.headers,
    body: request.body,
  };
  const ip = resolved.kind === 'local' ? '127.0.0.1' : resolved.ip;
  const failed = (err: unknown): never => {
    if (signal.aborted) throw new FetchError({ kind: 'aborted' });
    if (err instanceof ConnectionError) {
      const elapsed = host.now() - started;
      if (err.errno === Errno.CONNREFUSED)
        throw new FetchError({ kind: 'refused', ip, port: url.port, elapsed });
      if (err.errno === Errno.TIMEDOUT)
        throw new FetchError({ kind: 'timeout', ip, port: url.port, elapsed });
      throw new FetchError({ kind: 'reset' });
    }
    if (err instanceof HttpProtocolError) throw new FetchError({ kind: 'empty' });
    throw err;
  };
  if (resolved.kind === 'local') {
    try {
      return { response: await host.localHttp(url.port, http, signal), ip, port: url.port };
    } catch (err) {
      return failed(err);
    }
  }
  let connection: StreamConnection;
  try {
    connection = await host.connect(resolved.ip, url.port);
  } catch (err) {
    return failed(err);
  }
  const abort = () => connection.abort();
  signal.addEventListener('abort', abort, { once: true });
  try {
    await connection.established;
    return { response: await httpExchange(connection, http), ip, port: url.port };
  } catch (err) {
    return failed(err);
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/** `Content-Type` for a lower-cased header name, as servers usually spell it. */
export function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The reason phrase of a status, when the response did not carry one. */
export function reasonPhrase(status: number, given: string): string {
  return given || reasons[status] || '';
}
