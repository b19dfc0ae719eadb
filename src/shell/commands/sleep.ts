import type { ShellCommand } from './command.ts';
import { parseDuration } from './duration.ts';

/** `sleep NUMBER[SUFFIX]...`: waits for the sum of the durations (Ctrl-C ends it). */
export const sleep: ShellCommand = {
  name: 'sleep',
  summary: 'Wait for a time: sleep 5, sleep 0.5, sleep 1m',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      ctx.stderr.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
      return 1;
    }
    let total = 0;
    for (const arg of args) {
      const ms = parseDuration(arg);
      if (ms === undefined) {
        ctx.stderr.write(
          `sleep: invalid time interval ‘${arg}’\nTry 'sleep --help' for more information.\n`,
        );
        return 1;
      }
      total += ms;
    }
    try {
      await ctx.session.host.sleep(total, ctx.signal);
    } catch {
      return 130;
    }
    return 0;
  },
};
