// The build's same-origin check: the built app (dist/) must never fetch anything from another
// origin, or it would stop working offline and leak what the user does. It reads the built
// JavaScript, HTML, CSS and web app manifests for URLs on another origin in the places a
// browser fetches them, and ignores absolute URLs anywhere else (XML namespaces, links in
// comments and prose, API group names, the example URLs of the tutorials), which are never
// fetched. It cannot see a URL assembled at run time (`fetch(base + path)`): keep such bases
// relative.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** An absolute URL on some origin: http(s), ws(s), or protocol-relative `//host`. */
const external = String.raw`(?:(?:https?|wss?):)?//[\w.-]+[^\s'"\`)<>]*`;
/** A quoted external URL; the URL is the pattern's one capture group. */
const quoted = String.raw`['"\`](${external})`;

/** Where JavaScript fetches what it names: module imports, fetch-like calls, workers, `.src =`. */
const scriptPatterns = [
  // import x from 'URL', export * from 'URL', import 'URL'
  new RegExp(String.raw`\b(?:import|export)\s*(?:[\w*{}\s,$]+\bfrom\s*)?${quoted}`, 'g'),
  // import('URL')
  new RegExp(String.raw`\bimport\s*\(\s*${quoted}`, 'g'),
  // fetch('URL'), importScripts('URL'), new Worker('URL'), register('URL'), new WebSocket(...)...
  new RegExp(
    String.raw`\b(?:fetch|importScripts|Worker|SharedWorker|EventSource|WebSocket|register|sendBeacon|instantiateStreaming|compileStreaming|Audio)\s*\(\s*(?:new\s+URL\s*\(\s*)?${quoted}`,
    'g',
  ),
  // xhr.open('GET', 'URL')
  new RegExp(String.raw`\.open\s*\(\s*['"][A-Za-z]+['"]\s*,\s*${quoted}`, 'g'),
  // element.src = 'URL', el.srcset = 'URL', setAttribute('src', 'URL')
  new RegExp(String.raw`\.(?:src|srcset|poster)\s*=\s*${quoted}`, 'g'),
  new RegExp(
    String.raw`setAttribute\s*\(\s*['"](?:src|srcset|poster|data)['"]\s*,\s*${quoted}`,
    'g',
  ),
];

/** Attributes a browser loads a resource from, on the elements it loads them for. */
const markupPatterns = [
  new RegExp(
    String.raw`<(?:script|img|iframe|frame|source|track|video|audio|embed|input|image)\b[^>]*?\s(?:src|poster|srcset|href|xlink:href)\s*=\s*['"]?(${external})`,
    'gi',
  ),
  new RegExp(String.raw`<object\b[^>]*?\sdata\s*=\s*['"]?(${external})`, 'gi'),
];

/** `<link href>` loads its target for every rel but the ones that only name another page. */
const linkTag = /<link\b[^>]*>/gi;
const navigationRels = new Set([
  'alternate',
  'author',
  'canonical',
  'help',
  'license',
  'next',
  'prev',
  'search',
  'me',
]);

/** CSS: url(...) and @import. */
const stylePatterns = [
  new RegExp(String.raw`\burl\(\s*['"]?(${external})`, 'gi'),
  new RegExp(String.raw`@import\s+['"](${external})`, 'gi'),
];

/**
 * @typedef {'script' | 'html' | 'css' | 'manifest'} SourceKind
 * @typedef {{ url: string, line: number }} ExternalFetch
 */

/**
 * The URLs on another origin that `text` (of the given kind) makes the browser fetch, with
 * their line numbers. Markup and CSS are also looked for inside scripts (lit's html`` and
 * css`` templates) and scripts inside HTML (inline scripts).
 * @param {string} text
 * @param {SourceKind} kind
 * @returns {ExternalFetch[]}
 */
export function externalFetches(text, kind) {
  if (kind === 'manifest') return manifestFetches(text);
  const patterns = [...scriptPatterns, ...markupPatterns, ...stylePatterns];
  const found = new Map();
  const note = (url, index) => {
    if (!found.has(index)) found.set(index, { url, line: lineOf(text, index) });
  };
  for (const pattern of kind === 'css' ? stylePatterns : patterns) {
    for (const match of text.matchAll(pattern)) {
      const url = match[1];
      note(url, match.index + match[0].lastIndexOf(url));
    }
  }
  if (kind !== 'css') {
    for (const match of text.matchAll(linkTag)) {
      const tag = match[0];
      const rel = /\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))/i.exec(tag);
      const rels = (rel?.[1] ?? rel?.[2] ?? rel?.[3] ?? '').toLowerCase().split(/\s+/);
      if (rels.some((r) => r) && rels.every((r) => !r || navigationRels.has(r))) continue;
      const href = new RegExp(String.raw`\shref\s*=\s*['"]?(${external})`, 'i').exec(tag);
      if (href) note(href[1], match.index + tag.indexOf(href[1]));
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, f]) => f);
}

/** A web app manifest's icons, screenshots and start URL, which the browser fetches or opens. */
function manifestFetches(text) {
  const manifest = JSON.parse(text);
  const urls = [];
  const images = (list) => (Array.isArray(list) ? list : []).map((i) => i?.src);
  urls.push(manifest.start_url, manifest.scope, ...images(manifest.icons));
  urls.push(...images(manifest.screenshots));
  for (const s of Array.isArray(manifest.shortcuts) ? manifest.shortcuts : []) {
    urls.push(s?.url, ...images(s?.icons));
  }
  const whole = new RegExp(`^${external}$`);
  return urls
    .filter((u) => typeof u === 'string' && whole.test(u))
    .map((url) => ({ url, line: lineOf(text, text.indexOf(url)) }));
}

function lineOf(text, index) {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The kind of a built file by its name, or undefined for files that fetch nothing. */
export function sourceKind(path) {
  if (/\.(m?js)$/.test(path)) return 'script';
  if (/\.html?$/.test(path)) return 'html';
  if (/\.css$/.test(path)) return 'css';
  if (/(\.webmanifest|manifest\.json)$/.test(path)) return 'manifest';
  return undefined;
}

/**
 * Every fetch from another origin in the files under `dir`, as `file:line: URL` lines (paths
 * relative to `dir`); empty when the build is self-contained.
 * @param {string} dir
 * @returns {string[]}
 */
export function findExternalFetches(dir) {
  const problems = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      const kind = entry.isFile() ? sourceKind(entry.name) : undefined;
      if (!kind) continue;
      for (const f of externalFetches(readFileSync(path, 'utf8'), kind)) {
        problems.push(`${relative(dir, path)}:${f.line}: ${f.url}`);
      }
    }
  };
  walk(dir);
  return problems;
}

/** Throws, naming each file and URL, when the build under `dir` fetches from another origin. */
export function checkSameOrigin(dir) {
  const problems = findExternalFetches(dir);
  if (problems.length === 0) return;
  throw new Error(
    `The build fetches from outside its origin, which breaks offline use:\n` +
      problems.map((p) => `  ${p}`).join('\n') +
      `\nServe these from the app itself (public/ or a bundled import) instead.`,
  );
}
