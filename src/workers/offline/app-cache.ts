import type { PrecacheManifest } from './precache-manifest.ts';

/** Every cache this app creates starts with this; the build's version follows. */
export const cachePrefix = 'kube-in-a-tab-precache-';

/** The message a page or an older worker sends a waiting worker to make it take over. */
export const skipWaitingMessage = 'kube-skip-waiting';

/**
 * The app's offline copy, kept by the service worker: `install` downloads every file of the
 * build (checking each against its hash) into a cache named after the build's version;
 * `activate` deletes other builds' caches; `respond` serves same-origin GETs of those files
 * from it, falling back to the network, and a navigation the network cannot answer with the
 * cached page. Without a manifest (the watch build) it caches nothing and clears old caches,
 * so a developer never sees a stale build.
 */
export class AppCache {
  private readonly paths: ReadonlySet<string>;
  readonly cacheName: string | undefined;

  constructor(
    private readonly scope: string,
    private readonly manifest: PrecacheManifest | undefined,
    private readonly storage: CacheStorage,
  ) {
    this.paths = new Set(manifest?.files.map((f) => f.path));
    this.cacheName = manifest ? `${cachePrefix}${manifest.version}` : undefined;
  }

  /**
   * Downloads and caches every listed file; rejects (so the browser keeps the old worker and
   * retries later) when one fails or does not match its hash. Resolves to whether this worker
   * may take over at once: when no other build's cache exists (a first visit, or an app that
   * cached nothing), or when it caches nothing. Otherwise pages of the old build are open, and
   * their later loads (workers, images) must keep coming from the old build's cache.
   */
  async install(): Promise<boolean> {
    if (!this.manifest || !this.cacheName) return true;
    const cache = await this.storage.open(this.cacheName);
    await Promise.all(
      this.manifest.files.map(async (file) => {
        const url = new URL(file.path, this.scope).href;
        if (await cache.match(url)) return;
        // Revalidated, not refetched: on a first visit the page has just loaded most of these.
        const response = await fetch(url, { cache: 'no-cache' });
        if (!response.ok) throw new Error(`precache: ${url} answered ${response.status}`);
        const body = await response.clone().arrayBuffer();
        if ((await sha256(body)) !== file.sha256) {
          throw new Error(`precache: ${url} does not match this build (a newer one is deployed?)`);
        }
        await cache.put(url, response);
      }),
    );
    return !(await this.otherCaches()).length;
  }

  /** Deletes the caches of other builds (all of them, for a build that caches nothing). */
  async activate(): Promise<void> {
    await Promise.all((await this.otherCaches()).map((name) => this.storage.delete(name)));
  }

  /**
   * The answer for a request this cache is responsible for, or undefined to let the browser
   * fetch it as usual: same-origin GETs of the build's files (the scope's root is its
   * index.html; a query string does not matter), and navigations, which fall back to the
   * cached index.html when the network fails.
   */
  respond(request: Request): Promise<Response> | undefined {
    if (!this.cacheName || request.method !== 'GET') return undefined;
    const url = new URL(request.url);
    if (url.origin !== new URL(this.scope).origin) return undefined;
    const path = this.pathOf(url);
    const navigation = request.mode === 'navigate';
    if (path === undefined && !navigation) return undefined;
    return this.cachedOrNetwork(request, path, navigation);
  }

  private async cachedOrNetwork(
    request: Request,
    path: string | undefined,
    navigation: boolean,
  ): Promise<Response> {
    const cache = await this.storage.open(this.cacheName!);
    const hit = path === undefined ? undefined : await cache.match(new URL(path, this.scope).href);
    if (hit) return hit;
    try {
      return await fetch(request);
    } catch (err) {
      const page = navigation
        ? await cache.match(new URL('index.html', this.scope).href)
        : undefined;
      if (page) return page;
      throw err;
    }
  }

  /** The listed file a URL names, or undefined. */
  private pathOf(url: URL): string | undefined {
    const scopePath = new URL(this.scope).pathname;
    if (!url.pathname.startsWith(scopePath)) return undefined;
    let path = decodeURIComponent(url.pathname.slice(scopePath.length));
    if (path === '' || path.endsWith('/')) path += 'index.html';
    return this.paths.has(path) ? path : undefined;
  }

  private async otherCaches(): Promise<string[]> {
    return (await this.storage.keys()).filter(
      (name) => name.startsWith(cachePrefix) && name !== this.cacheName,
    );
  }
}

async function sha256(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
