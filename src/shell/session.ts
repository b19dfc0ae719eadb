/**
 * One terminal's shell: its variables (exported or not), functions, aliases, directory, jobs
 * and last status, over the workspace shared by every terminal of the page. `run` parses and
 * runs what was typed; `subshell` copies the state for `( ... )`, `$(...)` and pipeline stages.
 */
import type { OutputStream } from './io/streams.ts';
import type { ShellHost } from './host.ts';
import { JobTable, newPid } from './jobs.ts';
import { homeDirectory, type Workspace } from './workspace.ts';
import { Interpreter, type Io } from './execute.ts';
import type { Command } from './syntax/ast.ts';
import { IncompleteInput, parseScript, ShellSyntaxError } from './syntax/parse-script.ts';

interface Variable {
  value: string;
  exported: boolean;
}

/** The environment a new terminal starts with. */
function initialVariables(): [string, string][] {
  return [
    ['HOME', homeDirectory],
    ['USER', 'user'],
    ['LOGNAME', 'user'],
    ['SHELL', '/bin/bash'],
    ['PATH', '/usr/local/bin:/usr/bin:/bin'],
    ['PWD', homeDirectory],
    ['TERM', 'xterm-256color'],
    ['LANG', 'C.UTF-8'],
    ['HOSTNAME', 'playground'],
  ];
}

export class ShellSession {
  readonly vars = new Map<string, Variable>();
  readonly functions = new Map<string, Command>();
  readonly aliases = new Map<string, string>([['k', 'kubectl']]);
  readonly jobs: JobTable;
  readonly pid = newPid();
  cwd = homeDirectory;
  /** `$?` */
  status = 0;
  /** `$!` */
  lastBackgroundPid: number | undefined;
  /** `$1`... */
  positional: string[] = [];
  /** Lines typed at this terminal, oldest first (the terminal adds them). */
  history: string[] = [];
  /** Set by `exit`: the terminal closes. */
  exited: number | undefined;

  constructor(
    readonly host: ShellHost,
    readonly workspace: Workspace,
    jobs?: JobTable,
  ) {
    this.jobs = jobs ?? new JobTable();
    for (const [name, value] of initialVariables()) this.vars.set(name, { value, exported: true });
  }

  /** A variable or special parameter, undefined when unset. */
  get(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(this.pid);
      case '!':
        return this.lastBackgroundPid === undefined ? '' : String(this.lastBackgroundPid);
      case '#':
        return String(this.positional.length);
      case '0':
        return 'bash';
      case '-':
        return 'himBHs';
      case 'RANDOM':
        return String(Math.floor(Math.random() * 32768));
      case 'PWD':
        return this.cwd;
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name)?.value;
  }

  set(name: string, value: string, exported?: boolean): void {
    const existing = this.vars.get(name);
    this.vars.set(name, { value, exported: exported ?? existing?.exported ?? false });
    if (name === 'PWD') this.cwd = value;
  }

  unset(name: string): void {
    this.vars.delete(name);
  }

  export(name: string, value?: string): void {
    const existing = this.vars.get(name);
    if (value !== undefined) this.vars.set(name, { value, exported: true });
    else if (existing) existing.exported = true;
    else this.vars.set(name, { value: '', exported: true });
  }

  /** The exported variables, as a child process's environment. */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, v] of this.vars)
      if (v.exported) env[name] = name === 'PWD' ? this.cwd : v.value;
    return env;
  }

  /** A copy for a subshell: same workspace, host and jobs; its own variables from now on. */
  subshell(): ShellSession {
    const child = new ShellSession(this.host, this.workspace, this.jobs);
    child.vars.clear();
    for (const [name, v] of this.vars) child.vars.set(name, { ...v });
    for (const [name, f] of this.functions) child.functions.set(name, f);
    child.aliases.clear();
    for (const [name, a] of this.aliases) child.aliases.set(name, a);
    child.cwd = this.cwd;
    child.status = this.status;
    child.positional = [...this.positional];
    child.history = this.history;
    child.lastBackgroundPid = this.lastBackgroundPid;
    return child;
  }

  /** Whether `source` is a whole command (false: the terminal asks for another line). */
  isComplete(source: string): boolean {
    try {
      parseScript(source);
      return true;
    } catch (err) {
      return !(err instanceof IncompleteInput);
    }
  }

  /**
   * Runs a command line (or several): syntax errors print bash's message with status 2;
   * otherwise the status is the last command's. Ctrl-C (`signal`) ends it with status 130.
   */
  async run(source: string, io: Io, signal: AbortSignal): Promise<number> {
    let script;
    try {
      script = parseScript(source);
    } catch (err) {
      if (err instanceof ShellSyntaxError) {
        io.stderr.write(`bash: ${err.message}\n`);
      } else if (err instanceof IncompleteInput) {
        io.stderr.write(`bash: syntax error: unexpected end of file\n`);
      } else throw err;
      this.status = 2;
      return 2;
    }
    const status = await new Interpreter(this).runScript(script, io, signal);
    this.status = signal.aborted ? 130 : status;
    return this.status;
  }

  /** Runs words as a command (for `watch`, `xargs`, `sudo`, `env`), without parsing them again. */
  runArgv(
    argv: string[],
    io: Io,
    signal: AbortSignal,
    env: Record<string, string> = {},
  ): Promise<number> {
    return new Interpreter(this).runArgv(argv, io, signal, env);
  }
}

export type { Io, OutputStream };
