import type { ShellCommand } from './command.ts';
import { untilAborted } from './command.ts';

/** bash's `wait [%JOB|PID...]`: waits for background jobs; the status of the last one. */
export const wait: ShellCommand = {
  name: 'wait',
  summary: 'Wait for background jobs to finish',
  async run(ctx) {
    const table = ctx.session.jobs;
    const specs = ctx.argv.slice(1);
    const targets = specs.length === 0 ? table.list() : specs.map((s) => table.find(s));
    let status = 0;
    for (const [i, job] of targets.entries()) {
      if (!job) {
        ctx.stderr.write(`bash: wait: ${specs[i]}: no such job\n`);
        status = 127;
        continue;
      }
      const result = await Promise.race([job.done, untilAborted(ctx.signal).then(() => undefined)]);
      if (result === undefined) return 130;
      status = specs.length === 0 ? 0 : result;
    }
    return status;
  },
};
