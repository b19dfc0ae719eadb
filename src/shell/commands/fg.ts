import type { ShellCommand } from './command.ts';
import { untilAborted } from './command.ts';

/** bash's `fg [%JOB]`: brings a background job to the foreground (Ctrl-C then ends it). */
export const fg: ShellCommand = {
  name: 'fg',
  summary: 'Bring a background job to the foreground: fg %1',
  async run(ctx) {
    const table = ctx.session.jobs;
    const spec = ctx.argv[1] ?? '%+';
    const job = table.find(spec);
    if (!job) {
      ctx.stderr.write(`bash: fg: ${ctx.argv[1] ?? 'current'}: no such job\n`);
      return 1;
    }
    ctx.stdout.write(`${job.command}\n`);
    const result = await Promise.race([job.done, untilAborted(ctx.signal).then(() => undefined)]);
    if (result === undefined) {
      job.kill();
      await job.done;
      table.forget(job);
      return 130;
    }
    table.forget(job);
    return result;
  },
};
