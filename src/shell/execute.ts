/**
 * Runs a parsed script in a session: and-or lists, background jobs, pipelines (each stage a
 * subshell, joined by pipes; a stage whose reader has gone is ended, as SIGPIPE ends it),
 * compound commands, functions, redirections to the workspace's files, and simple commands
 * looked up as functions, aliases, then the command table ("command not found" otherwise,
 * with the nearest command suggested).
 */
import { commandTable } from './commands/index.ts';
import type { CommandContext } from './commands/command.ts';
import {
  expandSegments,
  expandString,
  expandWords,
  ExpansionError,
  type ExpansionContext,
} from './expand/expand-word.ts';
import { ArithmeticError, evaluateArithmetic } from './expand/arithmetic.ts';
import { matchesPattern } from './expand/pattern.ts';
import {
  nullInput,
  nullOutput,
  Pipe,
  textInput,
  type InputStream,
  type OutputStream,
} from './io/streams.ts';
import type { ShellSession } from './session.ts';
import { nearestCommand } from './suggest.ts';
import type {
  AndOr,
  Command,
  Pipeline,
  Redirect,
  Script,
  SimpleCommand,
  Word,
} from './syntax/ast.ts';
import { parseScript, ShellSyntaxError, IncompleteInput } from './syntax/parse-script.ts';
import { parentOf } from './workspace.ts';

