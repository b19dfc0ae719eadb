/**
 * A shell session's background jobs (`cmd &`): numbered as bash numbers them, with the `+`
 * (current) and `-` (previous) marks, listed by `jobs`, stopped by `kill %N`, awaited by
 * `wait` and `fg`, and reported once finished (`[1]+  Done  sleep 1`) before the next prompt.
 */

export type JobState = 'Running' | 'Done' | 'Terminated';

export interface Job {
  id: number;
  pid: number;
  command: string;
  state: JobState;
  /** The exit status once finished. */
  status: number | undefined;
  /** Resolves to the exit status. */
  readonly done: Promise<number>;
  /** Ends the job (SIGTERM): aborts what it runs. */
  kill(): void;
}

/** Process ids handed out to jobs (and `$$`), starting where a fresh login might. */
let nextPid = 2000;

/** A new process id. */
export function newPid(): number {
  return nextPid++;
}

export class JobTable {
  private readonly jobs: Job[] = [];
  private readonly finished: Job[] = [];

  /** Starts `run` as a background job; `run` gets the signal that `kill` aborts. */
  start(command: string, run: (signal: AbortSignal) => Promise<number>): Job {
    const controller = new AbortController();
    const id = this.jobs.length === 0 ? 1 : Math.max(...this.jobs.map((j) => j.id)) + 1;
    let killed = false;
    const job: Job = {
      id,
      pid: newPid(),
      command,
      state: 'Running',
      status: undefined,
      done: undefined as unknown as Promise<number>,
      kill: () => {
        killed = true;
        controller.abort(new Error('Terminated'));
      },
    };
    (job as { done: Promise<number> }).done = (async () => {
      let status: number;
      try {
        status = await run(controller.signal);
      } catch {
        status = 1;
      }
      if (killed) status = 143;
      job.status = status;
      job.state = killed ? 'Terminated' : 'Done';
      this.finished.push(job);
      return status;
    })();
    this.jobs.push(job);
    return job;
  }

  /** The jobs not yet reported as finished, in number order. */
  list(): Job[] {
    return [...this.jobs];
  }

  /** `%N`, `%%`, `%+`, `%-`, `%name`, `%?text` or a process id. */
  find(spec: string): Job | undefined {
    if (/^\d+$/.test(spec)) return this.jobs.find((j) => j.pid === Number(spec));
    if (!spec.startsWith('%')) return undefined;
    const rest = spec.slice(1);
    if (rest === '' || rest === '%' || rest === '+') return this.current();
    if (rest === '-') return this.previous();
    if (/^\d+$/.test(rest)) return this.jobs.find((j) => j.id === Number(rest));
    if (rest.startsWith('?')) return this.jobs.find((j) => j.command.includes(rest.slice(1)));
    return this.jobs.find((j) => j.command.startsWith(rest));
  }

  current(): Job | undefined {
    return this.jobs[this.jobs.length - 1];
  }

  previous(): Job | undefined {
    return this.jobs[this.jobs.length - 2];
  }

  /** `+`, `-` or ` `: how `jobs` marks a job. */
  mark(job: Job): string {
    if (job === this.current()) return '+';
    if (job === this.previous()) return '-';
    return ' ';
  }

  /** bash's line for a job: `[1]+  Running                 kubectl proxy &`. */
  describe(job: Job): string {
    const state =
      job.state === 'Running'
        ? 'Running'
        : job.state === 'Terminated'
          ? 'Terminated'
          : job.status === 0
            ? 'Done'
            : `Exit ${job.status}`;
    const command = job.state === 'Running' ? `${job.command} &` : job.command;
    return `[${job.id}]${this.mark(job)}  ${state.padEnd(24)}${command}`;
  }

  /** Lines for jobs that finished since the last call; they leave the table. */
  takeNotices(): string[] {
    const lines = this.finished.map((job) => this.describe(job));
    for (const job of this.finished.splice(0)) this.forget(job);
    return lines;
  }

  /** Drops a finished job without a notice (`wait` or `fg` collected it). */
  forget(job: Job): void {
    const i = this.jobs.indexOf(job);
    if (i >= 0) this.jobs.splice(i, 1);
    const f = this.finished.indexOf(job);
    if (f >= 0) this.finished.splice(f, 1);
  }
}
