import type { ShellCommand } from './command.ts';
import { parseDuration } from './duration.ts';

/** GNU `timeout DURATION COMMAND...`: ends the command after the duration, with status 124. */
export const timeout: ShellCommand = {
  name: 'timeout',
  summary: 'Run a command for at most a time: timeout 10s kubectl get pods -w',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    while (args[0]?.startsWith('-') && args[0] !== '-') {
      const flag = args.shift()!;
      if (flag === '-s' || flag === '-k' || flag === '--signal' || flag === '--kill-after')
        args.shift();
    }
    const [limit, ...command] = args;
    const ms = limit === undefined ? undefined : parseDuration(limit);
    if (ms === undefined) {
      ctx.stderr.write(
        limit === undefined
          ? "timeout: missing operand\nTry 'timeout --help' for more information.\n"
          : `timeout: invalid time interval ‘${limit}’\nTry 'timeout --help' for more information.\n`,
      );
      return 125;
    }
    if (command.length === 0) {
      ctx.stderr.write("timeout: missing operand\nTry 'timeout --help' for more information.\n");
      return 125;
    }
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    ctx.session.host.sleep(ms, controller.signal).then(
      () => {
        timedOut = true;
        controller.abort();
      },
      () => undefined,
    );
    try {
      const status = await ctx.session.runArgv(command, ctx, controller.signal);
      return timedOut ? 124 : status;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted) controller.abort();
    }
  },
};
