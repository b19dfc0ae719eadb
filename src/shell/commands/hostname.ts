import type { ShellCommand } from './command.ts';

/** `hostname` (`-I`: the machine's address on the cluster's network, as kind's docker bridge gives it). */
export const hostname: ShellCommand = {
  name: 'hostname',
  summary: "Print the machine's name (-I: its address)",
  async run(ctx) {
    ctx.stdout.write(
      ctx.argv[1] === '-I' || ctx.argv[1] === '-i' ? '172.18.0.1 \n' : 'playground\n',
    );
    return 0;
  },
};
