import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/types.ts';
import type { KubeObject, WatchEvent } from '../types/meta.ts';
import { discovery } from './discovery.ts';
import { isNotFound, methodNotAllowed, toStatus } from './errors.ts';
import { handleBinding } from './handlers/binding.ts';
import type { ServerContext } from './handlers/context.ts';
import { ok } from './handlers/context.ts';
import { handleCreate } from './handlers/create.ts';
import { deleteObject, handleDelete, handleDeleteCollection } from './handlers/delete.ts';
import { handleEviction } from './handlers/eviction.ts';
import { handleFinalize } from './handlers/finalize.ts';
import { handleGet, handleList } from './handlers/read.ts';
import { handleScale } from './handlers/scale.ts';
import { handleMetrics, handleScrape, scrapeTarget } from './handlers/metrics.ts';
import { handleConverted, toServedBody } from './handlers/converted.ts';
import { conversionFor } from './conversion/index.ts';
import { MetricsStore } from '../metrics/metrics-store.ts';
import { handlePatch, handleUpdate } from './handlers/update.ts';
import { handleWatch } from './handlers/watch.ts';
import { cryptoRandom, type Random } from './object-meta.ts';
import { Registry } from './registry.ts';
import { httpMethod, parseRequest, type ResourceRequest } from './request.ts';
import { builtinIngressClass } from './builtin-ingress-class.ts';
import { builtinStorageClass } from './builtin-storage-class.ts';
import {
  builtinResources,
  collectionPath,
  endpoints,
  ingressclasses,
  namespaces,
  services,
  storageclasses,
  type ResourceInfo,
} from './resources.ts';
import { ServiceAllocators } from './service/service-allocators.ts';
import { specOf } from './service/service-fields.ts';
import { serviceStorageHooks } from './service/service-storage.ts';
import type { StorageHooks } from './storage-hooks.ts';
import type { ApiHandler, ApiRequest, ApiResponse, WatchSubscription } from './types.ts';

export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  random?: Random;
  /**
   * Cluster-time milliseconds per second declared in a request (a pod's grace period), as in
   * Timing.declaredSecond; 1000 by default.
   */
  declaredSecond?: number;
  /** The IPv4 CIDR cluster IPs come from (--service-cluster-ip-range); 10.96.0.0/16 by default. */
  serviceCidr?: string;
}

/** A response with the deprecation warning of its resource, if it has one, added first. */
function withWarning(response: ApiResponse, warning: string | undefined): ApiResponse {
  if (!warning) return response;
  return { ...response, warnings: [warning, ...(response.warnings ?? [])] };
}

/** Namespaces every cluster has from the start. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * The API server: Kubernetes' REST semantics behind one transport-free handler. Every
 * failure comes back as a `Status` body with the HTTP code; nothing is thrown at callers.
 */
export class ApiServer implements ApiHandler {
  private readonly registries = new Map<ResourceInfo, Registry>();
  private readonly serviceAllocators: ServiceAllocators;
  private readonly context: ServerContext;
  /** The metrics API's data: the kubelets' latest samples (metrics-server's role). */
  readonly metrics = new MetricsStore();

  constructor(options: ApiServerOptions) {
    const random = options.random ?? cryptoRandom;
    this.serviceAllocators = new ServiceAllocators(random, options.serviceCidr);
    for (const info of builtinResources) {
      this.registries.set(
        info,
        new Registry(
          info,
          { store: options.store, clock: options.clock, random },
          this.hooksFor(info),
        ),
      );
    }
    this.context = {
      store: options.store,
      clock: options.clock,
      random,
      declaredSecond: options.declaredSecond ?? 1000,
      registry: (info) => this.registries.get(info)!,
    };
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    let deprecation: string | undefined;
    try {
      const scrapedNode = scrapeTarget(request, httpMethod(request));
      if (scrapedNode !== undefined) return handleScrape(this.metrics, scrapedNode, request.body);
      const parsed = parseRequest(request);
      if (parsed.kind === 'discovery') return ok(discovery(parsed.path));
      deprecation = parsed.resource.deprecationWarning;
      if (parsed.verb === 'watch') {
        throw methodNotAllowed('watch requests go through ApiHandler.watch, which streams events');
      }
      return withWarning(await this.dispatch(parsed), deprecation);
    } catch (err) {
      const status = toStatus(err);
      return withWarning({ status: status.code, body: status }, deprecation);
    }
  }

