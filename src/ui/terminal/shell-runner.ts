import type { ShellSession } from '../../shell/session.ts';
import type { CommandRunner } from './terminal-session.ts';

/** A terminal's runner over a shell session: its jobs' notices, its history, its `exit`. */
export function shellRunner(shell: ShellSession): CommandRunner {
  return {
    run: (source, io, signal) => shell.run(source, io, signal),
    isComplete: (source) => shell.isComplete(source),
    notices: () => shell.jobs.takeNotices(),
    remember: (line) => {
      shell.history.push(line);
    },
    get exited() {
      return shell.exited;
    },
  };
}
