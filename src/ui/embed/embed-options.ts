import type { TimingPresetName } from '../../kernel/clock/presets.ts';
import type { PlaygroundLayout } from '../views/kube-playground.ts';

/** How one <k8s-playground> element's cluster is started and shown, read from its attributes. */
export interface EmbedOptions {
  /** The IndexedDB database the cluster lives in (or is named after, when in memory). */
  database: string;
  /** A throwaway cluster that goes with the element. */
  inMemory: boolean;
  timing: TimingPresetName;
  /** Worker nodes of a new cluster; undefined leaves startPlayground's default. */
  workerNodes: number | undefined;
  view: PlaygroundLayout;
  /** The manifest to apply once ready, resolved against the page's base URL. */
  manifestUrl: string | undefined;
  /** YAML written inside the element (`<script type="text/yaml">`), dedented. */
  inlineManifest: string | undefined;
  /** Shell lines to run in the element's terminal once ready, in order. */
  commands: string[];
  /** The guided tutorial to show beside the terminal; '' for the list of tutorials. */
  tutorial: string | undefined;
}

/** The most worker nodes an element may ask for: each is a Web Worker on the reader's machine. */
export const maxEmbedNodes = 10;

const layouts: readonly PlaygroundLayout[] = ['both', 'map', 'terminal'];
const timings: readonly TimingPresetName[] = ['tutorial', 'kubernetes'];
const yamlTypes = ['text/yaml', 'application/yaml', 'text/x-yaml', 'application/x-yaml'];

/**
 * The element's options from its attributes (see docs/embedding.md). A value it cannot use is
 * reported with console.warn and replaced by the default, so a typo never leaves the reader
 * without a cluster. Without a `storage` name, the cluster is named after the page's path and
 * the element's id, or else its position among the page's <k8s-playground> elements, so that
 * two elements never share one.
 */
export function readEmbedOptions(el: Element, position: number, pagePath: string): EmbedOptions {
  const storage = el.getAttribute('storage')?.trim() || undefined;
  const inMemory = el.hasAttribute('ephemeral') || storage === 'memory';
  const named = storage && storage !== 'memory' ? storage : undefined;
  return {
    database: named ?? defaultStorageName(pagePath, el.id || String(position)),
    inMemory,
    timing: choice(el, 'timing', timings, 'tutorial'),
    workerNodes: nodeCount(el),
    view: embedLayout(el),
    manifestUrl: el.getAttribute('manifest')?.trim() || undefined,
    inlineManifest: inlineManifest(el),
    commands: commandLines(el.getAttribute('commands') ?? ''),
    tutorial: el.getAttribute('tutorial')?.trim(),
  };
}

/** The element's `view`: `both` (the default), `map` or `terminal`. */
export function embedLayout(el: Element): PlaygroundLayout {
  return choice(el, 'view', layouts, 'both');
}

/** The database name of an element without `storage`: its page and its id (or position). */
export function defaultStorageName(pagePath: string, idOrPosition: string): string {
  return `k8s-playground:${pagePath}#${idOrPosition}`;
}

/** The `commands` attribute's lines: one command line each, blank lines left out. */
export function commandLines(attribute: string): string[] {
  return attribute
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The YAML of the element's own `<script type="text/yaml">` children, joined as documents of
 * one manifest, each with the indentation it shares with its lines taken off (it is written
 * indented inside the HTML, but `---` separators must start their line).
 */
export function inlineManifest(el: Element): string | undefined {
  const documents = [...el.children]
    .filter((child) => child.localName === 'script')
    .filter((child) => yamlTypes.includes(child.getAttribute('type')?.trim().toLowerCase() ?? ''))
    .map((script) => dedent(script.textContent ?? ''))
    .filter((text) => text.trim() !== '');
  return documents.length > 0 ? documents.join('\n---\n') : undefined;
}

/** `text` without the leading whitespace all its non-blank lines share. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((line) => line.slice(common)).join('\n') + '\n';
}

function nodeCount(el: Element): number | undefined {
  const value = el.getAttribute('nodes');
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 0 && n <= maxEmbedNodes) return n;
  console.warn(
    `<k8s-playground nodes="${value}">: nodes is a whole number from 0 to ${maxEmbedNodes}; starting the default`,
  );
  return undefined;
}

function choice<T extends string>(
  el: Element,
  attribute: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = el.getAttribute(attribute)?.trim();
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  console.warn(
    `<k8s-playground ${attribute}="${value}">: expected one of ${allowed.join(', ')}; using ${fallback}`,
  );
  return fallback;
}
