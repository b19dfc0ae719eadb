import type { ShellCommand } from './command.ts';

/** Interprets echo -e's backslash escapes; `stop` when `\c` ends the output. */
export function echoEscapes(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const e = text[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      e: '\x1b',
      E: '\x1b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
    };
    if (e in simple) out += simple[e];
    else if (e === 'c') return { text: out, stop: true };
    else if (e === '0') {
      const oct = /^[0-7]{0,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(oct || '0', 8));
      i += oct.length;
    } else if (e === 'x') {
      const hex = /^[0-9a-fA-F]{0,2}/.exec(text.slice(i + 1))![0];
      if (!hex) out += '\\x';
      else {
        out += String.fromCharCode(parseInt(hex, 16));
        i += hex.length;
      }
    } else out += `\\${e}`;
  }
  return { text: out, stop: false };
}

/** bash's `echo [-neE] [arg ...]`: the arguments joined by spaces, and a newline unless -n. */
export const echo: ShellCommand = {
  name: 'echo',
  summary: 'Write arguments to the standard output (-n: no newline, -e: backslash escapes)',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let newline = true;
    let escapes = false;
    while (args.length > 0 && /^-[neE]+$/.test(args[0])) {
      for (const flag of args.shift()!.slice(1)) {
        if (flag === 'n') newline = false;
        else escapes = flag === 'e';
      }
    }
    let text = args.join(' ');
    if (escapes) {
      const result = echoEscapes(text);
      text = result.text;
      if (result.stop) newline = false;
    }
    ctx.stdout.write(newline ? `${text}\n` : text);
    return 0;
  },
};
