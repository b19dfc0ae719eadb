import type { ShellCommand } from './command.ts';

/** bash's `jobs [-l|-p]`: the background jobs with their state. */
export const jobs: ShellCommand = {
  name: 'jobs',
  summary: 'List background jobs (started with &)',
  async run(ctx) {
    const table = ctx.session.jobs;
    const flag = ctx.argv[1];
    for (const job of table.list()) {
      if (flag === '-p') ctx.stdout.write(`${job.pid}\n`);
      else if (flag === '-l') {
        const line = table.describe(job);
        const at = line.indexOf(' ');
        ctx.stdout.write(`${line.slice(0, at)} ${job.pid}${line.slice(at + 1)}\n`);
      } else ctx.stdout.write(`${table.describe(job)}\n`);
    }
    // Finished jobs shown here are not reported again at the prompt.
    for (const job of table.list()) if (job.state !== 'Running') table.forget(job);
    return 0;
  },
};