  async watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<ApiResponse | WatchSubscription> {
    try {
      const parsed = parseRequest({ ...request, query: { ...request.query, watch: 'true' } });
      if (parsed.kind !== 'resource' || parsed.verb !== 'watch') throw methodNotAllowed();
      if (!parsed.resource.verbs.includes('watch')) throw methodNotAllowed();
      const conversion = conversionFor(parsed.resource);
      if (conversion) {
        const served = parsed.resource;
        return await handleWatch(this.context, { ...parsed, resource: served.storedAs! }, (e) =>
          onEvent({ ...e, object: toServedBody(e.object, served, conversion) } as WatchEvent),
        );
      }
      return await handleWatch(this.context, parsed, onEvent);
    } catch (err) {
      const status = toStatus(err);
      return { status: status.code, body: status };
    }
  }

  /**
   * Marks the cluster IPs and node ports of every stored Service taken: the allocators live in
   * memory, the Services in the store, which outlives a restart.
   */
  async restoreAllocations(): Promise<void> {
    const { items } = await this.registries.get(services)!.list();
    for (const service of items) this.serviceAllocators.restore(specOf(service));
  }

  private hooksFor(info: ResourceInfo): StorageHooks | undefined {
    if (info !== services) return undefined;
    return serviceStorageHooks(this.serviceAllocators, async (namespace, name) => {
      // As the service registry's AfterDelete: the Endpoints of the same name go too.
      try {
        await deleteObject(this.context, this.registries.get(endpoints)!, namespace, name, {});
      } catch (err) {
        if (!isNotFound(err)) console.warn(`deleting endpoints ${namespace}/${name}:`, err);
      }
    });
  }

  private dispatch(r: ResourceRequest): Promise<ApiResponse> {
    const ctx = this.context;
    const { verb, subresource } = r;
    if (r.resource.group === 'metrics.k8s.io') return handleMetrics(ctx, this.metrics, r);
    const conversion = conversionFor(r.resource);
    if (conversion) return handleConverted(ctx, r, conversion, (stored) => this.dispatch(stored));
    if (subresource === 'binding' && verb === 'create') return handleBinding(ctx, r);
    if (subresource === 'eviction' && verb === 'create') return handleEviction(ctx, r);
    if (subresource === 'finalize' && verb === 'update') return handleFinalize(ctx, r);
    if (subresource === 'scale') return handleScale(ctx, r);
    if (subresource && subresource !== 'status') throw methodNotAllowed();
    if (subresource === 'status' && verb !== 'get' && verb !== 'update' && verb !== 'patch') {
      throw methodNotAllowed();
    }
    switch (verb) {
      case 'get':
        return handleGet(ctx, r);
      case 'list':
        return handleList(ctx, r);
      case 'create':
        return handleCreate(ctx, r);
      case 'update':
        return handleUpdate(ctx, r);
      case 'patch':
        return handlePatch(ctx, r);
      case 'delete':
        return handleDelete(ctx, r);
      case 'deletecollection':
        if (!r.resource.verbs.includes('deletecollection')) throw methodNotAllowed();
        return handleDeleteCollection(ctx, r);
      default:
        throw methodNotAllowed();
    }
  }
}

/**
 * Creates the API server: its allocators learn what the stored Services hold, and the system
 * namespaces are made sure of (an existing cluster reopened from storage keeps its own).
 */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const server = new ApiServer(options);
  await server.restoreAllocations();
  for (const name of systemNamespaces) {
    const response = await server.handle({
      verb: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: namespaces.kind, metadata: { name } } satisfies KubeObject,
    });
    if (response.status !== 201 && response.status !== 409) {
      throw new Error(`cannot create namespace ${name}: ${JSON.stringify(response.body)}`);
    }
  }
  const ingressClass = await server.handle({
    verb: 'POST',
    path: collectionPath(ingressclasses),
    body: builtinIngressClass(),
  });
  if (ingressClass.status !== 201 && ingressClass.status !== 409) {
    throw new Error(
      `cannot create the built-in IngressClass: ${JSON.stringify(ingressClass.body)}`,
    );
  }
  const storageClass = await server.handle({
    verb: 'POST',
    path: collectionPath(storageclasses),
    body: builtinStorageClass(),
  });
  if (storageClass.status !== 201 && storageClass.status !== 409) {
    throw new Error(
      `cannot create the built-in StorageClass: ${JSON.stringify(storageClass.body)}`,
    );
  }
  return server;
}
