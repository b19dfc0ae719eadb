import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { LitElement, css, html } from 'lit';
import type { PageAction } from '../../shell/host.ts';
import { commandTable } from '../../shell/commands/index.ts';
import { ShellSession } from '../../shell/session.ts';
import { Workspace, workspaceCompletions } from '../../shell/workspace.ts';
import type { Playground } from '../playground-api.ts';
import { complete, type CompletableCommand } from '../terminal/completion.ts';
import { playgroundCompletion } from '../terminal/playground-completion.ts';
import { playgroundShellHost } from '../terminal/playground-shell-host.ts';
import { shellRunner } from '../terminal/shell-runner.ts';
import { TerminalSession, type CommandRunner } from '../terminal/terminal-session.ts';
import { xtermStyles } from '../terminal/xterm-styles.ts';
import { define } from './define.ts';

const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
const banner = `A shell next to the cluster: try ${bold('kubectl get pods')} (k works too) or ${bold('help')}.\nTab completes, ↑ recalls, Ctrl-R searches, Ctrl-C interrupts; + opens another terminal.\n`;

/** Detail of `terminal-command`: a command line the shell finished, and its exit status. */
export interface TerminalCommandDetail {
  command: string;
  exitCode: number;
}

/** One terminal tab: its screen, its shell, its session. */
interface Tab {
  id: number;
  terminal: Terminal;
  fit: FitAddon;
  screen: HTMLElement;
  shell: ShellSession;
  session: TerminalSession;
}

/**
 * Terminals running a shell next to the playground's cluster, in tabs (a second one for
 * `kubectl proxy` or `kubectl get pods -w`): xterm.js for each screen, a TerminalSession for
 * what is typed, a ShellSession of its own (variables, jobs), and one workspace of files for
 * all tabs. Ctrl-C copies while text is selected, else interrupts; Ctrl-V / Ctrl-Shift-V paste;
 * Shift+Tab moves the focus on. `exit` closes a tab (the last one starts a fresh shell).
 */
export class KubeTerminal extends LitElement {
  static override properties = {
    playground: { attribute: false },
    commands: { attribute: false },
    focusOnStart: { attribute: false },
    active: { state: true },
    tabIds: { state: true },
  };

