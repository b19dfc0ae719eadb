import type { Clock } from '../clock/clock.ts';
import { StoreError, type KeyValue, type Store } from '../store/types.ts';
import type { KubeObject } from '../types/meta.ts';
import {
  alreadyExists,
  conflict,
  gone,
  internalError,
  notFound,
  type GroupResource,
} from './errors.ts';
import type { Random } from './object-meta.ts';
import { storeKey, storePrefix, type ResourceInfo } from './resources.ts';
import type { StorageHooks } from './storage-hooks.ts';
import { strategyFor, type Strategy } from './strategies/index.ts';

/** What every registry shares: the store, the clock and the source of randomness. */
export interface RegistryContext {
  store: Store;
  clock: Clock;
  random: Random;
}

/**
 * Storage for one resource: objects in and out of the store, with resourceVersion taken from
 * the key's mod revision (never stored in the value) and store failures turned into the
 * Status errors Kubernetes returns.
 */
export class Registry {
  readonly strategy: Strategy;
  readonly groupResource: GroupResource;

  /**
   * @param hooks what the resource's storage does around writes (the handlers call them):
   *   allocations for Services, nothing for most kinds.
   */
  constructor(
    readonly info: ResourceInfo,
    readonly context: RegistryContext,
    readonly hooks: StorageHooks = {},
  ) {
    this.strategy = strategyFor(info);
    this.groupResource = { group: info.group, resource: info.resource };
  }

  key(namespace: string | undefined, name: string): string {
    return storeKey(this.info, namespace, name);
  }

  prefix(namespace?: string): string {
    return storePrefix(this.info, namespace);
  }

  decode(kv: KeyValue): KubeObject {
    return this.decodeText(kv.value, String(kv.modRevision));
  }

  /** An object from its stored text, at the given resourceVersion. */
  decodeText(text: string, resourceVersion: string): KubeObject {
    const object = JSON.parse(text) as KubeObject;
    object.metadata.resourceVersion = resourceVersion;
    return object;
  }

  encode(object: KubeObject): string {
    const metadata = { ...object.metadata };
    delete metadata.resourceVersion;
    return JSON.stringify({ ...object, metadata });
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.context.store.get(this.key(namespace, name));
    if (!kv) throw notFound(this.groupResource, name);
    return this.decode(kv);
  }

  /** The stored object with its encoded form, for writers that compare before writing. */
  async getWithText(
    namespace: string | undefined,
    name: string,
  ): Promise<{ object: KubeObject; text: string }> {
    const kv = await this.context.store.get(this.key(namespace, name));
    if (!kv) throw notFound(this.groupResource, name);
    return { object: this.decode(kv), text: kv.value };
  }

  async tryGet(namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.context.store.get(this.key(namespace, name));
    return kv ? this.decode(kv) : undefined;
  }

  /** All objects (in a namespace, or everywhere), at the latest revision or at `revision`. */
  async list(
    namespace?: string,
    revision?: number,
  ): Promise<{ items: KubeObject[]; revision: number }> {
    try {
      const result = await this.context.store.list(this.prefix(namespace), { revision });
      return { items: result.items.map((kv) => this.decode(kv)), revision: result.revision };
    } catch (err) {
      throw this.translate(err, '');
    }
  }

  async create(object: KubeObject): Promise<KubeObject> {
    const { namespace, name = '' } = object.metadata;
    try {
      const kv = await this.context.store.create(this.key(namespace, name), this.encode(object));
      return this.decode(kv);
    } catch (err) {
      throw this.translate(err, name);
    }
  }

  /**
   * Compare-and-swap write: fails with Conflict unless the stored object is at
   * `expectedRevision`. `text` is `encode(object)` when the caller has it already.
   */
  async put(
    object: KubeObject,
    expectedRevision: number,
    text = this.encode(object),
  ): Promise<KubeObject> {
    const { namespace, name = '' } = object.metadata;
    try {
      const kv = await this.context.store.update(this.key(namespace, name), text, expectedRevision);
      return this.decode(kv);
    } catch (err) {
      throw this.translate(err, name);
    }
  }

  /** Removes the object for good (CAS on `expectedRevision` when given); resolves to its last state. */
  async remove(
    namespace: string | undefined,
    name: string,
    expectedRevision?: number,
  ): Promise<KubeObject> {
    try {
      const kv = await this.context.store.delete(this.key(namespace, name), expectedRevision);
      return this.decode(kv);
    } catch (err) {
      throw this.translate(err, name);
    }
  }

  private translate(err: unknown, name: string): unknown {
    if (!(err instanceof StoreError)) return err;
    switch (err.code) {
      case 'KeyExists':
        return alreadyExists(this.groupResource, name);
      case 'KeyNotFound':
        return notFound(this.groupResource, name);
      case 'RevisionMismatch':
        return conflict(this.groupResource, name);
      case 'Compacted':
        return gone(
          `too old resource version: ${err.message.match(/\d+/)?.[0] ?? ''} (${err.compactRevision ?? ''})`,
        );
      default:
        return internalError(err.message);
    }
  }
}
