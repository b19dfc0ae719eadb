import type { Ingress, IngressBackend } from '../../../kernel/types/networking.ts';
import { isBytes, receivedBytes } from '../../net/post-bytes.ts';
import type { ControlMessage, DataMessage, PeerAddress } from '../../net/protocol.ts';
import { clusterDomain } from './cluster-dns.ts';
import { routeRequest } from './ingress-routes.ts';
import type { NodeListener } from './node-network.ts';
import { isReadyEndpoint, type ServiceDirectory } from './service-view.ts';

/** One end of a connection the proxy opened to a backend, as the node network hands it over. */
export interface IngressUpstream {
  /** The client end of the data channel: `ok`/`refused`/`error`, then bytes, `fin`, `rst`. */
  data: MessagePort;
  /**
   * This side's reset port: `{t: 'rst'}` posted here resets the backend as a killed client
   * would. (The backend's own reset port arrives on `data` as `{t: 'ctl'}`.)
   */
  ctl: MessagePort;
}

export interface IngressProxyOptions {
  /** The Ingresses this controller serves, oldest first (see ingressesForController). */
  ingresses(): readonly Ingress[];
  /** Services and their EndpointSlices, to pick the backend's address and see it has endpoints. */
  services: ServiceDirectory;
  /** True for an address of some node: the controller listens on ports 80 and 443 of each. */
  isNodeAddress(ip: string): boolean;
  /** Opens a connection to `host` (an IP, or a DNS name) and `port` through kube-proxy. */
  openUpstream(host: string, port: number): IngressUpstream;
  /** How long a backend may take to accept (ingress-nginx's proxy-connect-timeout, 5 s). */
  connectTimeoutMs?: number;
  /** X-Request-ID for a request that has none (32 random hex digits by default). */
  requestId?: () => string;
}

/** The ports the controller serves; 443 speaks plain HTTP, as there is no TLS here. */
const listenPorts = [80, 443];
/** nginx's large_client_header_buffers (4 × 8k): a longer request head is refused. */
const maxHeadBytes = 32 * 1024;

const statusText: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The page nginx serves for an error status, with its CRLF line ends. */
export function nginxErrorPage(status: number): string {
  const title = `${status} ${statusText[status] ?? ''}`;
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}

