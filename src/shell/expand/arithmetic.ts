/**
 * Shell arithmetic (`$((...))`, `((...))`, `let`): integers, variables by name (their values
 * read as expressions, unset ones as 0), C's operators with their precedence, `?:`,
 * assignments (`=`, `+=`...) and `++`/`--`, with bash's error wording.
 */

/** A failed expression: `1/0: division by 0 (error token is "0")`. */
export class ArithmeticError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithmeticError';
  }
}

/** Variables as arithmetic sees them. */
export interface ArithmeticVariables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Token =
  { type: 'num'; value: bigint } | { type: 'name'; name: string } | { type: 'op'; op: string };

const ops = [
  '<<=',
  '>>=',
  '**',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '^=',
  '|=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '^',
  '|',
  '!',
  '~',
  '?',
  ':',
  '=',
  '(',
  ')',
  ',',
];

function tokenize(text: string): { tokens: Token[]; rest: string[] } {
  const tokens: Token[] = [];
  const rest: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    rest.push(text.slice(i).trim());
    const num = /^(0[xX][0-9a-fA-F]+|[0-9]+#[0-9A-Za-z@_]+|[0-9]+)/.exec(text.slice(i));
    if (num) {
      tokens.push({ type: 'num', value: parseNumber(num[0]) });
      i += num[0].length;
      if (/[A-Za-z_]/.test(text[i] ?? '')) {
        throw new ArithmeticError(
          `value too great for base (error token is "${text.slice(i - num[0].length).trim()}")`,
        );
      }
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(text.slice(i));
    if (name) {
      tokens.push({ type: 'name', name: name[0] });
      i += name[0].length;
      continue;
    }
    const op = ops.find((o) => text.startsWith(o, i));
    if (!op)
      throw new ArithmeticError(
        `syntax error: invalid arithmetic operator (error token is "${text.slice(i)}")`,
      );
    tokens.push({ type: 'op', op });
    i += op.length;
  }
  rest.push('');
  return { tokens, rest };
}

function parseNumber(text: string): bigint {
  if (/^0[xX]/.test(text)) return BigInt(text);
  const based = /^(\d+)#(.+)$/.exec(text);
  if (based) {
    const base = Number(based[1]);
    let value = 0n;
    for (const ch of based[2]) {
      const digit = parseInt(ch, 36);
      if (Number.isNaN(digit) || digit >= base)
        throw new ArithmeticError(`value too great for base (error token is "${text}")`);
      value = value * BigInt(base) + BigInt(digit);
    }
    return value;
  }
  if (text.length > 1 && text.startsWith('0')) {
    if (/[89]/.test(text))
      throw new ArithmeticError(`value too great for base (error token is "${text}")`);
    return BigInt(`0o${text.slice(1)}`);
  }
  return BigInt(text);
}

const toInt64 = (v: bigint) => BigInt.asIntN(64, v);

class Evaluator {
  private i = 0;
  private readonly tokens: Token[];
  private readonly rest: string[];

  constructor(
    private readonly text: string,
    private readonly vars: ArithmeticVariables,
    private readonly depth: number,
  ) {
    ({ tokens: this.tokens, rest: this.rest } = tokenize(text));
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.type === 'op' && t.op === op;
  }
  private fail(kind: string): never {
    const token = this.rest[this.i] ?? '';
    throw new ArithmeticError(`${this.text.trim()}: ${kind} (error token is "${token}")`);
  }

  run(): bigint {
    if (this.tokens.length === 0) return 0n;
    const value = this.comma(true);
    if (this.i < this.tokens.length) this.fail('syntax error in expression');
    return value;
  }

  private variable(name: string): bigint {
    const raw = this.vars.get(name);
    if (raw === undefined || raw.trim() === '') return 0n;
    if (this.depth > 32) throw new ArithmeticError(`${name}: expression recursion level exceeded`);
    return new Evaluator(raw, this.vars, this.depth + 1).run();
  }

  private comma(live: boolean): bigint {
    let value = this.assignment(live);
    while (this.isOp(',')) {
      this.i++;
      value = this.assignment(live);
    }
    return value;
  }

  private assignment(live: boolean): bigint {
    const t = this.peek();
    const next = this.tokens[this.i + 1];
    const assignOps = ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|='];
    if (t?.type === 'name' && next?.type === 'op' && assignOps.includes(next.op)) {
      this.i += 2;
      const right = this.assignment(live);
      if (!live) return right;
      const value =
        next.op === '=' ? right : this.binary(next.op.slice(0, -1), this.variable(t.name), right);
      this.vars.set(t.name, String(value));
      return value;
    }
    return this.conditional(live);
  }

  private conditional(live: boolean): bigint {
    const cond = this.binaryLevel(0, live);
    if (!this.isOp('?')) return cond;
    this.i++;
    const a = this.comma(live && cond !== 0n);
    if (!this.isOp(':')) this.fail("syntax error: `:' expected for conditional expression");
    this.i++;
    const b = this.conditional(live && cond === 0n);
    return cond !== 0n ? a : b;
  }

  private static readonly levels: string[][] = [
    ['||'],
    ['&&'],
    ['|'],
    ['^'],
    ['&'],
    ['==', '!='],
    ['<', '<=', '>', '>='],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binaryLevel(level: number, live: boolean): bigint {
    if (level >= Evaluator.levels.length) return this.power(live);
    let left = this.binaryLevel(level + 1, live);
    for (;;) {
      const t = this.peek();
      if (t?.type !== 'op' || !Evaluator.levels[level].includes(t.op)) return left;
      this.i++;
      if (t.op === '&&' || t.op === '||') {
        const right = this.binaryLevel(
          level + 1,
          live && (t.op === '&&' ? left !== 0n : left === 0n),
        );
        left =
          t.op === '&&' ? BigInt(left !== 0n && right !== 0n) : BigInt(left !== 0n || right !== 0n);
        continue;
      }
      const right = this.binaryLevel(level + 1, live);
      left = live ? this.binary(t.op, left, right) : 0n;
    }
  }

  private binary(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '+':
        return toInt64(a + b);
      case '-':
        return toInt64(a - b);
      case '*':
        return toInt64(a * b);
      case '/':
      case '%':
        if (b === 0n) this.fail('division by 0');
        return op === '/' ? a / b : a % b;
      case '<<':
        return toInt64(a << b);
      case '>>':
        return a >> b;
      case '<':
        return BigInt(a < b);
      case '<=':
        return BigInt(a <= b);
      case '>':
        return BigInt(a > b);
      case '>=':
        return BigInt(a >= b);
      case '==':
        return BigInt(a === b);
      case '!=':
        return BigInt(a !== b);
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
      case '**':
        if (b < 0n) this.fail('exponent less than 0');
        return toInt64(a ** b);
    }
    this.fail('syntax error in expression');
  }

  private power(live: boolean): bigint {
    const base = this.unary(live);
    if (!this.isOp('**')) return base;
    this.i++;
    const exponent = this.power(live);
    return live ? this.binary('**', base, exponent) : 0n;
  }

  private unary(live: boolean): bigint {
    const t = this.peek();
    if (t?.type === 'op') {
      if (t.op === '++' || t.op === '--') {
        this.i++;
        const name = this.peek();
        if (name?.type !== 'name') this.fail('syntax error: operand expected');
        this.i++;
        const value = this.variable(name.name) + (t.op === '++' ? 1n : -1n);
        if (live) this.vars.set(name.name, String(value));
        return value;
      }
      if (['+', '-', '!', '~'].includes(t.op)) {
        this.i++;
        const v = this.unary(live);
        return t.op === '-' ? toInt64(-v) : t.op === '!' ? BigInt(v === 0n) : t.op === '~' ? ~v : v;
      }
    }
    return this.postfix(live);
  }

  private postfix(live: boolean): bigint {
    const t = this.peek();
    if (t?.type === 'name') {
      this.i++;
      const value = this.variable(t.name);
      if (this.isOp('++') || this.isOp('--')) {
        const op = (this.peek() as { op: string }).op;
        this.i++;
        if (live) this.vars.set(t.name, String(value + (op === '++' ? 1n : -1n)));
      }
      return value;
    }
    if (t?.type === 'num') {
      this.i++;
      return t.value;
    }
    if (this.isOp('(')) {
      this.i++;
      const value = this.comma(live);
      if (!this.isOp(')')) this.fail("missing `)'");
      this.i++;
      return value;
    }
    this.fail('syntax error: operand expected');
  }
}

/** Evaluates an arithmetic expression (already expanded), as a decimal string. */
export function evaluateArithmetic(text: string, vars: ArithmeticVariables): string {
  return String(new Evaluator(text, vars, 0).run());
}
