import { readLines } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { openInput, operandsOrStdin, usageError } from './inputs.ts';

const classes: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** A bracket expression `[...]` starting at `i`, as a JS class; its end index. */
function bracket(pattern: string, i: number): { source: string; end: number } {
  let j = i + 1;
  let body = '';
  if (pattern[j] === '^') {
    body += '^';
    j++;
  }
  if (pattern[j] === ']') {
    body += '\\]';
    j++;
  }
  for (; j < pattern.length; j++) {
    const c = pattern[j];
    if (c === ']') return { source: `[${body}]`, end: j };
    if (c === '[' && pattern[j + 1] === ':') {
      const close = pattern.indexOf(':]', j + 2);
      const name = close < 0 ? '' : pattern.slice(j + 2, close);
      if (classes[name] !== undefined) {
        body += classes[name];
        j = close + 1;
        continue;
      }
    }
    body += c === '\\' ? '\\\\' : c;
  }
  throw new SyntaxError('Unmatched [, [^, [:, [., or [=');
}

/** A grep pattern (basic or extended regular expression, or fixed string) as JS source. */
export function grepSource(pattern: string, kind: 'basic' | 'extended' | 'fixed' | 'perl'): string {
  if (kind === 'fixed') return pattern.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  if (kind === 'perl') return pattern;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      const { source, end } = bracket(pattern, i);
      out += source;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) {
      const e = pattern[++i];
      if (e === '<' || e === '>') out += '\\b';
      else if (kind === 'basic' && '(){}|+?'.includes(e)) out += e;
      else out += `\\${e}`;
    } else if (kind === 'basic' && '(){}|+?'.includes(c)) {
      out += `\\${c}`;
    } else if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) {
      out += '\\*';
    } else out += c;
  }
  return out;
}

const color = {
  match: (t: string) => `\x1b[01;31m\x1b[K${t}\x1b[m\x1b[K`,
  file: (t: string) => `\x1b[35m\x1b[K${t}\x1b[m\x1b[K`,
  line: (t: string) => `\x1b[32m\x1b[K${t}\x1b[m\x1b[K`,
  sep: (t: string) => `\x1b[36m\x1b[K${t}\x1b[m\x1b[K`,
};