/** A whole error response: status line, headers, the nginx page; the connection then closes. */
export function nginxErrorResponse(status: number): string {
  const body = nginxErrorPage(status);
  return [
    `HTTP/1.1 ${status} ${statusText[status] ?? ''}`,
    'Content-Type: text/html',
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

interface RequestHead {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  /** The Host the request names, lower-cased, without a port. */
  host: string;
  /** The path used for matching: query dropped, percent-decoded, slashes merged. */
  path: string;
}

/**
 * The built-in ingress controller, ingress-nginx's part in this cluster: it takes TCP
 * connections to ports 80 and 443 of the node addresses itself (it is the server end), reads
 * the HTTP request head, routes by host and path over the Ingresses it serves (see
 * routeRequest), opens a connection to the chosen Service through kube-proxy and pipes the
 * request and the response both ways, with the headers ingress-nginx adds (X-Request-ID,
 * X-Real-IP, X-Forwarded-For/Host/Port/Proto/Scheme, X-Scheme) and `Connection: close`
 * towards the backend, so one connection carries one request. No matching rule: 404; a
 * Service that is missing, lacks the port, or has no ready endpoint: 503; a backend that
 * refuses: 502; one that does not answer in time: 504 — each with nginx's error page. A reset
 * on either side resets the other.
 */
export class IngressProxy implements NodeListener {
  constructor(private readonly options: IngressProxyOptions) {}

  handles(to: PeerAddress): boolean {
    return listenPorts.includes(to.port) && this.options.isNodeAddress(to.ip);
  }

  accept(from: PeerAddress, to: PeerAddress, data: MessagePort, ctl: MessagePort): void {
    const ok: DataMessage = { t: 'ok', peer: to, local: from };
    data.postMessage(ok);
    new ProxiedConnection(this.options, from, to, data, ctl).start();
  }
}

/** One client connection through the proxy. */
class ProxiedConnection {
  private head = new Uint8Array(0);
  private upstream?: IngressUpstream;
  private upstreamReady = false;
  /** Client bytes (and a fin) that came before the upstream accepted. */
  private pending: DataMessage[] = [];
  private closed = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly options: IngressProxyOptions,
    private readonly from: PeerAddress,
    private readonly to: PeerAddress,
    private readonly client: MessagePort,
    private readonly clientCtl: MessagePort,
  ) {}

  start(): void {
    this.clientCtl.onmessage = () => this.reset('client');
    this.client.onmessage = (event: MessageEvent<DataMessage>) => this.fromClient(event.data);
  }

  private fromClient(message: DataMessage): void {
    if (this.closed) return;
    if (isBytes(message)) {
      if (this.upstream) {
        this.toUpstream(message);
        return;
      }
      this.readHead(receivedBytes(message));
      return;
    }
    if (message.t === 'rst') {
      this.reset('client');
      return;
    }
    if (message.t === 'fin') {
      // A client that stops before a whole request head gets nothing more.
      if (this.upstream) this.toUpstream(message);
      else this.close();
    }
  }

  private readHead(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.head.length + chunk.length);
    joined.set(this.head);
    joined.set(chunk, this.head.length);
    this.head = joined;
    const end = headEnd(joined);
    if (end < 0) {
      if (joined.length > maxHeadBytes) this.respond(400);
      return;
    }
    const request = parseHead(bytesToText(joined.subarray(0, end)));
    const rest = joined.subarray(headLength(joined, end));
    if (!request) {
      this.respond(400);
      return;
    }
    this.dispatch(request, rest);
  }

  private dispatch(request: RequestHead, body: Uint8Array): void {
    const route = routeRequest(this.options.ingresses(), request.host, request.path);
    if (route.kind === 'none') {
      this.respond(404);
      return;
    }
    const target = this.backendAddress(route.backend, route.namespace);
    if (!target) {
      this.respond(503);
      return;
    }
    const upstream = this.options.openUpstream(target.host, target.port);
    this.upstream = upstream;
    upstream.data.onmessage = (event: MessageEvent<DataMessage>) => this.fromUpstream(event.data);
    this.pending = [textToBytes(this.upstreamHead(request)).buffer as ArrayBuffer];
    if (body.length > 0) this.pending.push(body.slice().buffer as ArrayBuffer);
    this.timer = setTimeout(() => this.failUpstream(504), this.options.connectTimeoutMs ?? 5000);
  }

  /** The Service address and port for a backend, or undefined when it cannot serve (503). */
  private backendAddress(
    backend: IngressBackend,
    namespace: string,
  ): { host: string; port: number } | undefined {
    const ref = backend.service;
    if (!ref) return undefined;
    const service = this.options.services.service(namespace, ref.name);
    if (!service) return undefined;
    const spec = service.spec ?? {};
    const servicePort = (spec.ports ?? []).find((p) =>
      ref.port?.name ? p.name === ref.port.name : p.port === ref.port?.number,
    );
    if (spec.type === 'ExternalName') {
      const port = servicePort?.port ?? ref.port?.number;
      return spec.externalName && port ? { host: spec.externalName, port } : undefined;
    }
    if (!servicePort || (servicePort.protocol ?? 'TCP') !== 'TCP') return undefined;
    const hasEndpoint = this.options.services
      .endpointSlices(namespace, ref.name)
      .some(
        (slice) =>
          (slice.ports ?? []).some((p) => (p.name ?? '') === (servicePort.name ?? '')) &&
          (slice.endpoints ?? []).some(isReadyEndpoint),
      );
    if (!hasEndpoint) return undefined;
    const clusterIP = spec.clusterIP;
    const host =
      clusterIP && clusterIP !== 'None'
        ? clusterIP
        : `${ref.name}.${namespace}.svc.${clusterDomain}`;
    return { host, port: servicePort.port };
  }

  /** The request head as ingress-nginx sends it to the backend. */
  private upstreamHead(request: RequestHead): string {
    const scheme = this.to.port === 443 ? 'https' : 'http';
    const replaced = new Set([
      'host',
      'connection',
      'keep-alive',
      'proxy-connection',
      'x-real-ip',
      'x-forwarded-for',
      'x-forwarded-host',
      'x-forwarded-port',
      'x-forwarded-proto',
      'x-forwarded-scheme',
      'x-scheme',
      'x-request-id',
    ]);
    const header = (name: string) => request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    const upgrade = header('upgrade');
    const hostHeader = header('host') ?? request.host;
    const lines = [
      `${request.method} ${request.target} HTTP/1.1`,
      `Host: ${hostHeader}`,
      `X-Request-ID: ${header('x-request-id') ?? (this.options.requestId ?? randomRequestId)()}`,
      `X-Real-IP: ${this.from.ip}`,
      `X-Forwarded-For: ${this.from.ip}`,
      `X-Forwarded-Host: ${hostHeader}`,
      `X-Forwarded-Port: ${this.to.port}`,
      `X-Forwarded-Proto: ${scheme}`,
      `X-Forwarded-Scheme: ${scheme}`,
      `X-Scheme: ${scheme}`,
      `Connection: ${upgrade ? 'upgrade' : 'close'}`,
      ...request.headers
        .filter(([name]) => !replaced.has(name.toLowerCase()))
        .map(([name, value]) => `${name}: ${value}`),
    ];
    return `${lines.join('\r\n')}\r\n\r\n`;
  }

  private fromUpstream(message: DataMessage): void {
    if (this.closed) return;
    if (message instanceof ArrayBuffer) {
      this.client.postMessage(message, [message]);
      return;
    }
    if (typeof message === 'string') {
      this.client.postMessage(message);
      return;
    }
    switch (message.t) {
      case 'ok':
        clearTimeout(this.timer);
        this.upstreamReady = true;
        for (const queued of this.pending.splice(0)) this.toUpstream(queued);
        return;
      case 'ctl':
        message.port.onmessage = () => this.reset('upstream');
        return;
      case 'refused':
      case 'error':
        this.failUpstream(502);
        return;
      case 'fin':
        this.client.postMessage(message);
        this.close();
        return;
      case 'rst':
        this.reset('upstream');
        return;
    }
  }

  private toUpstream(message: DataMessage): void {
    if (!this.upstream) return;
    if (!this.upstreamReady) {
      this.pending.push(message);
      return;
    }
    if (message instanceof ArrayBuffer) this.upstream.data.postMessage(message, [message]);
    else this.upstream.data.postMessage(message);
  }

  /** The backend could not be reached: answer the client with nginx's page for `status`. */
  private failUpstream(status: number): void {
    if (this.upstreamReady || this.closed) return;
    const upstream = this.upstream;
    this.upstream = undefined;
    if (upstream) {
      const rst: ControlMessage = { t: 'rst' };
      upstream.ctl.postMessage(rst);
      upstream.data.onmessage = null;
      upstream.data.close();
      upstream.ctl.close();
    }
    this.respond(status);
  }

  private respond(status: number): void {
    const bytes = textToBytes(nginxErrorResponse(status));
    this.client.postMessage(bytes.buffer, [bytes.buffer]);
    const fin: DataMessage = { t: 'fin' };
    this.client.postMessage(fin);
    this.close();
  }

  /** One side aborted: the other sees a reset too. */
  private reset(side: 'client' | 'upstream'): void {
    if (this.closed) return;
    const rst: DataMessage = { t: 'rst' };
    if (side === 'upstream') this.client.postMessage(rst);
    else if (this.upstream) {
      this.upstream.data.postMessage(rst);
      this.upstream.ctl.postMessage(rst);
    }
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.client.onmessage = null;
    this.clientCtl.onmessage = null;
    this.client.close();
    this.clientCtl.close();
    if (this.upstream) {
      this.upstream.data.onmessage = null;
      this.upstream.data.close();
      this.upstream.ctl.close();
    }
  }
}

