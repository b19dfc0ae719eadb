import { canonicalRepository } from './find-stand-in.ts';
import { parseImageReference, type ImageReference } from './image-reference.ts';

/** The IndexedDB database that holds the modules users added, shared by every tab and node. */
export const USER_IMAGES_DATABASE = 'kube-in-a-tab-images';
const STORE = 'images';

/** A module a user added, as stored. */
export interface StoredImage {
  /** `<repository>:<tag>`, the record's key. */
  key: string;
  /** The canonical repository (`docker.io/library/myapp`, `ghcr.io/me/app`). */
  repository: string;
  tag: string;
  /** `sha256:<hex>` of the bytes. */
  digest: string;
  bytes: Uint8Array;
  /** When it was added, in ms since the epoch. */
  added: number;
}

/** An added image as listed: its name as users write it, digest and size. */
export interface UserImageInfo {
  name: string;
  digest: string;
  size: number;
  added: number;
}

/** What the registry needs of the added modules: the one a reference names, if any. */
export interface UserImages {
  find(ref: ImageReference): Promise<StoredImage | undefined>;
}

/**
 * The modules users added (`window.playground.images`), kept in IndexedDB so that every
 * node worker's registry finds them and they survive a reload. An image is stored under its
 * repository in canonical form and its tag (`latest` when the name has none): `myapp`,
 * `docker.io/myapp:latest` and `docker.io/library/myapp` name the same one. A reference with
 * a digest finds the image of that repository with that digest.
 */
export class IdbUserImages implements UserImages {
  private db?: Promise<IDBDatabase>;

  constructor(private readonly database: string = USER_IMAGES_DATABASE) {}

  /**
   * Stores `bytes` (a WASI module) under `name`, replacing what was there; resolves to the
   * name as listed and its digest. Rejects a name that does not parse, one with a digest, and
   * bytes that are not a WebAssembly module.
   */
  async add(name: string, bytes: ArrayBuffer | Uint8Array): Promise<UserImageInfo> {
    const ref = parseImageReference(name);
    if ('error' in ref) throw new Error(`couldn't parse image name "${name}": ${ref.error}`);
    if (ref.digest) throw new Error(`an added image is named by a tag, not a digest: "${name}"`);
    const copy = new Uint8Array(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    if (!WebAssembly.validate(copy as BufferSource)) {
      throw new Error(`"${name}": the bytes are not a WebAssembly module`);
    }
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', copy as BufferSource));
    const repository = canonicalRepository(ref);
    const tag = ref.tag ?? 'latest';
    const image: StoredImage = {
      key: `${repository}:${tag}`,
      repository,
      tag,
      digest: `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`,
      bytes: copy,
      added: Date.now(),
    };
    await this.request('readwrite', (store) => store.put(image));
    return info(image);
  }

  /** Every added image, by name. */
  async list(): Promise<UserImageInfo[]> {
    const all = await this.request<StoredImage[]>('readonly', (store) => store.getAll());
    return all.map(info).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Removes the image `name`; resolves to whether there was one. */
  async remove(name: string): Promise<boolean> {
    const ref = parseImageReference(name);
    if ('error' in ref) return false;
    const key = `${canonicalRepository(ref)}:${ref.tag ?? 'latest'}`;
    const found = await this.request<StoredImage | undefined>('readonly', (store) =>
      store.get(key),
    );
    if (!found) return false;
    await this.request('readwrite', (store) => store.delete(key));
    return true;
  }

  async find(ref: ImageReference): Promise<StoredImage | undefined> {
    const repository = canonicalRepository(ref);
    if (ref.tag !== undefined) {
      const image = await this.request<StoredImage | undefined>('readonly', (store) =>
        store.get(`${repository}:${ref.tag}`),
      );
      return image && (!ref.digest || image.digest === ref.digest) ? image : undefined;
    }
    const all = await this.request<StoredImage[]>('readonly', (store) => store.getAll());
    return all.find((image) => image.repository === repository && image.digest === ref.digest);
  }

  /** Closes the database (tests delete it afterwards). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    if (db) (await db).close();
  }

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        const request = indexedDB.open(this.database, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
        request.onsuccess = () => {
          // Another tab deleting or upgrading the database must not wait on this connection.
          request.result.onversionchange = () => {
            request.result.close();
            this.db = undefined;
          };
          resolve(request.result);
        };
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
      });
      this.db.catch(() => (this.db = undefined));
    }
    return this.db;
  }

  private async request<T = unknown>(
    mode: IDBTransactionMode,
    run: (store: IDBObjectStore) => IDBRequest,
  ): Promise<T> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error ?? request.error ?? new Error('transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
  }
}

/** How an image is listed: the name as users write it. */
function info(image: StoredImage): UserImageInfo {
  const short = image.repository.startsWith('docker.io/library/')
    ? image.repository.slice('docker.io/library/'.length)
    : image.repository.startsWith('docker.io/')
      ? image.repository.slice('docker.io/'.length)
      : image.repository;
  return {
    name: `${short}:${image.tag}`,
    digest: image.digest,
    size: image.bytes.byteLength,
    added: image.added,
  };
}
