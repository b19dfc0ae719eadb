/**
 * Parses what is typed at the prompt into a Script: quoting (`'...'`, `"..."`, `\`, `$'...'`),
 * parameter expansions (`$x`, `${x}`, `${x:-y}`, `${#x}`...), command substitution (`$(...)`,
 * `` `...` ``), arithmetic (`$((...))`, `((...))`), pipelines, `&&`/`||`/`;`/`&`, redirections
 * (`<`, `>`, `>>`, `2>&1`, `&>`, here-documents `<<EOF` / `<<-EOF` / `<<'EOF'`, here-strings
 * `<<<`), `if`/`for`/`while`/`until`/`case`, `{ ...; }`, `( ... )` and functions.
 *
 * Input that stops in the middle of something (an open quote, a `do` without `done`, a
 * here-document without its end line, a trailing `|` or `\`) throws IncompleteInput, so the
 * terminal can ask for the next line with `> ` as an interactive shell does.
 */
import type {
  AndOr,
  Assignment,
  Command,
  Pipeline,
  Redirect,
  RedirectOp,
  Script,
  Word,
  WordPart,
} from './ast.ts';

/** The input ends before the command does: more lines are needed. */
export class IncompleteInput extends Error {
  constructor(readonly reason: string) {
    super(`unexpected end of file (${reason})`);
    this.name = 'IncompleteInput';
  }
}

/** A syntax error, worded as bash words it (`syntax error near unexpected token `;'`). */
export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

const operators = [
  '&&',
  '||',
  ';;',
  '<<<',
  '<<-',
  '<<',
  '&>>',
  '>>',
  '&>',
  '<&',
  '>&',
  '<>',
  '>|',
  '|&',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
  '\n',
];

const redirectOperators = ['<', '>', '>>', '<<', '<<-', '<<<', '&>', '&>>', '<&', '>&', '<>', '>|'];

const reserved = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  '{',
  '}',
  '!',
  'function',
]);

const isNameStart = (c: string) => /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);

interface PendingHeredoc {
  redirect: Extract<Redirect, { type: 'heredoc' }>;
  delimiter: string;
  stripTabs: boolean;
}

class Parser {
  pos = 0;
  private pending: PendingHeredoc[] = [];

  constructor(private readonly src: string) {}

  private get eof(): boolean {
    return this.pos >= this.src.length;
  }

  private incomplete(reason: string): never {
    throw new IncompleteInput(reason);
  }

  private unexpected(token: string): never {
    throw new ShellSyntaxError(
      `syntax error near unexpected token \`${token === '\n' ? 'newline' : token}'`,
    );
  }