/** The index where the head's final blank line starts, or -1. */
function headEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return i;
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return i;
  }
  return -1;
}

/** The head's length including its blank line (LF LF or LF CR LF after the last header). */
function headLength(bytes: Uint8Array, end: number): number {
  return bytes[end + 1] === 10 ? end + 2 : end + 3;
}

function parseHead(text: string): RequestHead | undefined {
  const lines = text.replace(/\r$/, '').split(/\r?\n/);
  const parts = lines[0].split(' ');
  if (parts.length !== 3 || !/^HTTP\/1\.[01]$/.test(parts[2]) || !/^[A-Z]+$/.test(parts[0])) {
    return undefined;
  }
  const [method, target, version] = parts;
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  let host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? '';
  let path = target;
  const absolute = /^https?:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (absolute) {
    host = absolute[1];
    path = absolute[2] || '/';
  }
  if (!path.startsWith('/')) return undefined;
  host = host.toLowerCase().replace(/:\d*$/, '');
  return { method, target, version, headers, host, path: normalizePath(path) };
}

/** nginx's URI normalization before location matching: no query, decoded, slashes merged. */
function normalizePath(target: string): string {
  const raw = target.split(/[?#]/)[0];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape is matched as it was written.
  }
  return decoded.replace(/\/{2,}/g, '/');
}

/** Bytes as one character each (latin1), so a head round-trips exactly. */
function bytesToText(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

function textToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

function randomRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
