import { StatusError, isStatus, internalError, type Status } from '../api/errors.ts';
import { collectionPath, objectPath, pods, type ResourceInfo } from '../api/resources.ts';
import type { ApiHandler, ApiRequest, QueryValue, WatchSubscription } from '../api/types.ts';
import type { DeleteOptions, KubeList, KubeObject, WatchEvent } from '../types/meta.ts';

export type PatchType = 'merge' | 'strategic' | 'json';

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this resourceVersion; unset sends the current objects as ADDED events first. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
}

/**
 * A typed client over an ApiHandler, as client-go is over HTTP: builds the REST paths,
 * returns the objects, and throws a StatusError for any failure. Controllers, the scheduler,
 * kubelets and kubectl all use it; none of them touches the store.
 */
export class Client {
  constructor(readonly api: ApiHandler) {}

  async get<T extends KubeObject>(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    return this.call<T>({ verb: 'GET', path: objectPath(info, namespace, name) });
  }

  async list<T extends KubeObject>(
    info: ResourceInfo,
    namespace?: string,
    options: ListOptions = {},
  ): Promise<KubeList<T>> {
    return this.call<KubeList<T>>({
      verb: 'GET',
      path: collectionPath(info, namespace),
      query: { ...options } as Record<string, QueryValue>,
    });
  }

  async create<T extends KubeObject>(
    info: ResourceInfo,
    namespace: string | undefined,
    object: T,
  ): Promise<T> {
    return this.call<T>({ verb: 'POST', path: collectionPath(info, namespace), body: object });
  }

  async update<T extends KubeObject>(
    info: ResourceInfo,
    object: T,
    subresource?: string,
  ): Promise<T> {
    const name = object.metadata.name ?? '';
    return this.call<T>({
      verb: 'PUT',
      path: objectPath(info, object.metadata.namespace, name, subresource),
      body: object,
    });
  }

  /** PUT to the `/status` subresource: only status changes are kept. */
  async updateStatus<T extends KubeObject>(info: ResourceInfo, object: T): Promise<T> {
    return this.update(info, object, 'status');
  }

  async patch<T extends KubeObject>(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    subresource?: string,
  ): Promise<T> {
    return this.call<T>({
      verb: 'PATCH',
      path: objectPath(info, namespace, name, subresource),
      body: patch,
      contentType: patchContentTypes[type],
    });
  }

  /** Deletes one object; resolves to what the server returned (the object or a Status). */
  async delete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<KubeObject | Status> {
    return this.call<KubeObject | Status>({
      verb: 'DELETE',
      path: objectPath(info, namespace, name),
      body: options,
    });
  }

  /** POST to a subresource such as `binding` or `eviction`. */
  async createSubresource<T = unknown>(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T> {
    return this.call<T>({
      verb: 'POST',
      path: objectPath(info, namespace, name, subresource),
      body,
    });
  }

  /** Binds a pod to a node through the pods/binding subresource, as the scheduler does. */
  async bind(namespace: string, podName: string, nodeName: string, uid?: string): Promise<void> {
    await this.createSubresource(pods, namespace, podName, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: podName, namespace, ...(uid ? { uid } : {}) },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    });
  }

  /**
   * Opens a watch. Throws a StatusError when it cannot start (410 Expired for a
   * resourceVersion older than the server's history: re-list, then watch again).
   */
  async watch<T extends KubeObject>(
    info: ResourceInfo,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<WatchSubscription> {
    const result = await this.api.watch(
      {
        verb: 'GET',
        path: collectionPath(info, namespace),
        query: { ...options, watch: true } as Record<string, QueryValue>,
      },
      onEvent as (event: WatchEvent) => void,
    );
    if ('stop' in result) return result;
    throw toError(result.body);
  }

  private async call<T>(request: ApiRequest): Promise<T> {
    const response = await this.api.handle(request);
    if (response.status >= 200 && response.status < 300) return response.body as T;
    throw toError(response.body);
  }
}

function toError(body: unknown): StatusError {
  if (isStatus(body)) return new StatusError(body);
  return internalError(`unexpected response ${JSON.stringify(body)}`);
}
