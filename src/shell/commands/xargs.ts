import { readAll } from '../io/streams.ts';
import type { ShellCommand } from './command.ts';

/** xargs' input items: blank-separated, with `'...'`, `"..."` and `\` quoting. */
function items(text: string): string[] | string {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0)
        return `unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option`;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** GNU `xargs [-n N] [-I STR] [-r] [-t] [COMMAND [ARG...]]`: runs a command with stdin's items as arguments. */
export const xargs: ShellCommand = {
  name: 'xargs',
  summary: 'Run a command with the items of stdin as arguments: ... | xargs kubectl delete',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let perCommand = Infinity;
    let replace: string | undefined;
    let noEmpty = false;
    let trace = false;
    while (args.length > 0 && args[0].startsWith('-')) {
      const a = args.shift()!;
      if (a === '-n' || a === '--max-args') perCommand = Number(args.shift());
      else if (/^-n\d+$/.test(a)) perCommand = Number(a.slice(2));
      else if (a === '-I') replace = args.shift();
      else if (a.startsWith('-I')) replace = a.slice(2);
      else if (a === '-r' || a === '--no-run-if-empty') noEmpty = true;
      else if (a === '-t' || a === '--verbose') trace = true;
      else if (a === '--') break;
      else {
        ctx.stderr.write(
          `xargs: invalid option -- '${a.replace(/^-+/, '')}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.\n`,
        );
        return 1;
      }
    }
    const command = args.length > 0 ? args : ['echo'];
    const input = await readAll(ctx.stdin);
    const list =
      replace !== undefined ? input.split('\n').filter((l) => l.trim() !== '') : items(input);
    if (typeof list === 'string') {
      ctx.stderr.write(`xargs: ${list}\n`);
      return 1;
    }
    const runs: string[][] = [];
    if (replace !== undefined)
      for (const item of list) runs.push(command.map((w) => w.split(replace!).join(item)));
    else if (list.length === 0) {
      if (!noEmpty) runs.push(command);
    } else {
      for (let i = 0; i < list.length; i += Math.min(perCommand, list.length))
        runs.push([...command, ...list.slice(i, i + perCommand)]);
    }
    let status = 0;
    for (const argv of runs) {
      if (ctx.signal.aborted) return 130;
      if (trace) ctx.stderr.write(`${argv.join(' ')}\n`);
      const result = await ctx.session.runArgv(
        argv,
        { ...ctx, stdin: { isTerminal: false, read: async () => undefined } },
        ctx.signal,
      );
      if (result === 127) return 127;
      if (result !== 0) status = 123;
    }
    return status;
  },
};
