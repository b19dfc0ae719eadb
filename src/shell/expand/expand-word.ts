/**
 * Word expansion, in the shell's order: brace expansion, tilde, parameters (`$x`, `${x:-y}`,
 * `${#x}`, `${x%pattern}`...), command substitution, arithmetic, then field splitting of the
 * unquoted results on blanks and pathname expansion against the workspace.
 */
import type { Script, Word, WordPart } from '../syntax/ast.ts';
import { ArithmeticError, evaluateArithmetic } from './arithmetic.ts';
import { expandBraces } from './brace-expansion.ts';
import { hasPattern, patternSource, type Segment } from './pattern.ts';

/** An expansion that fails the command: `x: parameter null or not set`. */
export class ExpansionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpansionError';
  }
}

/** What expansion reads and runs. */
export interface ExpansionContext {
  /** A variable or special parameter (`?`, `$`, `#`, `1`...); undefined when unset. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** `$1`... for `$@` and `$*`. */
  positional(): string[];
  home(): string;
  /** Runs `$(...)` and gives its output (trailing newlines are removed here). */
  substitute(script: Script, source: string): Promise<string>;
  /** Paths matching a pathname pattern (a regular expression over absolute or relative paths). */
  glob(pattern: RegExp, absolute: boolean): string[];
}

interface Field {
  segments: Segment[];
  /** Quoted text (even empty) was part of it, so it survives being empty. */
  quoted: boolean;
}

const blank = /[ \t\n]+/;

async function paramValue(
  part: Extract<WordPart, { type: 'param' }>,
  ctx: ExpansionContext,
): Promise<string[] | string> {
  const { name } = part;
  if (name === '@' || name === '*') {
    const args = ctx.positional();
    if (part.length) return String(args.length);
    if (name === '@' && part.quoted && !part.op) return args;
    return args.join(' ');
  }
  const value = ctx.get(name);
  if (part.length) return String([...(value ?? '')].length);
  if (!part.op) return value ?? '';
  const op = part.op;
  const unsetOrNull = value === undefined || (op.startsWith(':') && value === '');
  const arg = async () => (part.arg ? await expandString(part.arg, ctx) : '');
  switch (op) {
    case ':-':
    case '-':
      return unsetOrNull ? await arg() : (value ?? '');
    case ':=':
    case '=':
      if (unsetOrNull) {
        if (!/^[A-Za-z_]\w*$/.test(name))
          throw new ExpansionError(`$${name}: cannot assign in this way`);
        const v = await arg();
        ctx.set(name, v);
        return v;
      }
      return value ?? '';
    case ':?':
    case '?':
      if (unsetOrNull) {
        const message = await arg();
        throw new ExpansionError(`${name}: ${message || 'parameter null or not set'}`);
      }
      return value ?? '';
    case ':+':
    case '+':
      return unsetOrNull ? '' : await arg();
    case '#':
    case '##':
    case '%':
    case '%%': {
      const text = value ?? '';
      const segments = part.arg ? await expandSegments(part.arg, ctx) : [];
      const longest = op.length === 2;
      const source = patternSource(segments, false, longest);
      const re = op.startsWith('#') ? new RegExp(`^(?:${source})`) : undefined;
      if (re) return text.replace(re, '');
      // Suffix: try every start, shortest suffix from the right unless longest.
      const suffix = new RegExp(`^(?:${patternSource(segments, false, true)})$`);
      if (longest) {
        for (let i = 0; i <= text.length; i++)
          if (suffix.test(text.slice(i))) return text.slice(0, i);
      } else {
        for (let i = text.length; i >= 0; i--)
          if (suffix.test(text.slice(i))) return text.slice(0, i);
      }
      return text;
    }
  }
  return value ?? '';
}

async function partValue(part: WordPart, ctx: ExpansionContext): Promise<string[] | string> {
  switch (part.type) {
    case 'literal':
      return part.text;
    case 'param':
      return paramValue(part, ctx);
    case 'command':
      return (await ctx.substitute(part.script, part.source)).replace(/\n+$/, '');
    case 'arith': {
      const text = await expandString(part.expression, ctx);
      try {
        return evaluateArithmetic(text, ctx);
      } catch (err) {
        if (err instanceof ArithmeticError) throw new ExpansionError(err.message);
        throw err;
      }
    }
  }
}

