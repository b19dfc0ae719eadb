import type { ShellCommand } from './command.ts';
import { commandTable } from './index.ts';
import { programPath, shellBuiltins } from './locations.ts';

const keywords = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'in',
  'function',
  '{',
  '}',
  '!',
]);

/** bash's `type NAME...`: alias, keyword, function, builtin, or the program's path. */
export const type: ShellCommand = {
  name: 'type',
  summary: 'Tell what a command name is (alias, builtin, function or program)',
  async run(ctx) {
    const session = ctx.session;
    let status = 0;
    for (const name of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      if (session.aliases.has(name))
        ctx.stdout.write(`${name} is aliased to \`${session.aliases.get(name)}'\n`);
      else if (keywords.has(name)) ctx.stdout.write(`${name} is a shell keyword\n`);
      else if (session.functions.has(name)) ctx.stdout.write(`${name} is a function\n`);
      else if (shellBuiltins.has(name)) ctx.stdout.write(`${name} is a shell builtin\n`);
      else if (commandTable.has(name)) ctx.stdout.write(`${name} is ${programPath(name)}\n`);
      else {
        ctx.stderr.write(`bash: type: ${name}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};

/** `which NAME...`: the path of each program (nothing for builtins-only names). */
export const which: ShellCommand = {
  name: 'which',
  summary: 'Print the path of a program: which kubectl',
  async run(ctx) {
    let status = 0;
    for (const name of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      if (
        commandTable.has(name) &&
        ![
          'cd',
          'export',
          'unset',
          'alias',
          'unalias',
          'jobs',
          'fg',
          'wait',
          'history',
          'help',
          'type',
          'set',
          'shift',
          'read',
          'source',
          '.',
          'eval',
          'exit',
          'return',
          'break',
          'continue',
          ':',
        ].includes(name)
      )
        ctx.stdout.write(`${programPath(name)}\n`);
      else status = 1;
    }
    return status;
  },
};
