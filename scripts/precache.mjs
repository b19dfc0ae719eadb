// The offline cache's list: every file of the built app with a content hash, stamped into the
// service worker (dist/sw.js) so that a new build is a new service worker, which the browser
// installs in place of the old one. A build without the stamp (`npm start`'s watch build)
// caches nothing. The shape is PrecacheManifest in src/workers/offline/precache-manifest.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The global the stamp assigns; src/workers/offline/precache-manifest.ts reads the same name. */
export const manifestGlobal = '__kubePrecache';

/** Not cached: the service worker itself (the browser keeps it), and source maps (DevTools only). */
function cached(path) {
  return (
    path !== 'sw.js' && !path.endsWith('.map') && !path.split('/').some((p) => p.startsWith('.'))
  );
}

function filesUnder(dir) {
  const out = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The precache list of the app built in `dir`: `{version, files: [{path, sha256, bytes}]}`,
 * where `version` is a hash of every path and content hash, so it changes with any file.
 */
export function precacheManifest(dir) {
  const files = filesUnder(dir)
    .filter(cached)
    .map((path) => {
      const body = readFileSync(join(dir, path));
      const sha256 = createHash('sha256').update(body).digest('hex');
      return { path, sha256, bytes: body.length };
    });
  const version = createHash('sha256')
    .update(files.map((f) => `${f.path} ${f.sha256}\n`).join(''))
    .digest('hex')
    .slice(0, 16);
  return { version, files };
}

/**
 * Writes the precache list into `dir`/sw.js (after its code, before its source-map comment, so
 * the map's lines still match) and returns it.
 */
export function stampServiceWorker(dir) {
  const manifest = precacheManifest(dir);
  const swPath = join(dir, 'sw.js');
  const source = readFileSync(swPath, 'utf8');
  const mapComment = /\n\/\/# sourceMappingURL=[^\n]*\n?$/.exec(source);
  // A service worker stamped before (not rebuilt since) loses its old stamp.
  const code = (mapComment ? source.slice(0, mapComment.index) : source).replace(
    new RegExp(`\\nself\\.${manifestGlobal} = [^\\n]*;$`),
    '',
  );
  const stamp = `\nself.${manifestGlobal} = ${JSON.stringify(manifest)};`;
  writeFileSync(swPath, code + stamp + (mapComment?.[0] ?? '\n'));
  return manifest;
}
