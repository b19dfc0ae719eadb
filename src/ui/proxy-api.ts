import { StatusError, type Status } from '../kernel/api/errors.ts';
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  WatchSubscription,
} from '../kernel/api/types.ts';
import type { WatchEvent } from '../kernel/types/meta.ts';
import { ConnectionError, StreamConnection } from '../workers/net/connection.ts';
import { httpExchange } from '../workers/net/http-client.ts';
import type { LocalTarget } from './local-ports.ts';
import {
  isReadyEndpoint,
  serviceNameLabel,
  type EndpointSliceView,
  type ServiceView,
} from '../workers/node/network/service-view.ts';

/** Opens a connection from the page into the cluster network (NetworkRouter.connect). */
export type PageConnector = (ip: string, port: number) => { data: MessagePort; reset: MessagePort };

/** What listens on a page-local port (a forward, or the page serving it), or undefined. */
export type LocalConnector = (port: number) => LocalTarget | undefined;

/** `/ingress/HOST/path`: a request to the ingress controller for HOST (`_`: no host). */
const ingressPath = /^\/ingress\/([^/]+)(\/.*)?$/;

/** `/localhost:8080/path`: a request to a port forwarded by `kubectl port-forward`. */
const localPath = /^\/localhost:(\d{1,5})(\/.*)?$/;

const proxyPath = /^\/api\/v1\/namespaces\/([^/]+)\/(services|pods)\/([^/]+)\/proxy(\/.*)?$/;

/**
 * The API server's `services/NAME[:PORT]/proxy/PATH` and `pods/NAME[:PORT]/proxy/PATH`
 * subresources, which the kernel cannot serve because the network lives with the page: an
 * HTTP request to one ready endpoint of the Service (the port chosen by name or number as
 * the apiserver does) or to the pod, whose reply becomes the response (body as text, its
 * headers kept). Everything else goes to the API server unchanged.
 */
export class ProxyingApi implements ApiHandler {
  constructor(
    private readonly inner: ApiHandler,
    private readonly connect: PageConnector,
    private readonly local?: LocalConnector,
    private readonly ingressAddress?: () => string | undefined,
  ) {}

  async handle(request: ApiRequest): Promise<ApiResponse> {
    const [path, search = ''] = request.path.split('?', 2);
    const ingress = ingressPath.exec(path);
    if (ingress) {
      const rest = `${ingress[2] ?? '/'}${search ? `?${search}` : ''}`;
      return this.forwardIngress(request, decodeURIComponent(ingress[1]), rest);
    }
    const forwarded = localPath.exec(path);
    if (forwarded)
      return this.forwardLocal(
        request,
        Number(forwarded[1]),
        `${forwarded[2] ?? '/'}${search ? `?${search}` : ''}`,
      );
    const match = proxyPath.exec(path);
    if (!match) return this.inner.handle(request);
    const [, namespace, kind, target, rest = '/'] = match;
    try {
      const address =
        kind === 'services'
          ? await this.serviceEndpoint(namespace, decodeURIComponent(target))
          : await this.podEndpoint(namespace, decodeURIComponent(target));
      return await this.forward(request, address, `${rest}${search ? `?${search}` : ''}`);
    } catch (err) {
      if (err instanceof StatusError) return { status: err.status.code ?? 500, body: err.status };
      throw err;
    }
  }

  watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<ApiResponse | WatchSubscription> {
    return this.inner.watch(request, onEvent);
  }

  private async forwardLocal(
    request: ApiRequest,
    port: number,
    path: string,
  ): Promise<ApiResponse> {
    const target = this.local?.(port);
    if (!target) {
      return {
        status: 502,
        body: `Nothing listens on localhost:${port}: start \`kubectl port-forward\` or \`kubectl proxy\` first.\n`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      };
    }
    if ('serve' in target) {
      // Served by the page itself (`kubectl proxy`): one HTTP exchange without a connection.
      const reply = await target.serve({
        method: (request.verb ?? request.method ?? 'GET').toUpperCase(),
        path,
        host: `localhost:${port}`,
        headers: request.headers,
        body:
          request.body === undefined || typeof request.body === 'string'
            ? request.body
            : JSON.stringify(request.body),
      });
      return {
        status: reply.status,
        body: new TextDecoder().decode(reply.body),
        headers: reply.headers,
      };
    }
    try {
      return await this.exchange(request, target.connect(), `localhost:${port}`, path);
    } catch (err) {
      const message = err instanceof ConnectionError ? err.message : String(err);
      return {
        status: 502,
        body: `localhost:${port} could not be reached: ${message}\n`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      };
    }
  }

