import { builtinResources, type ResourceInfo } from '../../kernel/api/resources.ts';
import type { FlagSpec } from '../../kernel/kubectl/flags.ts';

/** A kubectl command as completion sees it: the words naming it and its flags. */
export interface CompletableCommand {
  path: readonly string[];
  flags: readonly FlagSpec[];
}

/** What completion knows: commands, resource types, and a way to list an object's names. */
export interface CompletionSources {
  commands: readonly CompletableCommand[];
  /** Flags every command takes (`--namespace`, `--help`). */
  globalFlags: readonly FlagSpec[];
  resources: readonly ResourceInfo[];
  /** Names of the objects of `info` (in `namespace` when namespaced); [] when unknown. */
  names(info: ResourceInfo, namespace: string | undefined): Promise<string[]>;
  /** The shell's command names, for a command's first word (`kubectl` and `clear` if none). */
  commandNames?: readonly string[];
  /** Workspace paths starting with `prefix` (directories ending with `/`), for file arguments. */
  files?(prefix: string): string[];
}

const minikubeCommands = [
  'addons',
  'dashboard',
  'ip',
  'kubectl',
  'service',
  'status',
  'tunnel',
  'version',
];

/** Where the command being typed starts: after the last `|`, `;`, `&` or `(` outside quotes. */
function commandStart(text: string): number {
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if ('|;&('.includes(c)) start = i + 1;
  }
  return start;
}

/** The candidates for the word ending at the cursor, which spans `start`..cursor in the line. */
export interface Completion {
  start: number;
  /** Full words that could replace the word being typed, sorted. */
  candidates: string[];
}

/** Commands whose arguments are `TYPE [NAME...]` or `TYPE/NAME`. */
const takesResources = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'scale',
  'patch',
  'explain',
  'wait',
  'rollout',
  'autoscale',
  'expose',
  'set',
]);

/** Commands whose first argument is a pod name. */
const takesPod = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);

const outputFormats = ['json', 'name', 'wide', 'yaml'];

