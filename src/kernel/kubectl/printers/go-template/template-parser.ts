/**
 * The parser of Go's text/template (parse/parse.go) over lexTemplate's tokens: actions,
 * pipelines with declarations, `if`/`with`/`range` with `else` (and `else if`), `break` and
 * `continue`, `define`/`template`/`block`, checked against the functions that exist, with
 * Go's error messages (`template: output:1: unexpected "}" in operand`).
 */
import { lexTemplate, tokenString, type Token, type TokenType } from './template-lexer.ts';
import {
  nodeString,
  type ArgNode,
  type CommandNode,
  type ControlNode,
  type DelimiterNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from './template-nodes.ts';

/** A template that does not parse or cannot run; the message is Go's, `template: ...` first. */
export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoTemplateError';
  }
}

/** A parsed template: its main tree, the named ones it defines, and its text. */
export interface ParsedTemplate {
  name: string;
  text: string;
  root: ListNode;
  defined: Map<string, ListNode>;
}

/** strconv.Unquote for `"..."`, `` `...` `` and `'.'`; undefined when the syntax is invalid. */
export function goUnquote(quoted: string): string | undefined {
  const q = quoted[0];
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q) return undefined;
  const body = quoted.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === q || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
    };
    if (e in simple) out += simple[e];
    else if (e === q) out += q;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000 && e !== 'x')) return undefined;
      out += String.fromCodePoint(code);
      i += n;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return undefined;
  }
  if (q === "'" && [...out].length !== 1) return undefined;
  return out;
}

/** The functions a template may call: Go's builtins plus those the caller adds. */
export type FunctionNames = ReadonlySet<string>;

class Parser {
  private i = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(
    private readonly name: string,
    private readonly tokens: Token[],
    private readonly functions: FunctionNames,
    private readonly defined: Map<string, ListNode>,
  ) {}

  private fail(message: string): never {
    const line = this.tokens[Math.min(this.furthest, this.tokens.length - 1)].line;
    throw new GoTemplateError(`template: ${this.name}:${line}: ${message}`);
  }

  private next(): Token {
    const token = this.tokens[Math.min(this.i, this.tokens.length - 1)];
    this.i++;
    this.furthest = Math.max(this.furthest, Math.min(this.i - 1, this.tokens.length - 1));
    return token;
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Token {
    const token = this.next();
    this.backup();
    return token;
  }
  private nextNonSpace(): Token {
    let token = this.next();
    while (token.type === 'space') token = this.next();
    return token;
  }
  private peekNonSpace(): Token {
    const at = this.i;
    const token = this.nextNonSpace();
    this.i = at;
    return token;
  }
  private expect(type: TokenType, context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }
  private unexpected(token: Token, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.value.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.fail(`${tokenString(token)}${extra}`);
    }
    this.fail(`unexpected ${tokenString(token)} in ${context}`);
  }

  /** The whole template, `{{define}}`s taken out into `defined`. */
  parse(): ListNode {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const at = this.i;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = at;
      }
      const n = this.textOrAction();
      if (isDelimiter(n)) this.fail(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    return root;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const token = this.nextNonSpace();
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    const name = goUnquote(token.value);
    if (name === undefined) this.fail('invalid syntax');
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const { list, next } = this.itemList();
    this.vars = saved;
    if (next.type !== 'end') this.fail(`unexpected ${nodeString(next)} in ${context}`);
    this.add(name, list);
  }

  private add(name: string, list: ListNode): void {
    const existing = this.defined.get(name);
    if (existing && !isEmpty(existing) && !isEmpty(list)) {
      this.fail(`template: multiple definition of template ${JSON.stringify(name)}`);
    }
    if (!existing || isEmpty(existing)) this.defined.set(name, list);
  }

