import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { define } from '../components/define.ts';
import { buttons, palette } from '../components/theme.ts';
import type { Playground } from '../playground-api.ts';
import {
  parseTutorial,
  stepChecks,
  TutorialParseError,
  type CheckBlock,
  type ShBlock,
  type Tutorial,
  type TutorialStep,
} from './parse-tutorial.ts';
import { renderMarkdown } from './render-markdown.ts';
import { CheckRunner, describeResult, type ItemResult } from './run-check.ts';
import type { TutorialTerminal } from './tutorial-terminal.ts';
import type { Workspace } from '../../shell/workspace.ts';

/** An entry of `index.json`: the tutorials offered, in order. */
export interface TutorialIndexEntry {
  id: string;
  title: string;
  summary: string;
}

/** Detail of `tutorial-change`: the tutorial the learner picked, or '' for the list. */
export interface TutorialChangeDetail {
  id: string;
}

/** Detail of `tutorial-step`: the step shown (1-based) of the tutorial's `steps`. */
export interface TutorialStepDetail {
  id: string;
  step: number;
  steps: number;
}

/**
 * The guided tutorial beside the terminal: with no `tutorial`, the list from `index.json`;
 * with one, its title, the current step's prose (Markdown rendered without HTML), each sh
 * block with a Run button that types it into `terminal`, the step's checks ticked as they pass
 * (evaluated every `checkIntervalMs`, one round at a time, in a shell session of their own,
 * until all pass at once; coming back to the step evaluates them again),
 * and previous/next. Tutorials are fetched from `base` (`./tutorials/` next to the page).
 *
 * With `syncUrl`, the page URL's `?tutorial=<id>&step=<n>` opens a step and follows the learner
 * (history.replaceState). Events (bubbling, composed): `tutorial-change` when the learner picks
 * a tutorial or goes back to the list, `tutorial-step` when the step shown changes, and
 * `tutorial-close` when the learner closes the panel.
 */
export class TutorialPanel extends LitElement {
  static override properties = {
    tutorial: { type: String, reflect: true },
    step: { type: Number, reflect: true },
    playground: { attribute: false },
    terminal: { attribute: false },
    syncUrl: { attribute: false },
    base: { type: String },
    checkIntervalMs: { attribute: false },
    index: { state: true },
    doc: { state: true },
    loadError: { state: true },
    results: { state: true },
    ran: { state: true },
    collapsed: { state: true },
  };

