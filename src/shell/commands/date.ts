import type { ShellCommand } from './command.ts';
import { defaultDate, formatDate } from './date-format.ts';

/** `date [-u] [+FORMAT]`: the current time, in UTC. */
export const date: ShellCommand = {
  name: 'date',
  summary: 'Print the date and time (date +%s, date -u +%FT%TZ)',
  async run(ctx) {
    const now = ctx.session.host.now();
    const args = ctx.argv.slice(1).filter((a) => a !== '-u' && a !== '--utc' && a !== '-R');
    const format = args.find((a) => a.startsWith('+'));
    const bad = args.find((a) => !a.startsWith('+'));
    if (bad) {
      ctx.stderr.write(`date: invalid date ‘${bad}’\n`);
      return 1;
    }
    ctx.stdout.write(`${format ? formatDate(now, format.slice(1)) : defaultDate(now)}\n`);
    return 0;
  },
};