/** The words a line is made of, each with where it starts (quotes are not interpreted). */
function wordsOf(text: string): { word: string; start: number }[] {
  const words: { word: string; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push({ word: m[0], start: m.index });
  return words;
}

/** The flag a word names (`-n`, `--namespace`, `--namespace=x`), from `flags`. */
function flagOf(word: string, flags: readonly FlagSpec[]): FlagSpec | undefined {
  if (word.startsWith('--')) {
    const name = word.slice(2).split('=')[0];
    return flags.find((f) => f.name === name);
  }
  if (word.startsWith('-') && word.length === 2) return flags.find((f) => f.short === word[1]);
  return undefined;
}

/** The resource a kubectl type argument names: plural, singular, short name or kind. */
export function resourceNamed(
  word: string,
  resources: readonly ResourceInfo[],
): ResourceInfo | undefined {
  const name = word.toLowerCase().split('.')[0];
  return resources.find(
    (r) =>
      r.resource === name ||
      r.singular === name ||
      r.kind.toLowerCase() === name ||
      r.shortNames.includes(name),
  );
}

function matching(prefix: string, words: Iterable<string>): string[] {
  return [...new Set([...words].filter((w) => w.startsWith(prefix)))].sort();
}

function typeCandidates(prefix: string, resources: readonly ResourceInfo[]): string[] {
  // A complete alias (`po`, `deploy`, `pod`) completes to its plural name.
  const exact = resources.find(
    (r) => r.shortNames.includes(prefix) || r.singular === prefix || r.resource === prefix,
  );
  if (exact) return [exact.resource];
  return matching(
    prefix,
    resources.map((r) => r.resource),
  );
}

/**
 * Completes the word before `cursor` in a `kubectl …` (or `k …`) line: the command's words,
 * its flags (`--output`), values of `-n` (namespaces) and `-o` (formats), resource types (short
 * names complete to the plural), and object names, listed through `sources.names` for the type
 * given earlier in the line (`get pods we` or `get pods/we`).
 */
export async function complete(
  line: string,
  cursor: number,
  sources: CompletionSources,
): Promise<Completion> {
  const before = line.slice(commandStart(line.slice(0, cursor)), cursor);
  const words = wordsOf(before);
  const typing = /\s$/.test(before) || words.length === 0;
  const current = typing ? '' : words[words.length - 1].word;
  const start = cursor - current.length;
  const done = (typing ? words : words.slice(0, -1)).map((w) => w.word);
  // `sudo kubectl ...`, `watch kubectl ...`: the command is the next word.
  while (done.length > 0 && ['sudo', 'watch', 'time', 'timeout'].includes(done[0])) {
    done.shift();
    if (done[0] && /^\d/.test(done[0])) done.shift();
  }
  const none: Completion = { start, candidates: [] };
  const files = (): Completion =>
    sources.files ? { start, candidates: matching(current, sources.files(current)) } : none;

  if (done.length === 0) {
    const names = sources.commandNames ?? ['kubectl', 'clear'];
    return { start, candidates: matching(current, [...names, 'kubectl']) };
  }
  if (done[0] === 'minikube') {
    return done.length === 1 ? { start, candidates: matching(current, minikubeCommands) } : none;
  }
  if (done[0] !== 'kubectl' && done[0] !== 'k') return current.startsWith('-') ? none : files();

  // The command is the longest registered path the non-flag words start with.
  const args = done.slice(1);
  let namespace: string | undefined;
  const plain: string[] = [];
  let previousFlag: FlagSpec | undefined;
  const allFlags = [...sources.globalFlags, ...sources.commands.flatMap((c) => c.flags)];
  for (const word of args) {
    if (previousFlag) {
      if (previousFlag.name === 'namespace') namespace = word;
      previousFlag = undefined;
      continue;
    }
    if (word.startsWith('-')) {
      const flag = flagOf(word, allFlags);
      if (flag?.name === 'namespace' && word.includes('=')) namespace = word.split('=')[1];
      else if (flag && flag.type !== 'bool' && !word.includes('=')) previousFlag = flag;
      continue;
    }
    plain.push(word);
  }

  let command: CompletableCommand | undefined;
  for (const c of sources.commands) {
    if (c.path.length <= plain.length && c.path.every((w, i) => plain[i] === w)) {
      if (!command || c.path.length > command.path.length) command = c;
    }
  }

  const flags = [...(command?.flags ?? []), ...sources.globalFlags];
  // The flag before the cursor, as the command itself reads it (`apply -f` takes a file, `logs -f` is a switch).
  const lastWord = args[args.length - 1];
  if (command && lastWord?.startsWith('-') && !lastWord.includes('=')) {
    const own = flagOf(lastWord, flags);
    if (own) previousFlag = own.type === 'bool' ? undefined : own;
  }
  if (previousFlag) {
    if (previousFlag.name === 'namespace') {
      const ns = sources.resources.find((r) => r.resource === 'namespaces');
      return { start, candidates: ns ? matching(current, await sources.names(ns, undefined)) : [] };
    }
    if (previousFlag.name === 'output')
      return { start, candidates: matching(current, outputFormats) };
    if (previousFlag.name === 'filename') return files();
    return none;
  }
  if (current.startsWith('-')) {
    return {
      start,
      candidates: matching(
        current,
        flags.map((f) => `--${f.name}${f.type === 'bool' ? '' : '='}`),
      ),
    };
  }

  if (!command) {
    // Still naming the command: the next word of every path the typed words begin.
    const next = sources.commands
      .filter((c) => c.path.length > plain.length && plain.every((w, i) => c.path[i] === w))
      .map((c) => c.path[plain.length]);
    return { start, candidates: matching(current, next) };
  }

  const positionals = plain.slice(command.path.length);
  // `kubectl rollout status` takes types like get does; `kubectl rollout` alone names a command.
  const verb = command.path[0];
  if (takesPod.has(verb)) {
    if (positionals.length > 0) return none;
    const pods = sources.resources.find((r) => r.resource === 'pods');
    if (!pods) return none;
    return { start, candidates: matching(current, await sources.names(pods, namespace)) };
  }
  if (!takesResources.has(verb)) return none;

  if (current.includes('/')) {
    const [type, partial] = current.split('/', 2);
    const info = resourceNamed(type, sources.resources);
    if (!info) return none;
    const names = await sources.names(info, namespace);
    return {
      start,
      candidates: matching(
        `${type}/${partial}`,
        names.map((n) => `${type}/${n}`),
      ),
    };
  }
  if (positionals.length === 0)
    return { start, candidates: typeCandidates(current, sources.resources) };
  if (verb === 'explain') return none;
  const info = resourceNamed(positionals[0], sources.resources);
  if (!info || positionals[0].includes('/') || positionals[0].includes(',')) return none;
  const names = await sources.names(info, namespace);
  return {
    start,
    candidates: matching(
      current,
      names.filter((n) => !positionals.includes(n)),
    ),
  };
}

/** The longest prefix every candidate shares. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  let prefix = candidates[0];
  for (const c of candidates) {
    while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** The default sources' resource list: every built-in resource the API server serves. */
export const defaultResources: readonly ResourceInfo[] = builtinResources;
