import type { ShellCommand } from './command.ts';

/** `uname [-a|-s|-r|-m|-n]`. */
export const uname: ShellCommand = {
  name: 'uname',
  summary: 'Print the system name (-a: everything)',
  async run(ctx) {
    const parts: Record<string, string> = {
      s: 'Linux',
      n: 'playground',
      r: '6.8.0-playground',
      v: '#1 SMP PREEMPT_DYNAMIC',
      m: 'x86_64',
      o: 'GNU/Linux',
    };
    const flags = ctx.argv.slice(1).join('').replace(/-/g, '');
    if (flags.includes('a')) {
      ctx.stdout.write(`${['s', 'n', 'r', 'v', 'm', 'o'].map((k) => parts[k]).join(' ')}\n`);
      return 0;
    }
    const keys = [...(flags || 's')].filter((k) => parts[k]);
    ctx.stdout.write(`${keys.map((k) => parts[k]).join(' ')}\n`);
    return 0;
  },
};
