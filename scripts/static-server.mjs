// A small static file server for the built app (dist/) on localhost, for the page tests: plain
// GETs of files, with the content types the app needs (module workers, wasm, the web app
// manifest). Service workers and IndexedDB need a real origin, which file:// is not.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.md': 'text/markdown; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the files under `dir` on 127.0.0.1 (a free port unless `port` is given); a path
 * ending in `/` serves its index.html. Resolves to its base URL, the paths it answered (in
 * order, for tests that check what reached the network), and `close()`, which also drops
 * open connections, as a server going away does. `pages` adds HTML pages at paths of their own
 * (a docs page elsewhere on the site), served as if they were files.
 */
export async function serveDirectory(dir, { port = 0, pages = {} } = {}) {
  const root = resolve(dir);
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    if (Object.hasOwn(pages, path) && ['GET', 'HEAD'].includes(req.method ?? '')) {
      res.writeHead(200, { 'content-type': types['.html'], 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : pages[path]);
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !['GET', 'HEAD'].includes(req.method ?? '')) {
      res.writeHead(404).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}/`,
    requests,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
