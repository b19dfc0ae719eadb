/**
 * The list of the built app's files that the service worker caches for offline use, which
 * `npm run build` stamps into sw.js (scripts/precache.mjs) as a global of this name.
 */
export interface PrecacheManifest {
  /** A hash of every file's path and content: a new build has a new version. */
  version: string;
  files: PrecachedFile[];
}

export interface PrecachedFile {
  /** Relative to the service worker's scope: `main.js`, `images/hello.wasm`. */
  path: string;
  /** Hex SHA-256 of the content; a download that does not match is not cached. */
  sha256: string;
  bytes: number;
}

/** The global scripts/precache.mjs assigns (its `manifestGlobal`). */
export const precacheGlobal = '__kubePrecache';

/** The stamped list, or undefined for a build that has none (the watch build of `npm start`). */
export function stampedManifest(scope: object): PrecacheManifest | undefined {
  const value = (scope as Record<string, unknown>)[precacheGlobal];
  return value && typeof value === 'object' ? (value as PrecacheManifest) : undefined;
}
