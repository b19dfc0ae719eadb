import type { ShellCommand } from './command.ts';

const signals = [
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
];

/** bash's `kill [-SIGNAL] %JOB|PID...`: ends background jobs. */
export const kill: ShellCommand = {
  name: 'kill',
  summary: 'End a background job: kill %1 (or its process id)',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '-l' || args[0] === '-L') {
      ctx.stdout.write(
        `${signals.map((s, i) => `${String(i + 1).padStart(2)}) SIG${s}`).join('\t')}\n`,
      );
      return 0;
    }
    if (args[0] === '-s' || args[0] === '-n') args.splice(0, 2);
    else if (args[0]?.startsWith('-') && args[0].length > 1) {
      const sig = args[0].slice(1).toUpperCase().replace(/^SIG/, '');
      if (!/^\d+$/.test(sig) && !signals.includes(sig)) {
        ctx.stderr.write(`bash: kill: ${args[0].slice(1)}: invalid signal specification\n`);
        return 1;
      }
      args.shift();
    }
    if (args.length === 0) {
      ctx.stderr.write(
        'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
      );
      return 2;
    }
    let status = 0;
    for (const spec of args) {
      if (!spec.startsWith('%') && !/^\d+$/.test(spec)) {
        ctx.stderr.write(`bash: kill: ${spec}: arguments must be process or job IDs\n`);
        status = 1;
        continue;
      }
      const job = ctx.session.jobs.find(spec);
      if (!job || job.state !== 'Running') {
        ctx.stderr.write(
          spec.startsWith('%')
            ? `bash: kill: ${spec}: no such job\n`
            : `bash: kill: (${spec}) - No such process\n`,
        );
        status = 1;
        continue;
      }
      job.kill();
    }
    // The job's own promise settles a moment later; let it, so `jobs` right after sees it ended.
    await Promise.resolve();
    return status;
  },
};
