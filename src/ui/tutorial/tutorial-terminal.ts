import type { Workspace } from '../../shell/workspace.ts';
import type { KubeTerminal } from '../components/kube-terminal.ts';

/** What the tutorial panel needs of the page's terminal. */
export interface TutorialTerminal {
  /** Types `data` into the terminal as if from the keyboard (`\r` ends a line, `\x03` is Ctrl-C). */
  type(data: string): void;
  /** Whether a command runs at the terminal's prompt now. */
  readonly running: boolean;
  /** The terminal's files, which the checks see too (undefined: checks get files of their own). */
  readonly workspace: Workspace | undefined;
}

/**
 * The tutorial panel's view of a kube-terminal found when needed (the page renders it later
 * than the panel, and may re-render it); `beforeType` runs first, so the page can show the
 * terminal's tab before something is typed into it.
 */
export function kubeTerminalPort(
  terminal: () => KubeTerminal | null | undefined,
  beforeType: () => void = () => undefined,
): TutorialTerminal {
  return {
    type(data) {
      beforeType();
      terminal()?.type(data);
    },
    get running() {
      const t = terminal();
      return !!t && t.tabCount > 0 && t.session.running;
    },
    get workspace() {
      return terminal()?.workspace;
    },
  };
}
