import type { ShellCommand } from './command.ts';

/** `false`: status 1. */
export const falseCommand: ShellCommand = {
  name: 'false',
  summary: 'Do nothing, unsuccessfully',
  run: async () => 1,
};
