import { Capture, nullInput } from '../../shell/io/streams.ts';
import { ShellSession } from '../../shell/session.ts';
import { Workspace } from '../../shell/workspace.ts';
import type { Playground } from '../playground-api.ts';
import { playgroundShellHost } from '../terminal/playground-shell-host.ts';
import type { CheckCommand, CheckItem, Expectation } from './parse-tutorial.ts';

/** How long one check command may run before it counts as failed (a `-w` left in by mistake). */
export const checkTimeoutMs = 15_000;

/** What one check command did, and whether that meets its expectation. */
export interface CheckResult {
  check: CheckCommand;
  passed: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the command ran out of time. */
  timedOut?: boolean;
}

/** Whether a command's exit status and stdout meet an expectation (see Expectation). */
export function meetsExpectation(expect: Expectation, exitCode: number, stdout: string): boolean {
  switch (expect.kind) {
    case 'exit-zero':
      return exitCode === 0;
    case 'equals':
      return stdout.trim() === expect.text;
    case 'matches':
      // Without its final newline, so that `$` ends a one-line answer as an author expects.
      return new RegExp(expect.pattern).test(stdout.replace(/\n$/, ''));
  }
}

/** One line saying what a check expected and what it got, for a test failure or a tooltip. */
export function describeResult(result: CheckResult): string {
  const { expect } = result.check;
  const wanted =
    expect.kind === 'exit-zero'
      ? 'exit status 0'
      : expect.kind === 'equals'
        ? `stdout ${JSON.stringify(expect.text)}`
        : `stdout matching /${expect.pattern}/`;
  const got = [
    result.timedOut ? `still running after ${checkTimeoutMs / 1000} s` : `exit ${result.exitCode}`,
    `stdout ${JSON.stringify(result.stdout)}`,
    ...(result.stderr ? [`stderr ${JSON.stringify(result.stderr)}`] : []),
  ].join(', ');
  return `${result.passed ? 'passed' : 'failed'}: ${result.check.command}\n  wanted ${wanted}\n  got ${got}`;
}

/**
 * Runs tutorial checks in a shell session of its own next to the learner's terminal: the same
 * shell (src/shell) and cluster the terminal uses, the same files when given the terminal's
 * workspace, but its own variables, so a check never depends on what the learner exported.
 * The session persists between checks (a `cd` in one is seen by the next). Runs are not meant
 * to overlap: callers evaluate one round at a time.
 */
export class CheckRunner {
  private readonly shell: ShellSession;

  constructor(
    playground: () => Playground | undefined,
    workspace: Workspace = new Workspace(),
    private readonly timeoutMs = checkTimeoutMs,
  ) {
    this.shell = new ShellSession(
      playgroundShellHost(playground, { columns: () => 200 }),
      workspace,
    );
  }

  /** Runs one check command; never throws (a failure to run is a failed check). */
  async run(check: CheckCommand, signal?: AbortSignal): Promise<CheckResult> {
    const stdout = new Capture();
    const stderr = new Capture();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const stop = () => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    let exitCode: number;
    try {
      exitCode = await this.shell.run(
        check.command,
        { stdin: nullInput, stdout, stderr },
        controller.signal,
      );
    } catch (err) {
      stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      exitCode = 1;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
    const passed = !timedOut && meetsExpectation(check.expect, exitCode, stdout.text);
    return {
      check,
      passed,
      exitCode,
      stdout: stdout.text,
      stderr: stderr.text,
      ...(timedOut ? { timedOut } : {}),
    };
  }

  /**
   * Runs every command of the items, one after another, and says which items hold (all of an
   * item's commands passed). Commands after a failed one in the same item still run, so every
   * result is there to show.
   */
  async evaluate(items: readonly CheckItem[], signal?: AbortSignal): Promise<ItemResult[]> {
    const out: ItemResult[] = [];
    for (const item of items) {
      const results: CheckResult[] = [];
      for (const check of item.commands) {
        if (signal?.aborted) break;
        results.push(await this.run(check, signal));
      }
      out.push({
        item,
        results,
        passed: results.length === item.commands.length && results.every((r) => r.passed),
      });
    }
    return out;
  }
}

/** An item's verdict in one round: it holds when every one of its commands passed. */
export interface ItemResult {
  item: CheckItem;
  results: CheckResult[];
  passed: boolean;
}
