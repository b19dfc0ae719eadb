import type { ShellCommand } from './command.ts';

/** `clear`: the terminal's "clear screen and scrollback" sequence, as ncurses' clear writes it. */
export const clear: ShellCommand = {
  name: 'clear',
  summary: 'Clear the terminal screen',
  async run(ctx) {
    ctx.stdout.write('\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
};
