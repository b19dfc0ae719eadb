import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { LitElement, css, html } from 'lit';
import type { Playground } from '../playground-api.ts';
import { complete, type CompletableCommand } from '../terminal/completion.ts';
import { playgroundCompletion } from '../terminal/playground-completion.ts';
import { TerminalSession } from '../terminal/terminal-session.ts';
import { xtermStyles } from '../terminal/xterm-styles.ts';
import { define } from './define.ts';

const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
const banner = `Try ${bold('kubectl version')} or ${bold('kubectl get pods')} (k works too).\nTab completes, ↑ recalls, Ctrl-R searches, Ctrl-C interrupts.\n`;

/**
 * A terminal with a `$ ` prompt running kubectl against the playground: xterm.js for the
 * screen, TerminalSession for everything typed. Ctrl-C copies while text is selected, else
 * interrupts; Ctrl-V / Ctrl-Shift-V paste; Shift+Tab moves the focus on.
 */
export class KubeTerminal extends LitElement {
  static override properties = {
    playground: { attribute: false },
    commands: { attribute: false },
  };

  static override styles = [
    xtermStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        min-height: 0;
        background: #1f2328;
        border-radius: 8px;
        padding: 0.4rem 0 0.4rem 0.55rem;
        box-sizing: border-box;
      }
      .screen {
        width: 100%;
        height: 100%;
      }
    `,
  ];

  declare playground: Playground | undefined;
  /** The kubectl commands Tab completes; the registered ones by default. */
  declare commands: readonly CompletableCommand[] | undefined;

  /** The xterm instance, once rendered. */
  terminal: Terminal | undefined;
  readonly session: TerminalSession;
  private fit: FitAddon | undefined;
  private resizer: ResizeObserver | undefined;

  constructor() {
    super();
    this.playground = undefined;
    this.commands = undefined;
    this.session = new TerminalSession({
      write: (data) => this.terminal?.write(data),
      clear: () => this.terminal?.clear(),
      kubectl: (line, options) => {
        if (!this.playground) return Promise.reject(new Error('the cluster is not running'));
        return this.playground.kubectl(line, options);
      },
      complete: (line, cursor) => {
        if (!this.playground) return Promise.resolve({ start: cursor, candidates: [] });
        return complete(line, cursor, playgroundCompletion(this.playground, this.commands));
      },
    });
  }

  override render() {
    return html`<div class="screen" aria-label="kubectl terminal"></div>`;
  }

  override firstUpdated(): void {
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
    term.onData((data) => this.session.input(data));
    term.open(this.renderRoot.querySelector<HTMLElement>('.screen')!);
    this.terminal = term;
    this.fit = fit;
    this.refit();
    this.resizer = new ResizeObserver(() => this.refit());
    this.resizer.observe(this);
    this.session.start(banner);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.terminal) this.resizer?.observe(this);
  }

  /** Gives the terminal the keyboard. */
  override focus(): void {
    this.terminal?.focus();
  }

  /** Types `data` as if from the keyboard. */
  type(data: string): void {
    this.session.input(data);
  }

  /** Resolves once the typed input is handled and written to the screen. */
  async idle(): Promise<void> {
    await this.session.idle();
    // An empty write would call back before earlier writes are parsed; a no-op sequence waits.
    await new Promise<void>((resolve) =>
      this.terminal ? this.terminal.write('\x1b[0m', resolve) : resolve(),
    );
  }

  /** The screen's lines (scrollback included), trailing blanks trimmed. */
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
    if (!this.fit || this.offsetWidth === 0) return;
    try {
      this.fit.fit();
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
