// Compiles each wasm-apps/<name>/main.c to a WASI preview1 command module in dist/images/ and
// writes dist/images/index.json, the built-in registry's catalogue. Incremental: an app whose
// source, flags and compiler are unchanged since the last build is skipped.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';

const appsDir = 'wasm-apps';
// Headers every app may include (`#include "playground_net.h"`), passed to clang as -Iinclude.
const includeDir = join(appsDir, 'include');
const outDir = join('dist', 'images');
const cachePath = join(outDir, '.build-cache.json');

// clang's default for wasm32-wasip1 with a `main` is a command module (crt1-command.o exports
// `_start`); the name is explicit so a change of default cannot turn an image into a reactor.
export const clangFlags = [
  '--target=wasm32-wasip1',
  '-mexec-model=command',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Iinclude',
];

/** The shared headers, by file name; an app's build depends on all of them. */
function readIncludes() {
  if (!existsSync(includeDir)) return {};
  const headers = {};
  for (const file of readdirSync(includeDir).sort()) {
    if (file.endsWith('.h')) headers[file] = readFileSync(join(includeDir, file), 'utf8');
  }
  return headers;
}

// Every image is published under these tags; a reference without a tag means `latest`.
export const imageTags = ['1.0', 'latest'];

/**
 * The extra image names an app declares in its source with a line
 * `// images: busybox:latest busybox:1.36`, each `name:tag`, published beside `<app>:1.0` and
 * `<app>:latest` for the same module; none when there is no such line.
 */
export function extraImageNames(source) {
  const match = /^\/\/\s*images:(.*)$/m.exec(source);
  if (!match) return [];
  return match[1].split(/\s+/).filter((name) => /^[a-z0-9][\w.-]*:[\w][\w.-]*$/.test(name));
}

/**
 * True when the app's source has a line `// wagi: true`: its image is a WAGI handler, run once
 * per HTTP request (wasm-apps/README.md), and index.json says so with `"wagi": true`.
 */
export function isWagiImage(source) {
  return /^\/\/\s*wagi:\s*true\s*$/m.test(source);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function compilerVersion() {
  const bundle = fileURLToPath(import.meta.resolve('@yowasp/clang'));
  const pkg = JSON.parse(readFileSync(join(bundle, '..', '..', 'package.json'), 'utf8'));
  return pkg.version;
}

/** Lists the apps (folders of wasm-apps/ holding a main.c), sorted by name. */
export function listApps() {
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'main.c')))
    .map((entry) => entry.name)
    .sort();
}

// An app's description is its source's first line, `// <name>: <description>`.
function describe(name, source) {
  const first = source.split('\n', 1)[0];
  const match = /^\/\/\s*[\w-]+:\s*(.+)$/.exec(first);
  return match ? match[1].trim() : `${name} example program`;
}

function readCache(key) {
  try {
    const cache = JSON.parse(readFileSync(cachePath, 'utf8'));
    if (cache.key === key) return cache.sources;
  } catch {
    // A missing or unreadable cache just means a full build.
  }
  return {};
}

// Loaded only when something needs compiling. Fetching clang's resources up front, quietly, keeps
// the per-percent progress lines it would otherwise print out of the build log.
async function loadClang() {
  const { runClang } = await import('@yowasp/clang');
  await runClang(null, {}, { fetchProgress: () => {} });
  return runClang;
}

async function compile(runClang, name, source, includes) {
  let diagnostics = '';
  const decoder = new TextDecoder();
  const stderr = (bytes) => {
    if (bytes) diagnostics += decoder.decode(bytes, { stream: true });
  };
  try {
    const files = await runClang(
      ['clang', ...clangFlags, 'main.c', '-o', 'main.wasm'],
      { 'main.c': source, include: includes },
      { stdout: stderr, stderr, fetchProgress: () => {} },
    );
    if (diagnostics)
      process.stderr.write(diagnostics.replaceAll('main.c', `${appsDir}/${name}/main.c`));
    return files['main.wasm'];
  } catch (error) {
    process.stderr.write(diagnostics.replaceAll('main.c', `${appsDir}/${name}/main.c`));
    throw new Error(`building image ${name} failed: ${error.message}`, { cause: error });
  }
}

/**
 * Brings dist/images/ up to date with wasm-apps/ and rewrites index.json from the modules' bytes.
 * Resolves to the names built and skipped; rejects (after printing clang's diagnostics) if any
 * app fails to compile.
 */
export async function buildImages({ log = console.log } = {}) {
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  const includes = readIncludes();
  const key = sha256(JSON.stringify({ compiler: compilerVersion(), clangFlags, includes }));
  const previous = readCache(key);
  const sources = {};
  const built = [];
  const skipped = [];
  let runClang;

  const images = {};
  try {
    for (const name of listApps()) {
      const source = readFileSync(join(appsDir, name, 'main.c'), 'utf8');
      const file = `${name}.wasm`;
      const target = join(outDir, file);
      const hash = sha256(source);
      if (previous[name] === hash && existsSync(target)) {
        skipped.push(name);
      } else {
        runClang ??= await loadClang();
        writeFileSync(target, await compile(runClang, name, source, includes));
        built.push(name);
      }
      sources[name] = hash;
      const digest = `sha256:${sha256(readFileSync(target))}`;
      const names = [...imageTags.map((tag) => `${name}:${tag}`), ...extraImageNames(source)];
      const wagi = isWagiImage(source) ? { wagi: true } : {};
      for (const image of names) {
        images[image] = { file, digest, description: describe(name, source), ...wagi };
      }
    }
  } finally {
    // Apps built before a failure stay cached; the failed one is retried next time.
    writeFileSync(cachePath, `${JSON.stringify({ key, sources }, null, 2)}\n`);
  }

  // Modules of apps that no longer exist would otherwise linger, unlisted, in the served folder.
  for (const file of readdirSync(outDir)) {
    if (file.endsWith('.wasm') && !Object.hasOwn(sources, file.slice(0, -'.wasm'.length))) {
      rmSync(join(outDir, file));
    }
  }
  writeFileSync(join(outDir, 'index.json'), `${JSON.stringify({ images }, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `images: built ${built.length ? built.join(', ') : 'none'}; ` +
      `up to date ${skipped.length ? skipped.join(', ') : 'none'} (${seconds}s)`,
  );
  return { built, skipped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildImages();
  } catch (error) {
    // clang's diagnostics are already printed; its stack trace would only bury them.
    console.error(error.message);
    process.exitCode = 1;
  }
}
