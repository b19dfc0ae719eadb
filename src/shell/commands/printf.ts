import type { ShellCommand } from './command.ts';
import { echoEscapes } from './echo.ts';

/** printf's backslash escapes in the format (`\n`, `\t`, `\0NNN`, `\xHH`...). */
function formatEscapes(text: string): string {
  return text.replace(
    /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|(.))/g,
    (m, oct, hex, uni, ch) => {
      if (oct) return String.fromCharCode(parseInt(oct, 8));
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      if (uni) return String.fromCodePoint(parseInt(uni, 16));
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        e: '\x1b',
        '\\': '\\',
        '"': '"',
        "'": "'",
      };
      return simple[ch] ?? m;
    },
  );
}

/** `%q`: the argument quoted for reuse as shell input. */
function shellQuote(text: string): string {
  if (text === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return text.replace(/[^\w@%+=:,./-]/g, (c) => (c === '\n' ? "$'\\n'" : `\\${c}`));
}

class Printer {
  errors: string[] = [];
  constructor(private readonly args: string[]) {}
  index = 0;
  consumed = false;

  next(): string | undefined {
    if (this.index >= this.args.length) return undefined;
    this.consumed = true;
    return this.args[this.index++];
  }

  number(kind: 'int' | 'float'): number {
    const arg = this.next();
    if (arg === undefined || arg === '') return 0;
    if (/^['"]/.test(arg)) return arg.codePointAt(1) ?? 0;
    const n =
      kind === 'int'
        ? /^[+-]?(0x[0-9a-f]+|\d+)$/i.test(arg.trim())
          ? Number(arg.trim())
          : NaN
        : Number(arg.trim());
    if (Number.isNaN(n)) {
      this.errors.push(`${arg}: invalid number`);
      return kind === 'int' ? parseInt(arg, 10) || 0 : parseFloat(arg) || 0;
    }
    return n;
  }

  /** One pass over the format; `stop` when `%b`'s `\c` ends all output. */
  pass(format: string): { text: string; stop: boolean } {
    let out = '';
    let i = 0;
    while (i < format.length) {
      const c = format[i];
      if (c === '\\') {
        const m = /^\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|.)/.exec(format.slice(i))!;
        if (m[0] === '\\c') return { text: out, stop: true };
        out += formatEscapes(m[0]);
        i += m[0].length;
        continue;
      }
      if (c !== '%') {
        out += c;
        i++;
        continue;
      }
      const spec = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])?/.exec(format.slice(i))!;
      i += spec[0].length;
      const [, flags, widthText, precText, verb] = spec;
      if (verb === '%') {
        out += '%';
        continue;
      }
      if (!verb) {
        this.errors.push(`${spec[0]}: invalid conversion specification`);
        return { text: out, stop: true };
      }
      const width = widthText === '*' ? this.number('int') : widthText ? Number(widthText) : 0;
      const prec =
        precText === '*'
          ? this.number('int')
          : precText !== undefined
            ? Number(precText || 0)
            : undefined;
      let body: string;
      let numeric = false;
      switch (verb) {
        case 's':
          body = this.next() ?? '';
          if (prec !== undefined) body = body.slice(0, prec);
          break;
        case 'b': {
          const r = echoEscapes(this.next() ?? '');
          body = r.text;
          if (r.stop) return { text: out + body, stop: true };
          break;
        }
        case 'q':
          body = shellQuote(this.next() ?? '');
          break;
        case 'c':
          body = (this.next() ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(this.number('int'));
          numeric = true;
          body = String(Math.abs(n));
          if (prec !== undefined) body = body.padStart(prec, '0');
          body =
            n < 0
              ? `-${body}`
              : flags.includes('+')
                ? `+${body}`
                : flags.includes(' ')
                  ? ` ${body}`
                  : body;
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const n = Math.trunc(this.number('int'));
          numeric = true;
          body = (n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n)).toString(
            verb === 'o' ? 8 : 16,
          );
          if (verb === 'X') body = body.toUpperCase();
          if (flags.includes('#') && n !== 0)
            body = (verb === 'o' ? '0' : verb === 'x' ? '0x' : '0X') + body;
          break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
          const n = this.number('float');
          numeric = true;
          const p = prec ?? 6;
          body =
            verb === 'f' || verb === 'F'
              ? Math.abs(n).toFixed(p)
              : verb === 'e' || verb === 'E'
                ? Math.abs(n)
                    .toExponential(p)
                    .replace(/e([+-])(\d)$/, 'e$10$2')
                : String(Number(Math.abs(n).toPrecision(p || 1)));
          if (verb === 'E' || verb === 'G') body = body.toUpperCase();
          body =
            n < 0
              ? `-${body}`
              : flags.includes('+')
                ? `+${body}`
                : flags.includes(' ')
                  ? ` ${body}`
                  : body;
          break;
        }
        default:
          this.errors.push(`%${verb}: invalid directive`);
          return { text: out, stop: true };
      }
      if (body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && numeric) {
          const sign = /^[+\- ]/.test(body) ? body[0] : '';
          body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
        } else body = body.padStart(width);
      }
      out += body;
    }
    return { text: out, stop: false };
  }
}

/** bash's `printf FORMAT [ARGUMENT...]`: the format reused while arguments remain. */
export const printf: ShellCommand = {
  name: 'printf',
  summary: "Format and print: printf '%s\\t%d\\n' name 3",
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    if (args.length === 0) {
      ctx.stderr.write('printf: usage: printf [-v var] format [arguments]\n');
      return 2;
    }
    let variable: string | undefined;
    if (args[0] === '-v') {
      args.shift();
      variable = args.shift();
    }
    const [format, ...rest] = args;
    const printer = new Printer(rest);
    let out = '';
    for (;;) {
      printer.consumed = false;
      const { text, stop } = printer.pass(format ?? '');
      out += text;
      if (stop || !printer.consumed || printer.index >= rest.length) break;
    }
    if (variable) ctx.session.set(variable, out);
    else ctx.stdout.write(out);
    for (const e of printer.errors) ctx.stderr.write(`bash: printf: ${e}\n`);
    return printer.errors.length > 0 ? 1 : 0;
  },
};