  private itemList(): { list: ListNode; next: Node | DelimiterNode } {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isDelimiter(n)) return { list, next: n };
      list.nodes.push(n);
    }
    this.fail('unexpected EOF');
  }

  private textOrAction(): Node | DelimiterNode {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { type: 'text', pos: token.pos, text: token.value };
      case 'leftDelim': {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | DelimiterNode {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue': {
        const end = this.nextNonSpace();
        if (end.type !== 'rightDelim') this.unexpected(end, `{{${token.type}}}`);
        if (this.rangeDepth === 0) this.fail(`{{${token.type}}} outside {{range}}`);
        return { type: token.type, pos: token.pos };
      }
      case 'else': {
        const peek = this.peekNonSpace();
        if (peek.type === 'if' || peek.type === 'with') {
          // `{{else if ...`: the spaces are consumed, the keyword left for the control.
          this.nextNonSpace();
          this.backup();
          return { type: 'else', pos: peek.pos };
        }
        return { type: 'else', pos: this.expect('rightDelim', 'else').pos };
      }
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.type);
      case 'template':
        return this.templateControl();
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private control(context: 'if' | 'range' | 'with'): ControlNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const body = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (body.next.type === 'else') {
        const peek = this.peek();
        if ((context === 'if' || context === 'with') && peek.type === context) {
          this.next();
          elseList = { type: 'list', pos: body.next.pos, nodes: [this.control(context)] };
        } else {
          const rest = this.itemList();
          if (rest.next.type !== 'end') this.fail(`expected end; found ${nodeString(rest.next)}`);
          elseList = rest.list;
        }
      }
      return { type: context, pos: pipe.pos, pipe, list: body.list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateName(token: Token, context: string): string {
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    const name = goUnquote(token.value);
    if (name === undefined) this.fail('invalid syntax');
    return name;
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: token.pos, name, pipe };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const saved = this.vars;
    this.vars = ['$'];
    const { list, next } = this.itemList();
    this.vars = saved;
    if (next.type !== 'end') this.fail(`unexpected ${nodeString(next)} in ${context}`);
    this.add(name, list);
    return { type: 'template', pos: token.pos, name, pipe };
  }

  private pipeline(context: string, end: TokenType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const at = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.value));
        this.vars.push(v.value);
        break;
      }
      if (next.type === 'char' && next.value === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.value));
        this.vars.push(v.value);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.i = at;
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)) {
            this.fail(`non executable command in pipeline stage ${i + 2}`);
          }
        });
        return pipe;
      }
      switch (token.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private variable(pos: number, text: string): VariableNode {
    return { type: 'variable', pos, idents: text.split('.') };
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().value.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { type: 'variable', pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      // eslint-disable-next-line no-fallthrough
      default:
        return { type: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!this.functions.has(token.value))
          this.fail(`function ${JSON.stringify(token.value)} not defined`);
        return { type: 'identifier', pos: token.pos, name: token.value };
      case 'dot':
        return { type: 'dot', pos: token.pos };
      case 'nil':
        return { type: 'nil', pos: token.pos };
      case 'variable': {
        const node = this.variable(token.pos, token.value);
        if (!this.vars.includes(node.idents[0]))
          this.fail(`undefined variable ${JSON.stringify(node.idents[0])}`);
        return node;
      }
      case 'field':
        return { type: 'field', pos: token.pos, idents: [token.value.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: token.pos, value: token.value === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(token);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const text = goUnquote(token.value);
        if (text === undefined) this.fail('invalid syntax');
        return { type: 'string', pos: token.pos, quoted: token.value, text };
      }
    }
    this.backup();
    return undefined;
  }

  private number(token: Token): NumberNode {
    const text = token.value;
    if (token.type === 'charConstant') {
      const ch = goUnquote(text);
      if (ch === undefined) this.fail(`malformed character constant: ${text}`);
      return { type: 'number', pos: token.pos, text, kind: 'rune', value: ch.codePointAt(0)! };
    }
    const negative = text.startsWith('-');
    const body = text.replace(/^[+-]/, '');
    const digits = body.replace(/_/g, '');
    const radix = /^0[xX]/.test(digits)
      ? 16
      : /^0[oO]/.test(digits)
        ? 8
        : /^0[bB]/.test(digits)
          ? 2
          : 10;
    const isFloatSyntax =
      radix === 10 ? /[.eE]/.test(digits) : radix === 16 && /[.pP]/.test(digits);
    let value: number;
    if (token.type === 'complex' || body.endsWith('i')) {
      this.fail(`illegal number syntax: ${JSON.stringify(text)}`);
    }
    if (isFloatSyntax) {
      value = radix === 16 ? NaN : Number(digits);
    } else if (radix === 10 && /^0[0-7]+$/.test(digits)) {
      value = parseInt(digits, 8);
    } else {
      value = Number(digits);
    }
    if (!Number.isFinite(value)) this.fail(`illegal number syntax: ${JSON.stringify(text)}`);
    if (negative) value = -value;
    if (!isFloatSyntax && Math.abs(value) > 2 ** 63) {
      this.fail(`${text} overflows int`);
    }
    return {
      type: 'number',
      pos: token.pos,
      text,
      kind: isFloatSyntax ? 'float' : 'int',
      value,
    };
  }
}

function isDelimiter(n: Node | DelimiterNode): n is DelimiterNode {
  return n.type === 'end' || n.type === 'else';
}

function isEmpty(list: ListNode): boolean {
  return list.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
}

/** Parses `text` as template `name`; throws GoTemplateError with Go's message. */
export function parseTemplate(
  name: string,
  text: string,
  functions: FunctionNames,
): ParsedTemplate {
  const defined = new Map<string, ListNode>();
  const parser = new Parser(name, lexTemplate(text), functions, defined);
  const root = parser.parse();
  if (!defined.has(name) || isEmpty(defined.get(name)!)) defined.set(name, root);
  return { name, text, root, defined };
}

export type { Node };
