/**
 * Follows a tutorial the way a learner does, against a fresh in-memory playground: each step's
 * sh blocks are typed, line by line, into one real page terminal (so variables exported in one
 * step are there in the next), then the step's checks are polled in their own shell session
 * until all of them pass at once. Used by tutorials.test.ts for every shipped tutorial; a
 * tutorial author can also call it from a scratch test to follow one tutorial alone.
 */
import { KubeTerminal } from '../../src/ui/components/kube-terminal.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import {
  parseTutorial,
  stepChecks,
  stepCommands,
  TutorialParseError,
  type Tutorial,
  type TutorialStep,
} from '../../src/ui/tutorial/parse-tutorial.ts';
import { CheckRunner, describeResult, type ItemResult } from '../../src/ui/tutorial/run-check.ts';
import { testUrls } from '../helpers/worker-urls.ts';
import { mount, settle, unmountAll } from '../ui/views/dom.ts';

/** Real time a step's checks get to pass once its commands have run. */
export const stepCheckDeadlineMs = 90_000;
/** Real time one typed command (not an interrupt one) gets to finish. */
export const commandDeadlineMs = 120_000;
/** How long an `sh interrupt` command runs before Ctrl-C when nothing else decides. */
export const interruptAfterMs = 3_000;
/** Exit statuses that are always a mistake in a tutorial: syntax error, not executable, no such command. */
const mistakes = new Map([
  [2, 'a shell syntax error or usage error'],
  [126, 'not executable'],
  [127, 'command not found'],
]);

/** Fetches and parses `/<file>` (`public/tutorials/<id>.md`); a parse problem fails with every line. */
export async function loadTutorial(
  id: string,
  file = `public/tutorials/${id}.md`,
): Promise<Tutorial> {
  const response = await fetch(`/${file}`);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status} (is the file there?)`);
  try {
    return parseTutorial(await response.text());
  } catch (err) {
    if (err instanceof TutorialParseError)
      throw new Error(
        `${file} does not parse:\n${err.problems.map((p) => `  ${file}:${p.line}: ${p.message}`).join('\n')}`,
      );
    throw err;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with what `promise` gives, or rejects after `ms` with `what` (the promise runs on). */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long each step took, for the log. */
export interface StepTiming {
  title: string;
  ms: number;
  rounds: number;
}

/** Options of followTutorial, for an author following a draft. */
export interface FollowOptions {
  /** Where the Markdown is, from the repository root (default `public/tutorials/<id>.md`). */
  file?: string;
  /** Prints the whole terminal screen with console.warn at the end (passed or failed). */
  printTerminal?: boolean;
}

/**
 * Follows tutorial `id` from its first step to its last; resolves with each step's timing, or
 * rejects with the step, the failing check (command, expectation, what it printed) and the
 * end of the terminal's screen. Boots its own playground and terminates it at the end.
 */
export async function followTutorial(
  id: string,
  options: FollowOptions = {},
): Promise<StepTiming[]> {
  const file = options.file ?? `public/tutorials/${id}.md`;
  const tutorial = await loadTutorial(id, file);
  const p: RunningPlayground = startPlayground({
    database: `tutorial-${id}-${crypto.randomUUID()}`,
    timing: 'tutorial',
    inMemory: true,
    urls: testUrls,
  });
  const terminal = new KubeTerminal();
  // Wide, so that no answer wraps on the screen the failure messages quote.
  terminal.style.width = '1600px';
  terminal.style.height = '600px';
  terminal.style.display = 'flex';
  terminal.playground = p;
  try {
    mount(terminal);
    await settle(terminal);
    await p.ready;
    const checks = new CheckRunner(() => p, terminal.workspace);
    const timings: StepTiming[] = [];
    for (const [index, step] of tutorial.steps.entries()) {
      const started = performance.now();
      const rounds = await followStep(file, index, step, terminal, checks);
      timings.push({ title: step.title, ms: Math.round(performance.now() - started), rounds });
    }
    return timings;
  } finally {
    if (options.printTerminal) console.warn(terminal.lines().join('\n'));
    unmountAll();
    p.terminate();
  }
}

/** The last `n` lines on the terminal's screen, indented, for a failure message. */
function screenTail(terminal: KubeTerminal, n = 40): string {
  return terminal
    .lines()
    .slice(-n)
    .map((l) => `    | ${l}`)
    .join('\n');
}

/** Follows one step; resolves with how many check rounds it took. */
async function followStep(
  file: string,
  index: number,
  step: TutorialStep,
  terminal: KubeTerminal,
  checks: CheckRunner,
): Promise<number> {
  const where = `step ${index + 1} "${step.title}" (${file}:${step.line})`;
  const fail = (what: string) =>
    new Error(`${where}: ${what}\n  terminal (last lines):\n${screenTail(terminal)}`);
  let interrupting = false;
  const stopInterrupt = async () => {
    if (!interrupting) return;
    interrupting = false;
    terminal.type('\x03');
    await within(terminal.idle(), commandDeadlineMs, () => 'Ctrl-C did not stop the command').catch(
      (err: Error) => {
        throw fail(err.message);
      },
    );
  };

  for (const block of stepCommands(step)) {
    if (interrupting) {
      // A learner goes on to the next block after watching for a moment; Run stops it first.
      await pause(interruptAfterMs);
      await stopInterrupt();
    }
    for (const command of block.commands) {
      terminal.type(`${command.replace(/\n/g, '\r')}\r`);
      if (block.interrupt) {
        interrupting = true;
        continue;
      }
      await within(
        terminal.idle(),
        commandDeadlineMs,
        () =>
          fail(
            `this command was still running after ${commandDeadlineMs / 1000} s:\n    ${command}`,
          ).message,
      );
      const status = terminal.shell.status;
      const mistake = mistakes.get(status);
      if (mistake) throw fail(`this command exited ${status} (${mistake}):\n    ${command}`);
    }
  }

  const items = stepChecks(step);
  let rounds = 0;
  if (items.length > 0) {
    const deadline = performance.now() + stepCheckDeadlineMs;
    let last: ItemResult[] = [];
    for (;;) {
      rounds++;
      last = await checks.evaluate(items);
      if (last.every((r) => r.passed)) break;
      if (performance.now() > deadline) {
        const report = last
          .map(
            (r) =>
              `  [${r.passed ? 'x' : ' '}] ${r.item.description}\n${r.results
                .map((c) => `      ${describeResult(c).replace(/\n/g, '\n      ')}`)
                .join('\n')}`,
          )
          .join('\n');
        throw fail(
          `the checks did not all pass within ${stepCheckDeadlineMs / 1000} s (${rounds} rounds); last round:\n${report}`,
        );
      }
      await pause(250);
    }
  } else if (interrupting) {
    await pause(interruptAfterMs);
  }
  await stopInterrupt();
  return rounds;
}