  /** Skips spaces, tabs, line continuations and a comment (not newlines). */
  private skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (!this.eof && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private operator(): string | undefined {
    this.skipBlanks();
    for (const op of operators) if (this.src.startsWith(op, this.pos)) return op;
    return undefined;
  }

  private take(op: string): boolean {
    if (this.operator() !== op) return false;
    this.pos += op.length;
    if (op === '\n') this.readHeredocs();
    return true;
  }

  private skipNewlines(): void {
    while (this.take('\n'));
  }

  /** The next word as typed, if it is an unquoted reserved word, without consuming it. */
  private peekReserved(): string | undefined {
    this.skipBlanks();
    const m = /^(?:[A-Za-z]+|[{}!])(?=$|[\s;&|()<>])/.exec(this.src.slice(this.pos));
    return m && reserved.has(m[0]) ? m[0] : undefined;
  }

  private takeReserved(word: string): boolean {
    if (this.peekReserved() !== word) return false;
    this.pos += word.length;
    return true;
  }

  private expectReserved(word: string): void {
    if (this.takeReserved(word)) return;
    if (this.eof) this.incomplete(`expected ${word}`);
    const op = this.operator();
    if (op) this.unexpected(op);
    const next = this.peekReserved() ?? this.peekWordText();
    this.unexpected(next);
  }

  private peekWordText(): string {
    const m = /^[^\s;&|()<>]+/.exec(this.src.slice(this.pos));
    return m ? m[0] : (this.src[this.pos] ?? 'newline');
  }

  private readHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.eof) this.incomplete(`here-document delimited by ${h.delimiter}`);
        const end = this.src.indexOf('\n', this.pos);
        const raw = this.src.slice(this.pos, end < 0 ? undefined : end);
        if (end < 0 && raw !== h.delimiter)
          this.incomplete(`here-document delimited by ${h.delimiter}`);
        this.pos = end < 0 ? this.src.length : end + 1;
        const line = h.stripTabs ? raw.replace(/^\t+/, '') : raw;
        if (line === h.delimiter) break;
        lines.push(line);
      }
      const text = lines.map((l) => `${l}\n`).join('');
      h.redirect.body = h.redirect.expand
        ? { parts: parseHeredocBody(text), text }
        : { parts: [{ type: 'literal', text, quoted: true }], text };
    }
  }

  /** A whole script, to the end of the input. */
  parseScript(): Script {
    const script = this.parseList(new Set(), false);
    this.skipBlanks();
    if (!this.eof) {
      const op = this.operator();
      this.unexpected(op ?? this.peekReserved() ?? this.peekWordText());
    }
    if (this.pending.length > 0) this.incomplete('here-document');
    return script;
  }

  /**
   * and-or lists separated by `;`, `&` or newlines, up to a reserved word in `stops`, a `)`
   * (`inParens`), `;;`, or the end.
   */
  private parseList(stops: Set<string>, inParens: boolean): Script {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.eof) break;
      const word = this.peekReserved();
      if (word && stops.has(word)) break;
      const op = this.operator();
      if (op === ')' && inParens) break;
      if (op === ';;' && stops.has('esac')) break;
      if (op && op !== '(' && !redirectOperators.includes(op)) this.unexpected(op);
      const start = this.pos;
      const item = this.parseAndOr();
      const sep = this.operator();
      if (sep === '&' || sep === ';') {
        this.pos++;
        item.background = sep === '&';
      } else if (sep === '\n') {
        this.take('\n');
      }
      item.text = this.src
        .slice(start, this.pos)
        .replace(/[;&\s]+$/, '')
        .trim();
      items.push(item);
      if (sep !== '&' && sep !== ';' && sep !== '\n') break;
    }
    return { items };
  }

  private parseAndOr(): AndOr {
    const start = this.pos;
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const op = this.operator();
      if (op !== '&&' && op !== '||') break;
      this.pos += 2;
      this.skipNewlines();
      if (this.eof) this.incomplete(op);
      rest.push({ op, pipeline: this.parsePipeline() });
    }
    return { first, rest, background: false, text: this.src.slice(start, this.pos).trim() };
  }

  private parsePipeline(): Pipeline {
    const start = this.pos;
    const negated = this.takeReserved('!');
    const commands = [this.parseCommand()];
    for (;;) {
      const op = this.operator();
      if (op !== '|' && op !== '|&') break;
      this.pos += op.length;
      if (op === '|&') {
        // `a |& b` is `a 2>&1 | b`.
        const last = commands[commands.length - 1];
        last.redirects.push({
          type: 'file',
          fd: 2,
          op: '>&',
          target: { parts: [{ type: 'literal', text: '1', quoted: false }], text: '1' },
        });
      }
      this.skipNewlines();
      if (this.eof) this.incomplete('|');
      commands.push(this.parseCommand());
    }
    return { negated, commands, text: this.src.slice(start, this.pos).trim() };
  }

  private parseCommand(): Command {
    this.skipBlanks();
    if (this.eof) this.incomplete('command');
    const word = this.peekReserved();
    let command: Command;
    switch (word) {
      case 'if':
        command = this.parseIf();
        break;
      case 'for':
        command = this.parseFor();
        break;
      case 'while':
      case 'until':
        command = this.parseWhile(word);
        break;
      case 'case':
        command = this.parseCase();
        break;
      case '{': {
        this.pos++;
        const body = this.parseList(new Set(['}']), false);
        this.expectReserved('}');
        command = { type: 'group', body, redirects: [] };
        break;
      }
      case 'function': {
        this.pos += 'function'.length;
        this.skipBlanks();
        const name = /^[A-Za-z_][\w-]*/.exec(this.src.slice(this.pos))?.[0];
        if (!name) this.unexpected(this.peekWordText());
        this.pos += name.length;
        if (this.take('(') && !this.take(')'))
          this.unexpected(this.operator() ?? this.peekWordText());
        this.skipNewlines();
        command = { type: 'function', name, body: this.parseCommand(), redirects: [] };
        return command;
      }
      case 'then':
      case 'else':
      case 'elif':
      case 'fi':
      case 'do':
      case 'done':
      case 'esac':
      case '}':
      case 'in':
        this.unexpected(word);
      // eslint-disable-next-line no-fallthrough
      default: {
        const op = this.operator();
        if (op === '(') {
          if (this.src.startsWith('((', this.pos)) {
            const arith = this.tryArithCommand();
            if (arith) {
              command = arith;
              break;
            }
          }
          this.pos++;
          const body = this.parseList(new Set(), true);
          if (!this.take(')')) {
            if (this.eof) this.incomplete(')');
            this.unexpected(this.operator() ?? this.peekWordText());
          }
          command = { type: 'subshell', body, redirects: [] };
          break;
        }
        if (op && !redirectOperators.includes(op)) this.unexpected(op);
        return this.parseSimple();
      }
    }
    this.parseRedirects(command.redirects);
    return command;
  }

  private tryArithCommand(): Command | undefined {
    const start = this.pos;
    const end = this.matchingDoubleParen(start + 2);
    if (end === undefined) {
      if (this.eof || this.src.indexOf(')', start) < 0) this.incomplete('))');
      return undefined;
    }
    const text = this.src.slice(start + 2, end);
    this.pos = end + 2;
    return {
      type: 'arith',
      expression: { parts: parseHeredocBody(text, true), text },
      redirects: [],
    };
  }

  /** Index of the `))` closing an arithmetic expression opened before `from`. */
  private matchingDoubleParen(from: number): number | undefined {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return this.src[i + 1] === ')' ? i : undefined;
        depth--;
      } else if (c === '\n' || c === ';' || c === '&' || c === '|') {
        if (depth === 0 && c !== '&' && c !== '|') return undefined;
      }
    }
    return undefined;
  }

  private parseIf(): Command {
    this.pos += 2;
    const branches: { condition: Script; body: Script }[] = [];
    let otherwise: Script | undefined;
    for (;;) {
      const condition = this.parseList(new Set(['then']), false);
      this.expectReserved('then');
      const body = this.parseList(new Set(['elif', 'else', 'fi']), false);
      branches.push({ condition, body });
      if (this.takeReserved('elif')) continue;
      if (this.takeReserved('else')) {
        otherwise = this.parseList(new Set(['fi']), false);
      }
      this.expectReserved('fi');
      break;
    }
    return { type: 'if', branches, otherwise, redirects: [] };
  }

  private parseFor(): Command {
    this.pos += 3;
    this.skipBlanks();
    const name = /^[A-Za-z_]\w*/.exec(this.src.slice(this.pos))?.[0];
    if (!name) {
      if (this.eof) this.incomplete('for');
      throw new ShellSyntaxError(`\`${this.peekWordText()}': not a valid identifier`);
    }
    this.pos += name.length;
    let items: Word[] | undefined;
    this.skipBlanks();
    const save = this.pos;
    this.skipNewlines();
    if (this.takeReserved('in')) {
      items = [];
      for (;;) {
        this.skipBlanks();
        const op = this.operator();
        if (op === ';' || op === '\n') {
          this.take(op);
          break;
        }
        if (this.eof) this.incomplete('for');
        if (op) this.unexpected(op);
        items.push(this.readWord()!);
      }
    } else {
      this.pos = save;
      this.take(';');
    }
    this.skipNewlines();
    if (this.eof) this.incomplete('do');
    this.expectReserved('do');
    const body = this.parseList(new Set(['done']), false);
    this.expectReserved('done');
    return { type: 'for', variable: name, items, body, redirects: [] };
  }

  private parseWhile(kind: 'while' | 'until'): Command {
    this.pos += kind.length;
    const condition = this.parseList(new Set(['do']), false);
    this.expectReserved('do');
    const body = this.parseList(new Set(['done']), false);
    this.expectReserved('done');
    return { type: kind, condition, body, redirects: [] };
  }

  private parseCase(): Command {
    this.pos += 4;
    this.skipBlanks();
    const subject = this.readWord();
    if (!subject) this.incomplete('case');
    this.skipNewlines();
    this.expectReserved('in');
    const items: { patterns: Word[]; body: Script }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.takeReserved('esac')) break;
      if (this.eof) this.incomplete('esac');
      this.take('(');
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlanks();
        const w = this.readWord();
        if (!w) this.unexpected(this.operator() ?? 'newline');
        patterns.push(w);
        if (this.take('|')) continue;
        if (this.take(')')) break;
        if (this.eof) this.incomplete('case');
        this.unexpected(this.operator() ?? this.peekWordText());
      }
      const body = this.parseList(new Set(['esac']), false);
      items.push({ patterns, body });
      if (this.take(';;')) continue;
      this.skipNewlines();
      this.expectReserved('esac');
      break;
    }
    return { type: 'case', subject, items, redirects: [] };
  }

  private parseSimple(): Command {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.eof) break;
      if (this.parseRedirect(redirects)) continue;
      const op = this.operator();
      if (op) {
        if (op === '(' && words.length === 1 && assignments.length === 0) {
          // `name() { ...; }`
          this.pos++;
          if (!this.take(')')) this.unexpected(this.operator() ?? this.peekWordText());
          this.skipNewlines();
          if (this.eof) this.incomplete('function body');
          const name = words[0].text;
          if (!/^[A-Za-z_][\w-]*$/.test(name))
            throw new ShellSyntaxError(`\`${name}': not a valid identifier`);
          const body = this.parseCommand();
          return { type: 'function', name, body, redirects };
        }
        break;
      }
      const word = this.readWord();
      if (!word) break;
      const assignment = words.length === 0 ? asAssignment(word) : undefined;
      if (assignment) assignments.push(assignment);
      else words.push(word);
    }
    return { type: 'simple', assignments, words, redirects };
  }

  private parseRedirects(into: Redirect[]): void {
    while (this.parseRedirect(into));
  }

  /** One redirection at the current position, if there is one. */
  private parseRedirect(into: Redirect[]): boolean {
    this.skipBlanks();
    const number = /^(\d+)(?=[<>])/.exec(this.src.slice(this.pos));
    const at = this.pos;
    if (number) this.pos += number[1].length;
    const op = this.operator();
    const redirectOps = ['<<<', '<<-', '<<', '&>>', '>>', '&>', '<&', '>&', '<>', '>|', '<', '>'];
    if (!op || !redirectOps.includes(op) || (number && op.startsWith('&'))) {
      this.pos = at;
      return false;
    }
    this.pos += op.length;
    const fd = number ? Number(number[1]) : op.startsWith('<') ? 0 : 1;
    this.skipBlanks();
    if (op === '<<' || op === '<<-') {
      const delimiterWord = this.readWord();
      if (!delimiterWord) {
        if (this.eof) this.incomplete('here-document delimiter');
        this.unexpected(this.operator() ?? 'newline');
      }
      const raw = delimiterWord.text;
      const expand = !/['"\\]/.test(raw);
      const delimiter = raw.replace(/\\(.)/g, '$1').replace(/['"]/g, '');
      const redirect: Extract<Redirect, { type: 'heredoc' }> = {
        type: 'heredoc',
        fd,
        body: { parts: [], text: '' },
        expand,
      };
      this.pending.push({ redirect, delimiter, stripTabs: op === '<<-' });
      into.push(redirect);
      return true;
    }
    const target = this.readWord();
    if (!target) {
      if (this.eof) this.unexpected('newline');
      this.unexpected(this.operator() ?? 'newline');
    }
    into.push({ type: 'file', fd, op: op as RedirectOp, target });
    return true;
  }

  /** A word at the current position (after blanks), or undefined at an operator or the end. */
  readWord(): Word | undefined {
    this.skipBlanks();
    const start = this.pos;
    const parts: WordPart[] = [];
    const literal = (text: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.type === 'literal' && last.quoted === quoted) last.text += text;
      else parts.push({ type: 'literal', text, quoted });
    };
    while (!this.eof) {
      const c = this.src[this.pos];
      if (/[\s;&|()<>]/.test(c)) break;
      if (c === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.incomplete("'");
        literal(this.src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        this.readDoubleQuoted(parts, '"');
      } else if (c === '\\') {
        if (this.pos + 1 >= this.src.length) this.incomplete('\\');
        if (this.src[this.pos + 1] === '\n') this.pos += 2;
        else {
          literal(this.src[this.pos + 1], true);
          this.pos += 2;
        }
      } else if (c === '$') {
        const part = this.readDollar(false);
        if (part) parts.push(part);
        else literal('$', false);
      } else if (c === '`') {
        parts.push(this.readBackquote(false));
      } else {
        literal(c, false);
        this.pos++;
      }
    }
    if (this.pos === start) return undefined;
    return { parts, text: this.src.slice(start, this.pos) };
  }

  /** The inside of `"..."` (opening quote consumed) up to `end`, or to the input's end if ''. */
  readDoubleQuoted(parts: WordPart[], end: string): void {
    let text = '';
    const flush = () => {
      if (text) parts.push({ type: 'literal', text, quoted: true });
      text = '';
    };
    for (;;) {
      if (this.eof) {
        if (end === '') break;
        this.incomplete('"');
      }
      const c = this.src[this.pos];
      if (c === end) {
        this.pos++;
        break;
      }
      if (c === '\\' && this.pos + 1 < this.src.length) {
        const next = this.src[this.pos + 1];
        if (next === '\n') this.pos += 2;
        else if ((end === '"' ? '$`"\\' : '$`\\').includes(next)) {
          text += next;
          this.pos += 2;
        } else {
          text += c;
          this.pos++;
        }
      } else if (c === '$') {
        const part = this.readDollar(true);
        if (part) {
          flush();
          parts.push(part);
        } else text += '$';
      } else if (c === '`') {
        flush();
        parts.push(this.readBackquote(true));
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    // `""` is an empty word, not no word.
    if (parts.length === 0 || (end === '"' && !parts.some((p) => p.quoted)))
      parts.push({ type: 'literal', text: '', quoted: true });
  }

  /** `$...` at the current position; undefined (nothing consumed but `$`) for a lone `$`. */
  private readDollar(quoted: boolean): WordPart | undefined {
    const next = this.src[this.pos + 1];
    if (next === undefined) {
      this.pos++;
      return undefined;
    }
    if (next === '(' && this.src[this.pos + 2] === '(') {
      const end = this.matchingDoubleParen(this.pos + 3);
      if (end !== undefined) {
        const text = this.src.slice(this.pos + 3, end);
        this.pos = end + 2;
        return { type: 'arith', expression: { parts: parseHeredocBody(text, true), text }, quoted };
      }
      if (this.src.indexOf('))', this.pos) < 0 && this.src.indexOf(')', this.pos) < 0)
        this.incomplete('))');
    }
    if (next === '(') {
      const start = this.pos + 2;
      this.pos = start;
      const script = this.parseList(new Set(), true);
      this.skipBlanks();
      if (this.eof) this.incomplete(')');
      if (this.src[this.pos] !== ')') this.unexpected(this.operator() ?? this.peekWordText());
      const source = this.src.slice(start, this.pos);
      this.pos++;
      return { type: 'command', script, source, quoted };
    }
    if (next === '{') return this.readBraced(quoted);
    if (next === "'" && !quoted) {
      this.pos += 2;
      return { type: 'literal', text: this.readAnsiC(), quoted: true };
    }
    if (next === '"' && !quoted) {
      this.pos++;
      return undefined;
    }
    if (isNameStart(next)) {
      let end = this.pos + 1;
      while (end < this.src.length && isNameChar(this.src[end])) end++;
      const name = this.src.slice(this.pos + 1, end);
      this.pos = end;
      return { type: 'param', name, quoted };
    }
    if (/[0-9?$!#@*-]/.test(next)) {
      this.pos += 2;
      return { type: 'param', name: next, quoted };
    }
    this.pos++;
    return undefined;
  }

  private readAnsiC(): string {
    let out = '';
    for (;;) {
      if (this.eof) this.incomplete("$'");
      const c = this.src[this.pos++];
      if (c === "'") return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.src[this.pos++];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        a: '\x07',
        b: '\b',
        e: '\x1b',
        E: '\x1b',
        f: '\f',
        v: '\v',
        '\\': '\\',
        "'": "'",
        '"': '"',
        '?': '?',
      };
      if (e in simple) out += simple[e];
      else if (e === 'x') {
        const hex = /^[0-9a-fA-F]{1,2}/.exec(this.src.slice(this.pos))?.[0] ?? '';
        this.pos += hex.length;
        out += hex ? String.fromCharCode(parseInt(hex, 16)) : '\\x';
      } else if (e === 'u' || e === 'U') {
        const hex =
          new RegExp(`^[0-9a-fA-F]{1,${e === 'u' ? 4 : 8}}`).exec(this.src.slice(this.pos))?.[0] ??
          '';
        this.pos += hex.length;
        out += hex ? String.fromCodePoint(parseInt(hex, 16)) : `\\${e}`;
      } else if (/[0-7]/.test(e)) {
        const oct = /^[0-7]{0,2}/.exec(this.src.slice(this.pos))?.[0] ?? '';
        this.pos += oct.length;
        out += String.fromCharCode(parseInt(e + oct, 8));
      } else out += `\\${e}`;
    }
  }

  /** `${...}` at the current position. */
  private readBraced(quoted: boolean): WordPart {
    this.pos += 2;
    let length = false;
    if (this.src[this.pos] === '#' && this.src[this.pos + 1] !== '}') {
      length = true;
      this.pos++;
    }
    const m = /^(?:[A-Za-z_]\w*|\d+|[?$!#@*-])/.exec(this.src.slice(this.pos));
    if (!m) {
      if (this.eof) this.incomplete('}');
      const end = this.src.indexOf('}', this.pos);
      throw new ShellSyntaxError(
        `\${${this.src.slice(this.pos, end < 0 ? undefined : end)}}: bad substitution`,
      );
    }
    const name = m[0];
    this.pos += name.length;
    if (this.eof) this.incomplete('}');
    if (this.src[this.pos] === '}') {
      this.pos++;
      return { type: 'param', name, length, quoted };
    }
    const opMatch = /^(?::[-=?+]|[-=?+]|##?|%%?)/.exec(this.src.slice(this.pos));
    if (!opMatch || length) {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) this.incomplete('}');
      throw new ShellSyntaxError(
        `\${${this.src.slice(this.pos - name.length - (length ? 1 : 0), end)}}: bad substitution`,
      );
    }
    this.pos += opMatch[0].length;
    const start = this.pos;
    const parts: WordPart[] = [];
    // The argument is read as in double quotes when the expansion is quoted, else as a word.
    const argParts = this.readUntilBrace(quoted);
    parts.push(...argParts);
    const text = this.src.slice(start, this.pos - 1);
    return { type: 'param', name, op: opMatch[0], arg: { parts, text }, quoted };
  }

  private readUntilBrace(quoted: boolean): WordPart[] {
    const parts: WordPart[] = [];
    const literal = (text: string, q: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.type === 'literal' && last.quoted === q) last.text += text;
      else parts.push({ type: 'literal', text, quoted: q });
    };
    for (;;) {
      if (this.eof) this.incomplete('}');
      const c = this.src[this.pos];
      if (c === '}') {
        this.pos++;
        return parts;
      }
      if (c === "'" && !quoted) {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.incomplete("'");
        literal(this.src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        const inner: WordPart[] = [];
        this.readDoubleQuoted(inner, '"');
        parts.push(...inner);
      } else if (c === '\\' && this.pos + 1 < this.src.length) {
        literal(this.src[this.pos + 1], true);
        this.pos += 2;
      } else if (c === '$') {
        const part = this.readDollar(quoted);
        if (part) parts.push(part);
        else literal('$', quoted);
      } else if (c === '`') {
        parts.push(this.readBackquote(quoted));
      } else {
        literal(c, quoted);
        this.pos++;
      }
    }
  }

  private readBackquote(quoted: boolean): WordPart {
    let text = '';
    let i = this.pos + 1;
    for (;;) {
      if (i >= this.src.length) this.incomplete('`');
      const c = this.src[i];
      if (c === '`') break;
      if (c === '\\' && i + 1 < this.src.length && '$`\\'.includes(this.src[i + 1])) {
        text += this.src[i + 1];
        i += 2;
        continue;
      }
      text += c;
      i++;
    }
    this.pos = i + 1;
    return { type: 'command', script: parseScript(text), source: text, quoted };
  }
}

/** `NAME=value` or `NAME+=value` as an assignment word. */
function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (first?.type !== 'literal' || first.quoted) return undefined;
  const m = /^([A-Za-z_]\w*)(\+?)=/.exec(first.text);
  if (!m) return undefined;
  const rest = first.text.slice(m[0].length);
  const parts: WordPart[] = [
    ...(rest ? [{ type: 'literal' as const, text: rest, quoted: false }] : []),
    ...word.parts.slice(1),
  ];
  return {
    name: m[1],
    append: m[2] === '+',
    value: { parts, text: word.text.slice(m[0].length) },
  };
}

/**
 * The parts of text read as inside double quotes to its end: an unquoted here-document's body
 * (`$x`, `$(...)`, `` `...` `` expand; `\` escapes only `$`, `` ` ``, `\` and a newline), or an
 * arithmetic expression (`inArith`, where `"` is no quote).
 */
export function parseHeredocBody(text: string, inArith = false): WordPart[] {
  const parser = new Parser(text);
  const parts: WordPart[] = [];
  if (inArith) {
    // Inside $(( )), double quotes are removed and the rest read as in quotes.
    parser.readDoubleQuoted(parts, '');
    return parts.map((p) => (p.type === 'literal' ? { ...p, text: p.text.replace(/"/g, '') } : p));
  }
  parser.readDoubleQuoted(parts, '');
  return parts;
}

/** Parses a script; throws IncompleteInput or ShellSyntaxError. */
export function parseScript(source: string): Script {
  return new Parser(source).parseScript();
}

/** Whether `source` is a complete command, or needs more lines (an interactive shell's PS2). */
export function needsMoreInput(source: string): boolean {
  try {
    parseScript(source);
    return false;
  } catch (err) {
    return err instanceof IncompleteInput;
  }
}
