import { Capture } from '../io/streams.ts';
import { parseOptions, type ShellCommand } from './command.ts';
import { defaultDate } from './date-format.ts';

/**
 * procps `watch [-n SECONDS] [-t] COMMAND`: runs the command (through the shell) every
 * interval, showing its latest output under a header, on the terminal's alternate screen,
 * until Ctrl-C.
 */
export const watch: ShellCommand = {
  name: 'watch',
  summary: 'Run a command every 2 seconds, full screen, until Ctrl-C (-n SECONDS, -t)',
  async run(ctx) {
    // watch's options come before the command; the command's own options are its own.
    const args = ctx.argv.slice(1);
    let i = 0;
    const optionArgs: string[] = [];
    while (i < args.length && args[i].startsWith('-')) {
      if (args[i] === '--') {
        i++;
        break;
      }
      optionArgs.push(args[i]);
      if (/^(-n|--interval)$/.test(args[i])) optionArgs.push(args[++i]);
      i++;
    }
    const { options } = parseOptions(optionArgs, new Set(['n', 'interval']));
    const command = args.slice(i);
    if (command.length === 0) {
      ctx.stderr.write('\nUsage:\n watch [options] command\n');
      return 1;
    }
    const intervalText = (options.get('n') ?? options.get('interval') ?? '2') as string;
    const interval = Number(intervalText.replace(',', '.'));
    if (!Number.isFinite(interval)) {
      ctx.stderr.write(`watch: failed to parse argument: '${intervalText}'\n`);
      return 1;
    }
    const seconds = Math.max(0.1, interval);
    const noTitle = options.has('t') || options.has('no-title');
    const line = command.join(' ');
    const { host } = ctx.session;
    const screen = ctx.stdout.isTerminal;
    if (screen) ctx.stdout.write('\x1b[?1049h');
    try {
      while (!ctx.signal.aborted) {
        const out = new Capture();
        await ctx.session
          .subshell()
          .run(
            line,
            { stdin: { isTerminal: false, read: async () => undefined }, stdout: out, stderr: out },
            ctx.signal,
          );
        if (ctx.signal.aborted) break;
        let text = '';
        if (!noTitle) {
          const left = `Every ${seconds.toFixed(1)}s: ${line}`;
          const right = `playground: ${defaultDate(host.now())}`;
          const width = host.columns();
          const gap = Math.max(1, width - left.length - right.length);
          text += `${left}${' '.repeat(gap)}${right}\n\n`;
        }
        text += out.text;
        ctx.stdout.write(screen ? `\x1b[H\x1b[2J${text}` : text);
        try {
          await host.sleep(seconds * 1000, ctx.signal);
        } catch {
          break;
        }
      }
    } finally {
      if (screen) ctx.stdout.write('\x1b[?1049l');
    }
    return 0;
  },
};