  static override styles = [
    palette,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        background: var(--kp-panel);
        border: 1px solid var(--kp-border);
        border-radius: 8px;
        color: var(--kp-fg);
        font-size: 0.88rem;
        line-height: 1.45;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.45rem 0.7rem;
        border-bottom: 1px solid var(--kp-border);
        flex: none;
      }
      header h2 {
        font-size: 0.95rem;
        margin: 0;
        flex: 1 1 auto;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      header .kicker {
        color: var(--kp-muted);
        font-weight: 400;
        margin-right: 0.3rem;
      }
      header button {
        font-size: 0.75rem;
        padding: 0.1rem 0.5rem;
        flex: none;
      }
      .body {
        flex: 1 1 auto;
        min-height: 0;
        overflow: auto;
        padding: 0.2rem 0.9rem 0.6rem;
      }
      .body[hidden] {
        display: none;
      }
      h3 {
        font-size: 1rem;
        margin: 0.7rem 0 0.4rem;
      }
      h3:focus {
        outline: none;
      }
      h3:focus-visible {
        outline: 2px solid var(--kp-accent);
        outline-offset: 2px;
      }
      h4,
      h5,
      h6 {
        font-size: 0.9rem;
        margin: 0.7rem 0 0.3rem;
      }
      p,
      ul,
      ol,
      blockquote {
        margin: 0.45rem 0;
      }
      ul,
      ol {
        padding-left: 1.3rem;
      }
      blockquote {
        border-left: 3px solid var(--kp-border);
        padding-left: 0.7rem;
        color: var(--kp-muted);
      }
      a {
        color: var(--kp-accent);
      }
      code {
        font-family: var(--kp-mono);
        font-size: 0.82em;
        background: var(--kp-grey-bg);
        border-radius: 4px;
        padding: 0.05em 0.3em;
      }
      pre {
        margin: 0;
        padding: 0.5rem 0.6rem;
        overflow-x: auto;
        background: #1f2328;
        color: #e6edf3;
        border-radius: 6px;
        font-size: 0.95em;
      }
      pre code {
        background: none;
        padding: 0;
        color: inherit;
        font-size: 0.8rem;
      }
      pre.shown {
        background: var(--kp-grey-bg);
        color: var(--kp-fg);
        margin: 0.45rem 0;
      }
      .command {
        position: relative;
        margin: 0.5rem 0;
      }
      .command pre {
        padding-right: 4.6rem;
      }
      .command button {
        position: absolute;
        top: 0.35rem;
        right: 0.35rem;
        font-size: 0.75rem;
        padding: 0.1rem 0.55rem;
      }
      .command .ran {
        position: absolute;
        bottom: 0.3rem;
        right: 0.5rem;
        font-size: 0.7rem;
        color: #9198a1;
      }
      .checks {
        list-style: none;
        padding: 0.45rem 0.6rem;
        margin: 0.6rem 0;
        border: 1px solid var(--kp-border);
        border-radius: 6px;
        background: var(--kp-bg);
      }
      .checks li {
        display: flex;
        gap: 0.45rem;
        align-items: baseline;
        margin: 0.15rem 0;
      }
      .checks .mark {
        flex: none;
        width: 1.1rem;
        text-align: center;
        color: var(--kp-muted);
      }
      .checks li.passed .mark {
        color: var(--kp-ok-fg);
        font-weight: 700;
      }
      .checks li.passed {
        color: var(--kp-ok-fg);
      }
      footer {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.45rem 0.7rem;
        border-top: 1px solid var(--kp-border);
        flex: none;
      }
      footer .progress {
        flex: 1 1 auto;
        text-align: center;
        color: var(--kp-muted);
        font-size: 0.8rem;
      }
      footer .progress.done {
        color: var(--kp-ok-fg);
        font-weight: 600;
      }
      .list {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
      }
      .list li {
        margin: 0.35rem 0;
      }
      .list button {
        display: block;
        width: 100%;
        text-align: left;
        padding: 0.45rem 0.6rem;
      }
      .list .summary {
        display: block;
        color: var(--kp-muted);
        font-size: 0.8rem;
      }
      .error {
        color: var(--kp-failed-fg);
        white-space: pre-wrap;
      }
      .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      button:focus-visible {
        outline: 2px solid var(--kp-accent);
        outline-offset: 1px;
      }
    `,
  ];

  /** The tutorial shown (its id in index.json); '' shows the list. */
  declare tutorial: string;
  /** The step shown, 1-based. */
  declare step: number;
  declare playground: Playground | undefined;
  /** Where Run types; no terminal, no Run buttons. */
  declare terminal: TutorialTerminal | undefined;
  /** Whether the page URL says (and opens) the tutorial and step. */
  declare syncUrl: boolean;
  /** The folder tutorials and index.json are fetched from, relative to the page. */
  declare base: string;
  declare checkIntervalMs: number;
  declare index: TutorialIndexEntry[] | undefined;
  declare doc: Tutorial | undefined;
  declare loadError: string;
  /** The current step's checks as last evaluated (undefined before the first round). */
  declare results: ItemResult[] | undefined;
  /** Indexes of the current step's sh blocks that were run from the panel. */
  declare ran: ReadonlySet<number>;
  declare collapsed: boolean;

  /** The sh interrupt block started from the panel, while it may still run. */
  private interruptBlock: number | undefined;
  private loading = 0;
  private loop: { controller: AbortController; done: Promise<void> } | undefined;
  private runner:
    { runner: CheckRunner; playground: Playground; workspace: Workspace | undefined } | undefined;
  /** Focus the step heading after the learner moved to another step. */
  private focusStep = false;

  constructor() {
    super();
    this.tutorial = '';
    this.step = 1;
    this.playground = undefined;
    this.terminal = undefined;
    this.syncUrl = false;
    this.base = './tutorials/';
    this.checkIntervalMs = 1000;
    this.index = undefined;
    this.doc = undefined;
    this.loadError = '';
    this.results = undefined;
    this.ran = new Set();
    this.collapsed = false;
  }

  /** The step shown, once the tutorial is loaded. */
  get currentStep(): TutorialStep | undefined {
    return this.doc?.steps[this.step - 1];
  }

  /** Whether every check of the shown step passed in the last round (no checks: all blocks ran). */
  get stepDone(): boolean {
    const step = this.currentStep;
    if (!step) return false;
    if (stepChecks(step).length === 0) {
      const blocks = step.parts.filter((p) => p.kind === 'sh').length;
      return this.ran.size >= blocks;
    }
    return !!this.results && this.results.every((r) => r.passed);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.doc) this.restartChecks();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopChecks();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('tutorial') || changed.has('base')) {
      // Another tutorial starts at its first step, unless a step was given with it.
      if (changed.get('tutorial') !== undefined && !changed.has('step')) this.step = 1;
      void this.load();
    }
    if (changed.has('step') && this.doc) {
      const clamped = Math.min(Math.max(1, Math.trunc(this.step) || 1), this.doc.steps.length);
      if (clamped !== this.step) this.step = clamped;
    }
    if ((changed.has('step') && changed.get('step') !== undefined) || changed.has('doc'))
      this.leaveStep();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const stepChanged = changed.has('step') || changed.has('doc');
    if (stepChanged) {
      if (this.doc) {
        this.writeUrl();
        this.dispatchEvent(
          new CustomEvent<TutorialStepDetail>('tutorial-step', {
            detail: { id: this.tutorial, step: this.step, steps: this.doc.steps.length },
            bubbles: true,
            composed: true,
          }),
        );
      }
    }
    if (stepChanged || changed.has('playground')) this.restartChecks();
    if (this.focusStep && stepChanged) {
      this.focusStep = false;
      const body = this.renderRoot.querySelector<HTMLElement>('.body');
      if (body) body.scrollTop = 0;
      this.renderRoot.querySelector<HTMLElement>('#step-title')?.focus();
    }
  }

  /** Shows step `n` (1-based) and gives its heading the focus. */
  goTo(n: number): void {
    if (!this.doc) return;
    const target = Math.min(Math.max(1, n), this.doc.steps.length);
    if (target === this.step) return;
    this.focusStep = true;
    this.step = target;
  }

  private async load(): Promise<void> {
    const token = ++this.loading;
    this.stopChecks();
    this.doc = undefined;
    this.loadError = '';
    const id = this.tutorial;
    try {
      if (!id) {
        this.writeUrl();
        const response = await fetch(new URL('index.json', this.baseUrl()));
        if (!response.ok) throw new Error(`index.json: HTTP ${response.status}`);
        const index = (await response.json()) as TutorialIndexEntry[];
        if (token === this.loading) this.index = index;
        return;
      }
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`"${id}" is not a tutorial id`);
      const response = await fetch(new URL(`${id}.md`, this.baseUrl()));
      if (!response.ok)
        throw new Error(
          response.status === 404
            ? `There is no tutorial "${id}".`
            : `${id}.md: HTTP ${response.status}`,
        );
      const doc = parseTutorial(await response.text());
      if (token !== this.loading) return;
      this.step = Math.min(Math.max(1, this.urlStep(id) ?? this.step), doc.steps.length);
      this.doc = doc;
    } catch (err) {
      if (token !== this.loading) return;
      this.loadError =
        err instanceof TutorialParseError
          ? `${id}.md has problems:\n${err.message}`
          : err instanceof Error
            ? err.message
            : String(err);
    }
  }

  private baseUrl(): URL {
    return new URL(this.base.endsWith('/') ? this.base : `${this.base}/`, document.baseURI);
  }

  /** The step the page URL asks for, when it names this tutorial. */
  private urlStep(id: string): number | undefined {
    if (!this.syncUrl) return undefined;
    const params = new URLSearchParams(location.search);
    if (params.get('tutorial') !== id) return undefined;
    const n = Number(params.get('step'));
    return Number.isInteger(n) && n >= 1 ? n : undefined;
  }

  private writeUrl(): void {
    if (!this.syncUrl) return;
    const url = new URL(location.href);
    if (this.tutorial && this.doc) {
      url.searchParams.set('tutorial', this.tutorial);
      url.searchParams.set('step', String(this.step));
    } else {
      url.searchParams.delete('tutorial');
      url.searchParams.delete('step');
    }
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  /** Leaving a step: a command it started that runs until stopped gets Ctrl-C. */
  private leaveStep(): void {
    this.stopInterrupt();
    this.results = undefined;
    this.ran = new Set();
  }

  private stopInterrupt(): void {
    if (this.interruptBlock !== undefined && this.terminal?.running) this.terminal.type('\x03');
    this.interruptBlock = undefined;
  }

  private runBlock(block: ShBlock, index: number): void {
    const terminal = this.terminal;
    if (!terminal) return;
    this.stopInterrupt();
    terminal.type(block.commands.map((c) => `${c.replace(/\n/g, '\r')}\r`).join(''));
    if (block.interrupt) this.interruptBlock = index;
    this.ran = new Set([...this.ran, index]);
  }

  private stopChecks(): void {
    this.loop?.controller.abort();
  }

  /**
   * Starts evaluating the shown step's checks every `checkIntervalMs` until they all pass in
   * one round; a round waits for the previous loop's last round, so two evaluations never
   * overlap.
   */
  private restartChecks(): void {
    const previous = this.loop;
    previous?.controller.abort();
    const step = this.currentStep;
    const playground = this.playground;
    if (!step || !playground || !this.isConnected) {
      this.loop = undefined;
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    const items = stepChecks(step);
    const done = (async () => {
      await previous?.done;
      try {
        await playground.ready;
      } catch {
        return;
      }
      // Once every check passed, the step stays done and the checks stop: they are real
      // requests (a curl to the app shows in its log), not to be repeated for nothing.
      let passed = false;
      while (!signal.aborted) {
        if (items.length > 0 && !passed && document.visibilityState !== 'hidden') {
          const results = await this.checkRunner(playground).evaluate(items, signal);
          if (signal.aborted) break;
          this.results = results;
          passed = results.every((r) => r.passed);
        } else {
          // The Run buttons follow the terminal (Stop while an interrupt command runs).
          this.requestUpdate();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.checkIntervalMs);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    })();
    this.loop = { controller, done };
  }

  private checkRunner(playground: Playground): CheckRunner {
    const workspace = this.terminal?.workspace;
    if (this.runner?.playground !== playground || this.runner.workspace !== workspace)
      this.runner = {
        runner: new CheckRunner(() => this.playground, workspace),
        playground,
        workspace,
      };
    return this.runner.runner;
  }

  private pick(id: string): void {
    this.tutorial = id;
    this.step = 1;
    this.dispatchEvent(
      new CustomEvent<TutorialChangeDetail>('tutorial-change', {
        detail: { id },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private close(): void {
    this.stopInterrupt();
    this.stopChecks();
    if (this.syncUrl) {
      const url = new URL(location.href);
      url.searchParams.delete('tutorial');
      url.searchParams.delete('step');
      history.replaceState(history.state, '', url);
    }
    this.dispatchEvent(new CustomEvent('tutorial-close', { bubbles: true, composed: true }));
  }

  override render() {
    const doc = this.doc;
    const title = doc?.title ?? (this.tutorial ? 'Loading…' : 'Tutorials');
    return html`
      <header>
        <h2>${doc ? html`<span class="kicker">Tutorial</span> ` : nothing}${title}</h2>
        ${
          this.tutorial
            ? html`<button @click=${() => this.pick('')} title="All tutorials">
                All tutorials
              </button>`
            : nothing
        }
        <button
          aria-expanded=${this.collapsed ? 'false' : 'true'}
          aria-controls="tutorial-body"
          @click=${() => (this.collapsed = !this.collapsed)}
        >
          ${this.collapsed ? 'Show' : 'Hide'}
        </button>
        <button aria-label="Close the tutorial" title="Close" @click=${() => this.close()}>
          ×
        </button>
      </header>
      <div class="body" id="tutorial-body" ?hidden=${this.collapsed}>
        ${
          this.loadError
            ? html`<p class="error" role="alert">${this.loadError}</p>`
            : !this.tutorial
              ? this.renderList()
              : doc
                ? this.renderStep(doc)
                : html`<p>Loading…</p>`
        }
      </div>
      ${doc && !this.collapsed ? this.renderFooter(doc) : nothing}
    `;
  }

  private renderList() {
    if (!this.index) return html`<p>Loading…</p>`;
    return html`<p>Pick a tutorial. Each step explains what to do and checks the cluster.</p>
      <ul class="list">
        ${this.index.map(
          (entry) =>
            html`<li>
              <button @click=${() => this.pick(entry.id)}>
                <strong>${entry.title}</strong>
                <span class="summary">${entry.summary}</span>
              </button>
            </li>`,
        )}
      </ul>`;
  }

  private renderStep(doc: Tutorial) {
    const step = doc.steps[this.step - 1];
    if (!step) return nothing;
    let checkIndex = 0;
    return html`
      ${this.step === 1 && doc.intro ? renderMarkdown(doc.intro) : nothing}
      <h3 id="step-title" tabindex="-1">${this.step}. ${step.title}</h3>
      ${step.parts.map((part, i) => {
        if (part.kind === 'prose') return renderMarkdown(part.markdown);
        if (part.kind === 'sh') return this.renderSh(part, this.shIndex(step, i));
        const first = checkIndex;
        checkIndex += part.items.length;
        return this.renderChecks(part, first);
      })}
    `;
  }

  /** The index of the part at `partIndex` among the step's sh blocks. */
  private shIndex(step: TutorialStep, partIndex: number): number {
    return step.parts.slice(0, partIndex).filter((p) => p.kind === 'sh').length;
  }

  private renderSh(block: ShBlock, index: number) {
    const running = this.interruptBlock === index && !!this.terminal?.running;
    const firstLine = block.commands[0]?.split('\n')[0] ?? '';
    return html`<div class="command">
      <pre><code>${block.source}</code></pre>
      ${
        this.terminal
          ? running
            ? html`<button @click=${() => this.stopInterrupt()} aria-label="Stop: ${firstLine}">
                Stop
              </button>`
            : html`<button
                class="run"
                @click=${() => this.runBlock(block, index)}
                aria-label="Run: ${firstLine}${block.commands.length > 1 ? ' …' : ''}"
                title="Type this into the terminal"
              >
                Run
              </button>`
          : nothing
      }
      ${this.ran.has(index) && !running ? html`<span class="ran">ran</span>` : nothing}
    </div>`;
  }

  private renderChecks(block: CheckBlock, first: number) {
    return html`<ul class="checks" aria-label="Checks">
      ${block.items.map((item, i) => {
        const result = this.results?.[first + i];
        const passed = !!result?.passed;
        const failing = result?.results.find((r) => !r.passed);
        return html`<li
          class=${passed ? 'passed' : 'pending'}
          title=${failing ? describeResult(failing) : ''}
        >
          <span class="mark" aria-hidden="true">${passed ? '✓' : '○'}</span>
          <span>${item.description}</span>
          <span class="sr-only">${passed ? '(done)' : '(not yet)'}</span>
        </li>`;
      })}
    </ul>`;
  }

  private renderFooter(doc: Tutorial) {
    const n = doc.steps.length;
    const done = this.stepDone;
    const hasChecks = !!this.currentStep && stepChecks(this.currentStep).length > 0;
    const status = done
      ? this.step === n
        ? 'Tutorial complete'
        : 'Step done'
      : hasChecks
        ? this.results
          ? 'Waiting for the checks'
          : 'Checking…'
        : 'Run the commands, then go on';
    return html`<footer>
      <button ?disabled=${this.step <= 1} @click=${() => this.goTo(this.step - 1)}>
        ← Previous
      </button>
      <span class="progress ${done ? 'done' : ''}" aria-live="polite">
        Step ${this.step} of ${n} · ${status}
      </span>
      <button
        class=${done && this.step < n ? 'primary' : ''}
        ?disabled=${this.step >= n}
        @click=${() => this.goTo(this.step + 1)}
      >
        Next →
      </button>
    </footer>`;
  }
}

define('kube-tutorial-panel', TutorialPanel);

declare global {
  interface HTMLElementTagNameMap {
    'kube-tutorial-panel': TutorialPanel;
  }
}