/** GNU grep's common options over files or stdin, streaming (so `kubectl get -w | grep x` works). */
export const grep: ShellCommand = {
  name: 'grep',
  summary: 'Print lines that match a pattern (-i -v -c -n -w -x -o -q -l -E -F -A -B -C -m)',
  async run(ctx) {
    const parsed = parseOptions(
      ctx.argv.slice(1),
      new Set([
        'e',
        'regexp',
        'A',
        'B',
        'C',
        'm',
        'max-count',
        'after-context',
        'before-context',
        'context',
      ]),
    );
    if (parsed.bad)
      return usageError(
        ctx,
        `option requires an argument -- '${parsed.bad.replace(/^-+/, '')}'`,
        2,
      );
    const { options } = parsed;
    const operands = [...parsed.operands];
    const known = new Set([
      'i',
      'y',
      'ignore-case',
      'v',
      'invert-match',
      'c',
      'count',
      'n',
      'line-number',
      'w',
      'word-regexp',
      'x',
      'line-regexp',
      'E',
      'extended-regexp',
      'F',
      'fixed-strings',
      'G',
      'basic-regexp',
      'P',
      'perl-regexp',
      'o',
      'only-matching',
      'q',
      'quiet',
      'silent',
      'l',
      'files-with-matches',
      'L',
      'files-without-match',
      'h',
      'no-filename',
      'H',
      'with-filename',
      's',
      'no-messages',
      'color',
      'colour',
      'e',
      'regexp',
      'A',
      'B',
      'C',
      'after-context',
      'before-context',
      'context',
      'm',
      'max-count',
      'r',
      'R',
    ]);
    for (const key of options.keys()) {
      if (!known.has(key))
        return usageError(
          ctx,
          key.length === 1 ? `invalid option -- '${key}'` : `unrecognized option '--${key}'`,
          2,
        );
    }
    const has = (...names: string[]) => names.some((n) => options.has(n));
    const value = (...names: string[]) =>
      names.map((n) => options.get(n)).find((v) => typeof v === 'string');
    const patterns = [...(parsed.lists.get('e') ?? []), ...(parsed.lists.get('regexp') ?? [])];
    if (patterns.length === 0) {
      if (operands.length === 0) {
        ctx.stderr.write(
          "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        );
        return 2;
      }
      patterns.push(operands.shift()!);
    }
    const kind = has('F', 'fixed-strings')
      ? 'fixed'
      : has('E', 'extended-regexp')
        ? 'extended'
        : has('P', 'perl-regexp')
          ? 'perl'
          : 'basic';
    let source = patterns
      .flatMap((p) => p.split('\n'))
      .map((p) => `(?:${grepSource(p, kind)})`)
      .join('|');
    if (has('w', 'word-regexp')) source = `(?<![\\w])(?:${source})(?![\\w])`;
    if (has('x', 'line-regexp')) source = `^(?:${source})$`;
    let re: RegExp;
    try {
      re = new RegExp(source, `g${has('i', 'y', 'ignore-case') ? 'i' : ''}`);
    } catch (err) {
      const message =
        err instanceof SyntaxError && /Unmatched/.test(err.message)
          ? err.message
          : /\(/.test(String(err))
            ? 'Unmatched ( or \\('
            : 'Invalid regular expression';
      ctx.stderr.write(`grep: ${message}\n`);
      return 2;
    }
    const invert = has('v', 'invert-match');
    const countOnly = has('c', 'count');
    const quiet = has('q', 'quiet', 'silent');
    const listFiles = has('l', 'files-with-matches');
    const listMissing = has('L', 'files-without-match');
    const onlyMatching = has('o', 'only-matching');
    const numbers = has('n', 'line-number');
    const max = value('m', 'max-count') !== undefined ? Number(value('m', 'max-count')) : Infinity;
    const contextBoth = value('C', 'context');
    const after = Number(value('A', 'after-context') ?? contextBoth ?? 0);
    const before = Number(value('B', 'before-context') ?? contextBoth ?? 0);
    const colorOption = options.get('color') ?? options.get('colour');
    const colored =
      colorOption === 'always' ||
      ((colorOption === true || colorOption === 'auto' || colorOption === undefined) &&
        ctx.stdout.isTerminal);
    const inputs = operandsOrStdin(operands);
    const withName = has('H', 'with-filename') || (inputs.length > 1 && !has('h', 'no-filename'));
    let selectedAny = false;
    let error = false;
    for (const name of inputs) {
      const input = openInput(ctx, name);
      if (!input) {
        error = true;
        continue;
      }
      const shown = input.stdin ? '(standard input)' : name;
      let count = 0;
      let lineNo = 0;
      let lastPrinted = 0;
      let afterLeft = 0;
      const beforeLines: { no: number; text: string }[] = [];
      const prefix = (no: number, sep: string) => {
        let p = '';
        if (withName) p += colored ? color.file(shown) + color.sep(sep) : shown + sep;
        if (numbers) p += colored ? color.line(String(no)) + color.sep(sep) : `${no}${sep}`;
        return p;
      };
      const emit = (no: number, text: string, sep: string) => {
        if ((before > 0 || after > 0) && lastPrinted > 0 && no > lastPrinted + 1)
          ctx.stdout.write(colored ? `${color.sep('--')}\n` : '--\n');
        ctx.stdout.write(`${prefix(no, sep)}${text}\n`);
        lastPrinted = no;
      };
      for await (const raw of readLines(input.stream)) {
        if (ctx.signal.aborted) return 130;
        lineNo++;
        const line = raw.replace(/\n$/, '');
        re.lastIndex = 0;
        const matched = re.test(line) !== invert;
        if (!matched) {
          if (afterLeft > 0) {
            afterLeft--;
            emit(lineNo, line, '-');
          } else if (before > 0) {
            beforeLines.push({ no: lineNo, text: line });
            if (beforeLines.length > before) beforeLines.shift();
          }
          continue;
        }
        selectedAny = true;
        count++;
        if (quiet) {
          input.stream.close?.();
          return 0;
        }
        if (listFiles || listMissing) break;
        if (!countOnly) {
          for (const b of beforeLines.splice(0)) emit(b.no, b.text, '-');
          if (onlyMatching && !invert) {
            re.lastIndex = 0;
            for (const m of line.matchAll(re)) {
              if (m[0] !== '')
                ctx.stdout.write(`${prefix(lineNo, ':')}${colored ? color.match(m[0]) : m[0]}\n`);
            }
          } else {
            const text =
              colored && !invert ? line.replace(re, (m) => (m ? color.match(m) : m)) : line;
            emit(lineNo, text, ':');
          }
          afterLeft = after;
        }
        if (count >= max) {
          input.stream.close?.();
          break;
        }
      }
      if (countOnly)
        ctx.stdout.write(
          `${withName ? (colored ? color.file(shown) + color.sep(':') : `${shown}:`) : ''}${count}\n`,
        );
      if (listFiles && count > 0) ctx.stdout.write(`${colored ? color.file(shown) : shown}\n`);
      if (listMissing && count === 0) ctx.stdout.write(`${colored ? color.file(shown) : shown}\n`);
    }
    if (error && !(quiet && selectedAny)) return 2;
    return selectedAny ? 0 : 1;
  },
};