  static override styles = [
    xtermStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-width: 0;
        min-height: 0;
        background: #1f2328;
        border-radius: 8px;
        box-sizing: border-box;
      }
      .tabs {
        display: flex;
        gap: 0.15rem;
        padding: 0.25rem 0.4rem 0;
        flex: none;
        font:
          0.75rem ui-monospace,
          SFMono-Regular,
          Menlo,
          Consolas,
          monospace;
      }
      .tabs button {
        font: inherit;
        border: none;
        border-radius: 5px 5px 0 0;
        padding: 0.15rem 0.55rem;
        background: transparent;
        color: #9198a1;
        cursor: pointer;
      }
      .tabs button[aria-selected='true'] {
        background: #2d333b;
        color: #e6edf3;
      }
      .tabs .close {
        margin-left: 0.35rem;
        opacity: 0.7;
      }
      .screens {
        flex: 1 1 auto;
        min-height: 0;
        padding: 0.4rem 0 0.4rem 0.55rem;
      }
      .screen {
        width: 100%;
        height: 100%;
      }
      .screen[hidden] {
        display: none;
      }
    `,
  ];

  declare playground: Playground | undefined;
  /** The kubectl commands Tab completes; the registered ones by default. */
  declare commands: readonly CompletableCommand[] | undefined;
  /**
   * Whether the first terminal takes the keyboard when it opens (true); a terminal embedded in
   * a longer page leaves the focus, and the scroll position, where the reader has them.
   */
  declare focusOnStart: boolean;
  /** Index of the tab shown. */
  declare active: number;
  declare tabIds: number[];

  /** The files every tab's shell sees. */
  readonly workspace = new Workspace();
  private readonly tabs: Tab[] = [];
  private nextId = 1;
  private resizer: ResizeObserver | undefined;

  constructor() {
    super();
    this.playground = undefined;
    this.commands = undefined;
    this.focusOnStart = true;
    this.active = 0;
    // The first tab's button renders with the element; its terminal opens once rendered.
    this.tabIds = [1];
  }

  /** The shown tab's xterm, once rendered. */
  get terminal(): Terminal | undefined {
    return this.tabs[this.active]?.terminal;
  }

  /** The shown tab's session (what is typed at its prompt). */
  get session(): TerminalSession {
    return this.tabs[this.active].session;
  }

  /** The shown tab's shell (variables, jobs). */
  get shell(): ShellSession {
    return this.tabs[this.active].shell;
  }

  /** How many terminal tabs are open. */
  get tabCount(): number {
    return this.tabs.length;
  }

  override render() {
    return html`<div class="tabs" role="tablist" aria-label="Terminals">
        ${this.tabIds.map(
          (id, i) =>
            html`<button
              role="tab"
              aria-selected=${i === this.active ? 'true' : 'false'}
              @click=${() => this.selectTab(i)}
            >
              ${`${id}: bash`}${
                this.tabIds.length > 1
                  ? html`<span
                      class="close"
                      role="button"
                      aria-label="Close terminal ${id}"
                      @click=${(e: Event) => {
                        e.stopPropagation();
                        this.closeTab(i);
                      }}
                      >×</span
                    >`
                  : ''
              }
            </button>`,
        )}
        <button aria-label="New terminal" title="New terminal" @click=${() => this.addTab()}>
          +
        </button>
      </div>
      <div class="screens" aria-label="kubectl terminal"></div>`;
  }

  override firstUpdated(): void {
    this.addTab(this.focusOnStart);
    this.resizer = new ResizeObserver(() => this.refit());
    this.resizer.observe(this);
  }

  /** Opens a new terminal tab with a fresh shell, and shows it (giving it the keyboard if `focus`). */
  addTab(focus = true): number {
    const screens = this.renderRoot.querySelector<HTMLElement>('.screens')!;
    const screen = document.createElement('div');
    screen.className = 'screen';
    screens.append(screen);
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: { background: '#1f2328', foreground: '#e6edf3', cursor: '#e6edf3' },
      screenReaderMode: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.attachCustomKeyEventHandler((e) => {
      const key = e.key.toLowerCase();
      if (e.type === 'keydown' && e.ctrlKey && key === 'c' && (e.shiftKey || term.hasSelection())) {
        void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
        term.clearSelection();
        return false;
      }
      // Left to the browser, whose paste event xterm turns into input.
      if (e.ctrlKey && key === 'v') return false;
      // Tab completes; Shift+Tab is left to the browser, to move the focus out of the terminal.
      if (e.key === 'Tab' && e.shiftKey) return false;
      return true;
    });
    const shell = new ShellSession(
      playgroundShellHost(() => this.playground, {
        columns: () => term.cols,
        page: (action) => this.pageAction(action),
      }),
      this.workspace,
    );
    const id = this.nextId++;
    const tab: Tab = { id, terminal: term, fit, screen, shell, session: undefined as never };
    tab.session = new TerminalSession(
      {
        write: (data) => term.write(data),
        clear: () => term.clear(),
        complete: (line, cursor) => {
          if (!this.playground) return Promise.resolve({ start: cursor, candidates: [] });
          return complete(
            line,
            cursor,
            playgroundCompletion(this.playground, this.commands, 'default', {
              commandNames: [
                ...commandTable.keys(),
                ...shell.aliases.keys(),
                ...shell.functions.keys(),
              ],
              files: (prefix) => workspaceCompletions(this.workspace, shell.cwd, prefix),
            }),
          );
        },
        exit: () => this.closeTab(this.tabs.indexOf(tab), true),
      },
      this.reportingRunner(shell),
    );
    term.onData((data) => tab.session.input(data));
    term.open(screen);
    this.tabs.push(tab);
    this.syncTabIds();
    tab.session.start(banner);
    this.selectTab(this.tabs.length - 1, focus);
    return this.tabs.length - 1;
  }

  /** Shows tab `index` and gives it the keyboard (unless `focus` is false). */
  selectTab(index: number, focus = true): void {
    if (index < 0 || index >= this.tabs.length) return;
    this.active = index;
    this.tabs.forEach((t, i) => (t.screen.hidden = i !== index));
    this.refit();
    if (focus) this.tabs[index].terminal.focus();
  }

  /**
   * Closes tab `index`: its shell's jobs end (as closing a terminal window hangs them up). The
   * last tab is not closed; after `exit` it starts again with a fresh shell.
   */
  closeTab(index: number, exited = false): void {
    const tab = this.tabs[index];
    if (!tab) return;
    for (const job of tab.shell.jobs.list()) job.kill();
    if (this.tabs.length === 1) {
      if (!exited) return;
      tab.terminal.write('logout\r\n\r\n');
      this.tabs.splice(0, 1);
      this.addTab();
      tab.terminal.dispose();
      tab.screen.remove();
      return;
    }
    this.tabs.splice(index, 1);
    tab.terminal.dispose();
    tab.screen.remove();
    this.syncTabIds();
    this.selectTab(
      Math.min(
        this.active >= index ? Math.max(0, this.active - 1) : this.active,
        this.tabs.length - 1,
      ),
    );
  }

  /**
   * The shell's runner, sending a bubbling, composed `terminal-command` event after each command
   * line it finished (typed, pasted or given to `type`), for pages that follow what is run.
   */
  private reportingRunner(shell: ShellSession): CommandRunner {
    const runner = shellRunner(shell);
    const run = runner.run;
    runner.run = async (source, io, signal) => {
      const exitCode = await run(source, io, signal);
      this.dispatchEvent(
        new CustomEvent<TerminalCommandDetail>('terminal-command', {
          detail: { command: source, exitCode },
          bubbles: true,
          composed: true,
        }),
      );
      return exitCode;
    };
    return runner;
  }

  /** The tab bar follows the tabs (unchanged ids cause no render). */
  private syncTabIds(): void {
    const ids = this.tabs.map((t) => t.id);
    if (ids.join() !== this.tabIds.join()) this.tabIds = ids;
  }

  private pageAction(action: PageAction): void {
    if (action.kind === 'open') {
      window.open(new URL(action.url, location.href).href, '_blank', 'noopener');
      return;
    }
    this.dispatchEvent(new CustomEvent('show-dashboard', { bubbles: true, composed: true }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.tabs.length > 0) this.resizer?.observe(this);
  }

  /** Gives the shown terminal the keyboard. */
  override focus(): void {
    this.terminal?.focus();
  }

  /** Types `data` into the shown terminal as if from the keyboard. */
  type(data: string): void {
    this.session.input(data);
  }

  /** Resolves once the typed input is handled and written to the screen. */
  async idle(): Promise<void> {
    const tab = this.tabs[this.active];
    if (!tab) return;
    await tab.session.idle();
    // An empty write would call back before earlier writes are parsed; a no-op sequence waits.
    await new Promise<void>((resolve) => tab.terminal.write('\x1b[0m', resolve));
  }

  /** The shown screen's lines (scrollback included), trailing blanks trimmed. */
  lines(): string[] {
    const buffer = this.terminal?.buffer.active;
    if (!buffer) return [];
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++)
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  private refit(): void {
    const tab = this.tabs[this.active];
    if (!tab || this.offsetWidth === 0) return;
    try {
      tab.fit.fit();
    } catch {
      // Not laid out yet; the next resize fits it.
    }
  }
}

define('kube-terminal', KubeTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'kube-terminal': KubeTerminal;
  }
}
