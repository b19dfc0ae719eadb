import type { CommandContext, ShellCommand } from './command.ts';

class TestError extends Error {}

/** Evaluates `test`'s expression (POSIX rules, with `!`, `-a`, `-o` and parentheses). */
function evaluate(ctx: CommandContext, args: string[]): boolean {
  const { workspace, cwd } = ctx.session;
  const path = (p: string) => workspace.resolve(cwd, p);
  const integer = (text: string) => {
    if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new TestError(`${text}: integer expression expected`);
    return BigInt(text.trim());
  };
  const unary: Record<string, (a: string) => boolean> = {
    '-z': (a) => a === '',
    '-n': (a) => a !== '',
    '-e': (a) =>
      workspace.isFile(path(a)) || workspace.isDirectory(path(a)) || a.startsWith('/dev/'),
    '-f': (a) => workspace.isFile(path(a)),
    '-d': (a) => workspace.isDirectory(path(a)),
    '-s': (a) => (workspace.read(path(a)) ?? '') !== '',
    '-r': (a) => workspace.isFile(path(a)) || workspace.isDirectory(path(a)),
    '-w': (a) => workspace.isFile(path(a)) || workspace.isDirectory(path(a)),
    '-x': (a) => workspace.isDirectory(path(a)),
    '-L': () => false,
    '-h': () => false,
    '-t': () => ctx.stdout.isTerminal,
  };
  const binary: Record<string, (a: string, b: string) => boolean> = {
    '=': (a, b) => a === b,
    '==': (a, b) => a === b,
    '!=': (a, b) => a !== b,
    '<': (a, b) => a < b,
    '>': (a, b) => a > b,
    '-eq': (a, b) => integer(a) === integer(b),
    '-ne': (a, b) => integer(a) !== integer(b),
    '-lt': (a, b) => integer(a) < integer(b),
    '-le': (a, b) => integer(a) <= integer(b),
    '-gt': (a, b) => integer(a) > integer(b),
    '-ge': (a, b) => integer(a) >= integer(b),
  };
  let i = 0;
  const orExpr = (): boolean => {
    let value = andExpr();
    while (args[i] === '-o') {
      i++;
      const right = andExpr();
      value = value || right;
    }
    return value;
  };
  const andExpr = (): boolean => {
    let value = notExpr();
    while (args[i] === '-a') {
      i++;
      const right = notExpr();
      value = value && right;
    }
    return value;
  };
  const notExpr = (): boolean => {
    if (args[i] === '!' && i + 1 < args.length) {
      i++;
      return !notExpr();
    }
    return primary();
  };
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '(' && args.length - i > 2) {
      i++;
      const value = orExpr();
      if (args[i] !== ')') throw new TestError(`\`)' expected`);
      i++;
      return value;
    }
    if (args[i + 1] !== undefined && binary[args[i + 1]] && args[i + 2] !== undefined) {
      i += 3;
      return binary[args[i - 2]](a, args[i - 1]);
    }
    if (unary[a] && args[i + 1] !== undefined) {
      i += 2;
      return unary[a](args[i - 1]);
    }
    i++;
    return a !== '';
  };
  if (args.length === 0) return false;
  const value = orExpr();
  if (i < args.length)
    throw new TestError(
      args.length - i > 1 ? 'too many arguments' : `${args[i]}: unary operator expected`,
    );
  return value;
}

function runTest(name: string) {
  return async (ctx: CommandContext): Promise<number> => {
    let args = ctx.argv.slice(1);
    if (name === '[') {
      if (args[args.length - 1] !== ']') {
        ctx.stderr.write("bash: [: missing `]'\n");
        return 2;
      }
      args = args.slice(0, -1);
    }
    try {
      return evaluate(ctx, args) ? 0 : 1;
    } catch (err) {
      if (!(err instanceof TestError)) throw err;
      ctx.stderr.write(`bash: ${name}: ${err.message}\n`);
      return 2;
    }
  };
}

/** `test EXPRESSION` and `[ EXPRESSION ]`: string, integer and file tests. */
export const test: ShellCommand = {
  name: 'test',
  summary: 'Evaluate a condition: test -f file, [ "$x" = y ], [ $n -lt 10 ]',
  run: runTest('test'),
};

export const bracket: ShellCommand = {
  name: '[',
  summary: 'Evaluate a condition (as test): [ $i -lt 10 ]',
  run: runTest('['),
};