/** A command's standard streams. */
export interface Io {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** `break N` / `continue N` unwinding loops. */
class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

/** `return N` leaving a function. */
class FunctionReturn {
  constructor(readonly status: number) {}
}

/** `exit N` leaving the shell (or the subshell). */
export class ShellExit {
  constructor(readonly status: number) {}
}

/** An expansion error (`$((1/0))`, `${x:?}`): bash drops the rest of the command line. */
class LineAborted {
  constructor(readonly status: number) {}
}

/** A redirection that cannot be made: `bash: x: No such file or directory`. */
class RedirectError extends Error {}

/** A signal aborted when either given one aborts. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (a.aborted || b.aborted) controller.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return controller.signal;
}

class FileOutput implements OutputStream {
  readonly isTerminal = false;
  constructor(
    private readonly session: ShellSession,
    private readonly path: string,
  ) {}
  write(text: string): void {
    this.session.workspace.append(this.path, text);
  }
}

/** Special files every process sees. */
const devices = new Set(['/dev/null', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/tty']);

export class Interpreter {
  /** Nesting of loops, for `break` outside one. */
  private loopDepth = 0;
  private functionDepth = 0;

  constructor(private readonly session: ShellSession) {}

  private expansion(io: Io, signal: AbortSignal): ExpansionContext {
    const session = this.session;
    return {
      get: (name) => session.get(name),
      set: (name, value) => session.set(name, value),
      positional: () => session.positional,
      home: () => session.get('HOME') ?? '/',
      substitute: async (script) => {
        const sub = session.subshell();
        const out = new (class implements OutputStream {
          readonly isTerminal = false;
          text = '';
          write(t: string) {
            this.text += t;
          }
        })();
        let status: number;
        try {
          status = await new Interpreter(sub).runScript(
            script,
            { stdin: io.stdin, stdout: out, stderr: io.stderr },
            signal,
          );
        } catch (err) {
          if (!(err instanceof ShellExit)) throw err;
          status = err.status;
        }
        session.status = status;
        this.lastSubstitutionStatus = status;
        return out.text;
      },
      glob: (pattern, absolute) => {
        const cwd = session.cwd;
        const prefix = cwd === '/' ? '/' : `${cwd}/`;
        const all = session.workspace.paths().flatMap((p) => {
          const dirs: string[] = [];
          for (let d = parentOf(p); d !== '/'; d = parentOf(d)) dirs.push(d);
          return [p, ...dirs];
        });
        const candidates = [...new Set(all)];
        if (absolute) return candidates.filter((p) => pattern.test(p));
        return candidates
          .filter((p) => p.startsWith(prefix))
          .map((p) => p.slice(prefix.length))
          .filter((p) => pattern.test(p));
      },
    };
  }

  private lastSubstitutionStatus: number | undefined;

  /** Runs a script; `exit` inside it throws ShellExit to the caller of `runScript`'s session. */
  async runScript(script: Script, io: Io, signal: AbortSignal): Promise<number> {
    try {
      return await this.list(script, io, signal);
    } catch (err) {
      if (err instanceof ShellExit) {
        this.session.exited = err.status;
        return err.status;
      }
      if (err instanceof LoopControl) return 0;
      if (err instanceof FunctionReturn) return err.status;
      if (err instanceof LineAborted) return err.status;
      throw err;
    }
  }

  private async list(script: Script, io: Io, signal: AbortSignal): Promise<number> {
    let status = this.session.status;
    for (const item of script.items) {
      if (signal.aborted) return 130;
      if (item.background) {
        this.background(item, io);
        status = 0;
      } else {
        status = await this.andOr(item, io, signal);
      }
      this.session.status = status;
    }
    return status;
  }

  private background(item: AndOr, io: Io): void {
    const session = this.session;
    const foreground = { ...item, background: false };
    const job = session.jobs.start(item.text, async (jobSignal) => {
      const sub = session.subshell();
      try {
        return await new Interpreter(sub).andOr(foreground, { ...io, stdin: nullInput }, jobSignal);
      } catch (err) {
        if (err instanceof ShellExit) return err.status;
        throw err;
      }
    });
    session.lastBackgroundPid = job.pid;
    io.stderr.write(`[${job.id}] ${job.pid}\n`);
  }

  async andOr(item: AndOr, io: Io, signal: AbortSignal): Promise<number> {
    let status = await this.pipeline(item.first, io, signal);
    this.session.status = status;
    for (const { op, pipeline } of item.rest) {
      if (signal.aborted) return 130;
      if ((op === '&&') !== (status === 0)) continue;
      status = await this.pipeline(pipeline, io, signal);
      this.session.status = status;
    }
    return status;
  }

  private async pipeline(pipeline: Pipeline, io: Io, signal: AbortSignal): Promise<number> {
    let status: number;
    if (pipeline.commands.length === 1) {
      status = await this.command(pipeline.commands[0], io, signal);
    } else {
      const n = pipeline.commands.length;
      const pipes = Array.from({ length: n - 1 }, () => new Pipe());
      const controllers = pipeline.commands.map(() => new AbortController());
      const runs = pipeline.commands.map(async (command, i) => {
        const stageSignal = anySignal(signal, controllers[i].signal);
        const stdin = i === 0 ? io.stdin : pipes[i - 1];
        const stdout = i === n - 1 ? io.stdout : pipes[i];
        if (i < n - 1) pipes[i].onReaderClosed = () => controllers[i].abort();
        let result: number;
        try {
          result = await new Interpreter(this.session.subshell()).runStage(
            command,
            { stdin, stdout, stderr: io.stderr },
            stageSignal,
          );
        } catch (err) {
          if (!(err instanceof ShellExit)) throw err;
          result = err.status;
        } finally {
          if (i < n - 1) pipes[i].end();
          if (i > 0) pipes[i - 1].close();
        }
        return controllers[i].signal.aborted && !signal.aborted ? 141 : result;
      });
      const statuses = await Promise.all(runs);
      status = statuses[n - 1];
    }
    if (signal.aborted) return 130;
    return pipeline.negated ? (status === 0 ? 1 : 0) : status;
  }

  private async runStage(command: Command, io: Io, signal: AbortSignal): Promise<number> {
    try {
      return await this.command(command, io, signal);
    } catch (err) {
      if (err instanceof LoopControl || err instanceof FunctionReturn) return 0;
      throw err;
    }
  }

  private async command(command: Command, io: Io, signal: AbortSignal): Promise<number> {
    if (signal.aborted) return 130;
    if (command.type === 'simple') return this.simple(command, io, signal);
    if (command.type === 'function') {
      this.session.functions.set(command.name, command.body);
      return 0;
    }
    let redirected: Io;
    try {
      redirected = await this.redirect(command.redirects, io, signal);
    } catch (err) {
      return this.reportRedirect(err, io);
    }
    switch (command.type) {
      case 'group':
        return this.list(command.body, redirected, signal);
      case 'subshell': {
        const sub = this.session.subshell();
        try {
          return await new Interpreter(sub).list(command.body, redirected, signal);
        } catch (err) {
          if (err instanceof ShellExit || err instanceof LineAborted) return err.status;
          if (err instanceof LoopControl) return 0;
          throw err;
        }
      }
      case 'if': {
        for (const branch of command.branches) {
          if ((await this.list(branch.condition, redirected, signal)) === 0)
            return this.list(branch.body, redirected, signal);
          if (signal.aborted) return 130;
        }
        return command.otherwise ? this.list(command.otherwise, redirected, signal) : 0;
      }
      case 'for': {
        const ctx = this.expansion(redirected, signal);
        let items: string[];
        try {
          items = command.items
            ? await expandWords(command.items, ctx)
            : [...this.session.positional];
        } catch (err) {
          return this.reportExpansion(err, io);
        }
        let status = 0;
        for (const item of items) {
          if (signal.aborted) return 130;
          this.session.set(command.variable, item);
          await this.breathe(signal);
          const result = await this.loopBody(command.body, redirected, signal);
          if (result === 'break') break;
          status = this.session.status;
        }
        return status;
      }
      case 'while':
      case 'until': {
        let status = 0;
        for (;;) {
          if (signal.aborted) return 130;
          const condition = await this.list(command.condition, redirected, signal);
          if (signal.aborted) return 130;
          if ((condition === 0) !== (command.type === 'while')) break;
          const result = await this.loopBody(command.body, redirected, signal);
          status = this.session.status;
          if (result === 'break') break;
          await this.breathe(signal);
        }
        return status;
      }
      case 'case': {
        const ctx = this.expansion(redirected, signal);
        const subject = await expandString(command.subject, ctx);
        for (const item of command.items) {
          for (const pattern of item.patterns) {
            if (matchesPattern(subject, await expandSegments(pattern, ctx)))
              return this.list(item.body, redirected, signal);
          }
        }
        return 0;
      }
      case 'arith': {
        const ctx = this.expansion(redirected, signal);
        try {
          const value = evaluateArithmetic(await expandString(command.expression, ctx), ctx);
          return value === '0' ? 1 : 0;
        } catch (err) {
          if (err instanceof ArithmeticError) {
            io.stderr.write(`bash: ${err.message}\n`);
            throw new LineAborted(1);
          }
          return this.reportExpansion(err, io);
        }
      }
    }
  }

  private passes = 0;

  /**
   * Lets the page run between loop passes now and then: a loop of commands that never wait
   * (`while true; do echo hi; done`) would otherwise hold the page, Ctrl-C included.
   */
  private async breathe(signal: AbortSignal): Promise<void> {
    if (++this.passes % 64 !== 0) return;
    try {
      await this.session.host.sleep(0, signal);
    } catch {
      // Interrupted: the loop sees the signal and stops.
    }
  }

  /** One pass of a loop body: `break`/`continue` with their level counts. */
  private async loopBody(body: Script, io: Io, signal: AbortSignal): Promise<'next' | 'break'> {
    this.loopDepth++;
    try {
      await this.list(body, io, signal);
      return 'next';
    } catch (err) {
      if (!(err instanceof LoopControl)) throw err;
      if (err.levels > 1) {
        err.levels--;
        throw err;
      }
      return err.kind === 'break' ? 'break' : 'next';
    } finally {
      this.loopDepth--;
    }
  }

  private reportExpansion(err: unknown, io: Io): never {
    if (err instanceof ExpansionError) {
      io.stderr.write(`bash: ${err.message}\n`);
      throw new LineAborted(1);
    }
    throw err;
  }

  private reportRedirect(err: unknown, io: Io): number {
    if (err instanceof RedirectError) {
      io.stderr.write(`bash: ${err.message}\n`);
      return 1;
    }
    return this.reportExpansion(err, io);
  }

  private async simple(command: SimpleCommand, io: Io, signal: AbortSignal): Promise<number> {
    const ctx = this.expansion(io, signal);
    this.lastSubstitutionStatus = undefined;
    let argv: string[];
    const prefix: Record<string, string> = {};
    try {
      argv = await expandWords(command.words, ctx);
      for (const a of command.assignments) {
        const value = await expandString(a.value, ctx);
        prefix[a.name] = a.append ? (this.session.get(a.name) ?? '') + value : value;
      }
    } catch (err) {
      return this.reportExpansion(err, io);
    }
    if (argv.length === 0) {
      for (const [name, value] of Object.entries(prefix)) this.session.set(name, value);
      try {
        await this.redirect(command.redirects, io, signal);
      } catch (err) {
        return this.reportRedirect(err, io);
      }
      return this.lastSubstitutionStatus ?? 0;
    }
    // An alias is the first word's replacement, when that word was typed unquoted.
    const first = command.words[0];
    const alias = this.session.aliases.get(argv[0]);
    if (alias !== undefined && first.parts.every((p) => p.type === 'literal' && !p.quoted)) {
      argv = [...(await this.aliasWords(alias, ctx)), ...argv.slice(1)];
      if (argv.length === 0) return 0;
    }
    let redirected: Io;
    try {
      redirected = await this.redirect(command.redirects, io, signal);
    } catch (err) {
      return this.reportRedirect(err, io);
    }
    return this.runArgv(argv, redirected, signal, prefix);
  }

  private async aliasWords(alias: string, ctx: ExpansionContext): Promise<string[]> {
    try {
      const script = parseScript(alias);
      const command = script.items[0]?.first.commands[0];
      if (command?.type !== 'simple') return alias.split(/\s+/).filter(Boolean);
      return expandWords(command.words, ctx);
    } catch {
      return alias.split(/\s+/).filter(Boolean);
    }
  }

  /** Runs words as a command: a function, a command of the table, or "command not found". */
  async runArgv(
    argv: string[],
    io: Io,
    signal: AbortSignal,
    env: Record<string, string>,
  ): Promise<number> {
    const [name, ...args] = argv;
    const fn = this.session.functions.get(name);
    if (fn) return this.callFunction(fn, args, io, signal);
    switch (name) {
      case 'break':
      case 'continue': {
        const levels = args[0] === undefined ? 1 : Number(args[0]);
        if (!Number.isInteger(levels) || levels < 1) {
          io.stderr.write(`bash: ${name}: ${args[0]}: loop count out of range\n`);
          return 1;
        }
        if (this.loopDepth === 0) return 0;
        throw new LoopControl(name, levels);
      }
      case 'return': {
        const status = args[0] === undefined ? this.session.status : Number(args[0]) & 255;
        if (this.functionDepth === 0) {
          io.stderr.write("bash: return: can only `return' from a function or sourced script\n");
          return 1;
        }
        throw new FunctionReturn(status);
      }
      case 'exit': {
        const status = args[0] === undefined ? this.session.status : Number(args[0]);
        if (!Number.isInteger(status)) {
          io.stderr.write(`bash: exit: ${args[0]}: numeric argument required\n`);
          throw new ShellExit(2);
        }
        throw new ShellExit(status & 255);
      }
      case 'eval':
      case 'source':
      case '.':
        return this.evalOrSource(name, args, io, signal);
    }
    const command = commandTable.get(name);
    if (!command) return this.notFound(name, io);
    const ctx: CommandContext = {
      argv,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      env: { ...this.session.environment(), ...env },
      signal,
      session: this.session,
    };
    try {
      return await command.run(ctx);
    } catch (err) {
      if (err instanceof ShellExit || err instanceof LoopControl || err instanceof FunctionReturn)
        throw err;
      if (signal.aborted) return 130;
      io.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  }

  private async evalOrSource(
    name: string,
    args: string[],
    io: Io,
    signal: AbortSignal,
  ): Promise<number> {
    let source: string;
    if (name === 'eval') source = args.join(' ');
    else {
      if (args.length === 0) {
        io.stderr.write(
          `bash: ${name}: filename argument required\n${name}: usage: ${name} filename [arguments]\n`,
        );
        return 2;
      }
      const path = this.session.workspace.resolve(this.session.cwd, args[0]);
      const text = this.session.workspace.read(path);
      if (text === undefined) {
        io.stderr.write(`bash: ${args[0]}: No such file or directory\n`);
        return 1;
      }
      source = text;
    }
    let script: Script;
    try {
      script = parseScript(source);
    } catch (err) {
      if (err instanceof ShellSyntaxError || err instanceof IncompleteInput) {
        io.stderr.write(
          `bash: ${err instanceof ShellSyntaxError ? err.message : 'syntax error: unexpected end of file'}\n`,
        );
        return 2;
      }
      throw err;
    }
    this.functionDepth++;
    try {
      return await this.list(script, io, signal);
    } catch (err) {
      if (err instanceof FunctionReturn && name !== 'eval') return err.status;
      throw err;
    } finally {
      this.functionDepth--;
    }
  }

  private async callFunction(
    body: Command,
    args: string[],
    io: Io,
    signal: AbortSignal,
  ): Promise<number> {
    const saved = this.session.positional;
    this.session.positional = args;
    this.functionDepth++;
    try {
      return await this.command(body, io, signal);
    } catch (err) {
      if (err instanceof FunctionReturn) return err.status;
      throw err;
    } finally {
      this.functionDepth--;
      this.session.positional = saved;
    }
  }

  private notFound(name: string, io: Io): number {
    if (name.includes('/')) {
      const path = this.session.workspace.resolve(this.session.cwd, name);
      const exists =
        this.session.workspace.isFile(path) || this.session.workspace.isDirectory(path);
      io.stderr.write(
        `bash: ${name}: ${exists ? 'Permission denied' : 'No such file or directory'}\n`,
      );
      return exists ? 126 : 127;
    }
    io.stderr.write(`${name}: command not found\n`);
    const close = nearestCommand(name, [
      ...commandTable.keys(),
      ...this.session.functions.keys(),
      ...this.session.aliases.keys(),
    ]);
    if (close) io.stderr.write(`Did you mean '${close}'? (\`help\` lists the commands here)\n`);
    return 127;
  }

  /** Applies redirections to the streams, in order. */
  private async redirect(redirects: Redirect[], io: Io, signal: AbortSignal): Promise<Io> {
    if (redirects.length === 0) return io;
    const result: Io = { ...io };
    const ctx = this.expansion(io, signal);
    const set = (fd: number, stream: InputStream | OutputStream) => {
      if (fd === 0) result.stdin = stream as InputStream;
      else if (fd === 1) result.stdout = stream as OutputStream;
      else if (fd === 2) result.stderr = stream as OutputStream;
    };
    const output = (fd: number): OutputStream | undefined =>
      fd === 1 ? result.stdout : fd === 2 ? result.stderr : undefined;
    for (const r of redirects) {
      if (r.type === 'heredoc') {
        const text = r.expand ? await expandString(r.body, ctx) : r.body.text;
        set(r.fd, textInput(text));
        continue;
      }
      const target = await this.redirectTarget(r.target, ctx);
      switch (r.op) {
        case '<':
        case '<>':
          set(r.fd, this.inputFile(target, io));
          break;
        case '<<<':
          set(r.fd, textInput(`${target}\n`));
          break;
        case '>':
        case '>|':
        case '>>':
          set(r.fd, this.outputFile(target, r.op === '>>', io));
          break;
        case '&>':
        case '&>>': {
          const out = this.outputFile(target, r.op === '&>>', io);
          result.stdout = out;
          result.stderr = out;
          break;
        }
        case '>&':
        case '<&': {
          if (target === '-') {
            set(r.fd, r.op === '<&' ? nullInput : nullOutput);
          } else if (/^\d+$/.test(target)) {
            if (r.op === '<&') {
              if (target !== '0') throw new RedirectError(`${target}: Bad file descriptor`);
              break;
            }
            const stream = output(Number(target));
            if (!stream) throw new RedirectError(`${target}: Bad file descriptor`);
            set(r.fd, stream);
          } else if (r.op === '>&' && r.fd === 1) {
            const out = this.outputFile(target, false, io);
            result.stdout = out;
            result.stderr = out;
          } else {
            throw new RedirectError(`${target}: ambiguous redirect`);
          }
          break;
        }
      }
    }
    return result;
  }

  private async redirectTarget(word: Word, ctx: ExpansionContext): Promise<string> {
    const fields = await expandWords([word], ctx);
    if (fields.length !== 1) throw new RedirectError(`${word.text}: ambiguous redirect`);
    return fields[0];
  }

  private inputFile(name: string, io: Io): InputStream {
    const path = this.session.workspace.resolve(this.session.cwd, name);
    if (path === '/dev/null') return nullInput;
    if (path === '/dev/stdin' || path === '/dev/tty') return io.stdin;
    const text = this.session.workspace.read(path);
    if (text === undefined) {
      if (this.session.workspace.isDirectory(path))
        throw new RedirectError(`${name}: Is a directory`);
      throw new RedirectError(`${name}: No such file or directory`);
    }
    return textInput(text);
  }

  private outputFile(name: string, append: boolean, io: Io): OutputStream {
    const workspace = this.session.workspace;
    const path = workspace.resolve(this.session.cwd, name);
    if (path === '/dev/null') return nullOutput;
    if (path === '/dev/stdout' || path === '/dev/tty') return io.stdout;
    if (path === '/dev/stderr') return io.stderr;
    if (devices.has(path)) return nullOutput;
    if (workspace.isDirectory(path)) throw new RedirectError(`${name}: Is a directory`);
    if (!workspace.canCreate(path) && !workspace.isFile(path))
      throw new RedirectError(`${name}: No such file or directory`);
    if (!append || !workspace.isFile(path)) workspace.write(path, '');
    return new FileOutput(this.session, path);
  }
}
