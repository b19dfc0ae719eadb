import type { ShellCommand } from './command.ts';
import { commandTable } from './index.ts';

/** Shell forms handled by the shell itself rather than a command of the table. */
const keywords: [string, string][] = [
  ['break', 'Leave a for/while loop'],
  ['continue', 'Go on with the next pass of a loop'],
  ['eval', 'Run its arguments as a command line'],
  ['exit', 'Close this terminal'],
  ['return', 'Leave a function'],
  ['source', 'Run the commands of a file (also: . FILE)'],
];

/** `help [NAME]`: what this terminal can run, one line each. */
export const help: ShellCommand = {
  name: 'help',
  summary: 'List the commands of this terminal',
  async run(ctx) {
    const entries: [string, string][] = [
      ...[...commandTable.values()]
        .filter((c) => c.name !== ':')
        .map((c): [string, string] => [c.name, c.summary]),
      ...keywords,
    ].sort(([a], [b]) => (a < b ? -1 : 1));
    const asked = ctx.argv[1];
    if (asked !== undefined) {
      const found = entries.filter(([name]) => name === asked);
      if (found.length === 0) {
        ctx.stderr.write(
          `bash: help: no help topics match \`${asked}'.  Try \`help help' or \`man -k ${asked}' or \`info ${asked}'.\n`,
        );
        return 1;
      }
      for (const [name, summary] of found) ctx.stdout.write(`${name}: ${summary}\n`);
      return 0;
    }
    const width = Math.max(...entries.map(([name]) => name.length)) + 2;
    ctx.stdout.write(
      'This terminal is a small shell on your own machine, next to the cluster. It takes quotes,\n' +
        '$VAR and ${VAR}, $(command), pipes |, && || ;, redirections < > >> 2>&1, here-documents\n' +
        '(<<EOF), for/while loops, functions, background jobs (&) and Ctrl-C. Files you write are\n' +
        "kept in a workspace that this page's terminals share. Commands:\n\n",
    );
    for (const [name, summary] of entries) ctx.stdout.write(`  ${name.padEnd(width)}${summary}\n`);
    return 0;
  },
};