  /** A request through the ingress controller on a node's port 80, with `host` as its Host. */
  private async forwardIngress(
    request: ApiRequest,
    host: string,
    path: string,
  ): Promise<ApiResponse> {
    const address = this.ingressAddress?.();
    if (!address) {
      return {
        status: 503,
        body: 'No node is running.\n',
        headers: { 'content-type': 'text/plain' },
      };
    }
    try {
      return await this.exchange(
        request,
        this.connect(address, 80),
        host === '_' ? address : host,
        path,
      );
    } catch (err) {
      const message = err instanceof ConnectionError ? err.message : String(err);
      return {
        status: 502,
        body: `The ingress controller at ${address}:80 could not be reached: ${message}\n`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      };
    }
  }

  /** One HTTP exchange over a new connection's ends; rejects with ConnectionError and others. */
  private async exchange(
    request: ApiRequest,
    ends: { data: MessagePort; reset: MessagePort },
    host: string,
    path: string,
  ): Promise<ApiResponse> {
    const connection = new StreamConnection(ends.data, ends.reset);
    await connection.established;
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
    const reply = await httpExchange(connection, {
      method: (request.verb ?? request.method ?? 'GET').toUpperCase(),
      path,
      host,
      headers: request.headers,
      body,
    });
    return {
      status: reply.status,
      body: new TextDecoder().decode(reply.body),
      headers: reply.headers,
    };
  }

  private async forward(
    request: ApiRequest,
    address: { ip: string; port: number; host: string },
    path: string,
  ): Promise<ApiResponse> {
    const ends = this.connect(address.ip, address.port);
    try {
      return await this.exchange(request, ends, address.host, path);
    } catch (err) {
      if (err instanceof ConnectionError) {
        throw failure(
          503,
          'ServiceUnavailable',
          `error trying to reach service: dial tcp ${address.ip}:${address.port}: connect: ${err.message.toLowerCase()}`,
        );
      }
      throw failure(502, 'BadGateway', `error trying to reach service: ${String(err)}`);
    }
  }

  private async serviceEndpoint(namespace: string, target: string) {
    const { name, port } = splitTarget(target);
    const service = (await this.get(
      `/api/v1/namespaces/${namespace}/services/${name}`,
    )) as ServiceView;
    const ports = service.spec?.ports ?? [];
    // The apiserver matches the port by name first, then by number.
    const servicePort =
      ports.find((p) => (p.name ?? '') === port) ??
      ports.find((p) => port !== '' && String(p.port) === port) ??
      (port === '' && ports.length === 1 ? ports[0] : undefined);
    const slices = (
      (await this.get(
        `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${encodeURIComponent(`${serviceNameLabel}=${name}`)}`,
      )) as { items: EndpointSliceView[] }
    ).items;
    const candidates: { ip: string; port: number }[] = [];
    for (const slice of slices) {
      const portName = servicePort ? (servicePort.name ?? '') : port;
      const slicePort = (slice.ports ?? []).find((p) => (p.name ?? '') === portName);
      if (slicePort?.port === undefined) continue;
      for (const endpoint of slice.endpoints ?? []) {
        if (isReadyEndpoint(endpoint) && endpoint.addresses[0]) {
          candidates.push({ ip: endpoint.addresses[0], port: slicePort.port });
        }
      }
    }
    if (candidates.length === 0) {
      throw failure(503, 'ServiceUnavailable', `no endpoints available for service "${target}"`);
    }
    const chosen = candidates[Math.floor(Math.random() * candidates.length)];
    return { ...chosen, host: `${name}.${namespace}.svc` };
  }

  private async podEndpoint(namespace: string, target: string) {
    const { name, port } = splitTarget(target);
    const pod = (await this.get(`/api/v1/namespaces/${namespace}/pods/${name}`)) as {
      status?: { podIP?: string };
    };
    const ip = pod.status?.podIP;
    if (!ip) throw failure(503, 'ServiceUnavailable', `pod "${name}" does not have an IP yet`);
    const number = port === '' ? 80 : Number(port);
    if (!Number.isInteger(number) || number <= 0 || number > 65535) {
      throw failure(400, 'BadRequest', `invalid port "${port}"`);
    }
    return { ip, port: number, host: ip };
  }

  private async get(path: string): Promise<unknown> {
    const response = await this.inner.handle({ verb: 'GET', path });
    if (response.status !== 200) throw new StatusError(response.body as Status);
    return response.body;
  }
}

/** `name`, `name:port`, or `scheme:name:port` as the proxy path's target. */
function splitTarget(target: string): { name: string; port: string } {
  const parts = target.split(':');
  if (parts.length === 3) return { name: parts[1], port: parts[2] };
  return { name: parts[0], port: parts[1] ?? '' };
}

function failure(code: number, reason: string, message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reason as Status['reason'],
    code,
  });
}