/** The word's text with every expansion done and no splitting (assignments, redirections). */
export async function expandString(word: Word, ctx: ExpansionContext): Promise<string> {
  return (await expandSegments(word, ctx)).map((s) => s.text).join('');
}

/** The word expanded into quoted/unquoted pieces, unsplit (for patterns). */
export async function expandSegments(word: Word, ctx: ExpansionContext): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (const [i, part] of word.parts.entries()) {
    if (i === 0 && part.type === 'literal' && !part.quoted && /^~(\/|$)/.test(part.text)) {
      segments.push({ text: ctx.home(), quoted: true });
      segments.push({ text: part.text.slice(1), quoted: false });
      continue;
    }
    const value = await partValue(part, ctx);
    segments.push({ text: Array.isArray(value) ? value.join(' ') : value, quoted: part.quoted });
  }
  return segments;
}

/** Brace-expands a word's unquoted literal text into several words. */
function braceVariants(word: Word): Word[] {
  const index = word.parts.findIndex(
    (p) => p.type === 'literal' && !p.quoted && /\{.*(,|\.\.).*\}/.test(p.text),
  );
  if (index < 0) return [word];
  const part = word.parts[index] as Extract<WordPart, { type: 'literal' }>;
  const texts = expandBraces(part.text);
  if (texts.length === 1) return [word];
  return texts.flatMap((text) =>
    braceVariants({
      parts: [...word.parts.slice(0, index), { ...part, text }, ...word.parts.slice(index + 1)],
      text: word.text,
    }),
  );
}

/** Expands words into the command's arguments: split on blanks, globbed, empty ones dropped. */
export async function expandWords(
  words: readonly Word[],
  ctx: ExpansionContext,
): Promise<string[]> {
  const out: string[] = [];
  for (const original of words) {
    for (const word of braceVariants(original)) {
      for (const field of await expandFields(word, ctx)) out.push(...globField(field, ctx));
    }
  }
  return out;
}

async function expandFields(word: Word, ctx: ExpansionContext): Promise<Field[]> {
  const fields: Field[] = [];
  let current: Field = { segments: [], quoted: false };
  const finish = () => {
    if (current.segments.some((s) => s.text !== '') || current.quoted) fields.push(current);
    current = { segments: [], quoted: false };
  };
  for (const [i, part] of word.parts.entries()) {
    if (i === 0 && part.type === 'literal' && !part.quoted && /^~(\/|$)/.test(part.text)) {
      current.segments.push({ text: ctx.home(), quoted: true });
      current.segments.push({ text: part.text.slice(1), quoted: false });
      continue;
    }
    if (part.type === 'literal') {
      current.segments.push({ text: part.text, quoted: part.quoted });
      if (part.quoted) current.quoted = true;
      continue;
    }
    const value = await partValue(part, ctx);
    if (Array.isArray(value)) {
      // "$@": one field per argument, the first and last joined to what surrounds them.
      value.forEach((arg, k) => {
        if (k > 0) finish();
        current.segments.push({ text: arg, quoted: true });
        current.quoted = true;
      });
      continue;
    }
    if (part.quoted) {
      current.segments.push({ text: value, quoted: true });
      current.quoted = true;
      continue;
    }
    if (value === '') continue;
    const pieces = value.split(blank);
    pieces.forEach((piece, k) => {
      if (k > 0) finish();
      if (piece !== '') current.segments.push({ text: piece, quoted: false });
    });
  }
  finish();
  return fields;
}

function globField(field: Field, ctx: ExpansionContext): string[] {
  const text = field.segments.map((s) => s.text).join('');
  if (!hasPattern(field.segments)) return [text];
  const absolute = text.startsWith('/');
  const re = new RegExp(`^${patternSource(field.segments, true)}$`);
  const matches = ctx
    .glob(re, absolute)
    .filter((p) => !/(^|\/)\.[^/]*$/.test(p) || text.includes('/.') || text.startsWith('.'));
  return matches.length > 0 ? matches.sort() : [text];
}
