import type { ShellCommand } from './command.ts';

/** `true`: status 0 (and `:`, its POSIX spelling). */
export const trueCommand: ShellCommand = {
  name: 'true',
  summary: 'Do nothing, successfully',
  run: async () => 0,
};

export const colon: ShellCommand = {
  name: ':',
  summary: 'Do nothing, successfully',
  run: async () => 0,
};
