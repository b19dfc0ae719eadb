// Runs the benchmarks in real headless Chromium and prints ONE JSON object of named figures on
// stdout (progress goes to stderr). bench/index.ts is bundled with esbuild, served from memory
// on localhost (IndexedDB and module workers need a real origin), and driven with puppeteer-core.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { buildOnce } from './build.mjs';
import { benchAutoscaling, benchNetwork, benchPage } from './bench-page.mjs';
import { chromiumExists, chromiumPath, chromiumFlags } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 15 * 60_000;

if (!chromiumExists()) {
  console.error(`error: Chromium not found at ${chromiumPath()} (set CHROME_PATH).`);
  process.exit(1);
}

const bundle = await build({
  absWorkingDir: root,
  entryPoints: ['bench/index.ts'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  outdir: 'out',
  logLevel: 'warning',
});
const files = new Map([
  [
    '/',
    {
      type: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/index.js"></script>',
    },
  ],
]);
for (const file of bundle.outputFiles) {
  const path = '/' + file.path.slice(file.path.lastIndexOf('/') + 1);
  files.set(path, { type: 'text/javascript', body: file.contents });
}

// The bundled app (dist/) is served under /app/ for the page-level benchmarks.
await buildOnce();
// Cross-origin isolation lets the bench page measure its memory (measureUserAgentSpecificMemory).
const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path.startsWith('/app/')) {
    const rel = normalize(path.slice('/app/'.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(root, 'dist', rel));
      res
        .writeHead(200, {
          'content-type': types[extname(rel)] ?? 'application/octet-stream',
          ...isolation,
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
    return;
  }
  const file = files.get(path);
  if (!file) {
    // 204 rather than 404 so the browser's favicon request does not print an error.
    res.writeHead(204).end();
    return;
  }
  res
    .writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', ...isolation })
    .end(file.body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: chromiumFlags,
});
let exitCode = 0;
// BENCH_ONLY=page runs only the page-level figures (quicker while working on them).
const pageOnly = process.env.BENCH_ONLY === 'page';
try {
  const page = await browser.newPage();
  page.on('console', (msg) => console.error(`[page] ${msg.text()}`));
  if (pageOnly) await page.evaluate('window.__benchResult = {}');
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  if (!pageOnly) await page.goto(`http://localhost:${port}/`);
  await page.waitForFunction('window.__benchResult || window.__benchError', {
    timeout: TIMEOUT_MS,
    polling: 200,
  });
  // A string expression: this file is linted as Node code, where `window` does not exist.
  const { result, error } = await page.evaluate(
    '({ result: window.__benchResult, error: window.__benchError })',
  );
  if (error) {
    console.error(`bench failed: ${error}`);
    exitCode = 1;
  } else {
    console.error('bench: page…');
    const pageFigures = await benchPage(browser, `http://localhost:${port}/app/index.html`);
    console.error('bench: network…');
    const networkFigures = await benchNetwork(browser, `http://localhost:${port}/app/index.html`);
    console.error('bench: autoscaling…');
    const hpaFigures = await benchAutoscaling(browser, `http://localhost:${port}/app/index.html`);
    process.stdout.write(
      JSON.stringify({ ...result, ...pageFigures, ...networkFigures, ...hpaFigures }, null, 2) +
        '\n',
    );
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(exitCode);
