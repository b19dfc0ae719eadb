import { indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, linter, forceLinting, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { LitElement, css, html } from 'lit';
import { manifestDiagnostics } from '../editor/manifest-diagnostics.ts';
import { manifestTemplates, tickerExample } from '../editor/templates.ts';
import { applyFailureLine, applyResultLine, type OutputLine } from '../format/apply-output.ts';
import type { Playground } from '../playground-api.ts';
import { define } from './define.ts';
import { buttons } from './theme.ts';

export { tickerExample };

/** Milliseconds of quiet typing before the manifest is checked again. */
const lintDelayMs = 300;

/**
 * A YAML editor (CodeMirror) for manifests: highlighting, the problems the API server would
 * refuse marked where they are as the user types (manifestDiagnostics), starter templates, and
 * Apply, which applies the text as `kubectl apply -f` does and prints kubectl's line per
 * document. Ctrl+Enter applies; Tab indents (Escape, then Tab, leaves the editor).
 */
export class YamlEditor extends LitElement {
  static override properties = {
    playground: { attribute: false },
    disabled: { type: Boolean },
    output: { state: true },
    busy: { state: true },
    empty: { state: true },
    problems: { state: true },
  };

  static override styles = [
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-width: 0;
        min-height: 0;
        gap: 0.45rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      .toolbar .label {
        font-size: 0.75rem;
        color: var(--kp-muted, #59636e);
      }
      .problems {
        margin-left: auto;
        font-size: 0.75rem;
        color: var(--kp-muted, #59636e);
      }
      .problems.bad {
        color: var(--kp-failed-fg, #a40e26);
      }
      .host {
        flex: 1 1 auto;
        min-height: 12rem;
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 6px;
        overflow: hidden;
        background: #fff;
        display: flex;
      }
      .host .cm-editor {
        flex: 1;
        min-width: 0;
        font-size: 0.8rem;
      }
      .host .cm-editor.cm-focused {
        outline: 2px solid var(--kp-accent, #0969da);
        outline-offset: -2px;
      }
      .host .cm-scroller {
        font-family: var(--kp-mono, monospace);
      }
      .actions {
        display: flex;
        gap: 0.45rem;
        align-items: center;
      }
      .hint {
        font-size: 0.72rem;
        color: var(--kp-muted, #59636e);
        margin-left: auto;
      }
      pre {
        margin: 0;
        padding: 0.45rem 0.55rem;
        background: #f6f8fa;
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 6px;
        font-family: var(--kp-mono, monospace);
        font-size: 0.75rem;
        white-space: pre-wrap;
        word-break: break-word;
        max-height: 8rem;
        overflow: auto;
      }
      .problem-list {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 6.5rem;
        overflow: auto;
        border: 1px solid var(--kp-failed-edge, #cf222e);
        border-radius: 6px;
        background: var(--kp-failed-bg, #ffebe9);
      }
      .problem {
        display: block;
        width: 100%;
        text-align: left;
        border: none;
        border-radius: 0;
        background: none;
        padding: 0.2rem 0.55rem;
        font-family: var(--kp-mono, monospace);
        font-size: 0.75rem;
        color: var(--kp-failed-fg, #a40e26);
        cursor: pointer;
      }
      .problem.warning {
        color: var(--kp-pending-fg, #7d4e00);
      }
      .problem:hover,
      .problem:focus-visible {
        background: rgba(255, 255, 255, 0.6);
      }
      .problem .where {
        font-weight: 600;
      }
      .line.error {
        color: var(--kp-failed-fg, #a40e26);
      }
    `,
  ];

  declare playground: Pick<Playground, 'apply'> | undefined;
  declare disabled: boolean;
  declare output: OutputLine[];
  declare busy: boolean;
  declare empty: boolean;
  /** Errors and warnings found in the text at the last check, with their line numbers. */
  declare problems: { line: number; from: number; message: string; severity: string }[];
  /** The CodeMirror view, once rendered. */
  view: EditorView | undefined;
  private running: Promise<void> | undefined;

  constructor() {
    super();
    this.playground = undefined;
    this.disabled = false;
    this.output = [];
    this.busy = false;
    this.empty = true;
    this.problems = [];
  }

  /** The manifest in the editor. */
  get text(): string {
    return this.view?.state.doc.toString() ?? '';
  }

  /** Replaces the manifest (a template, the example, a test's input). */
  set text(value: string) {
    if (!this.view) return;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
  }

  /** Fills the editor with the ticker Deployment. */
  fillExample(): void {
    this.text = tickerExample;
  }

  /** The problems found in the text now (what the editor marks), checked at once. */
  diagnostics(): Diagnostic[] {
    if (this.view) forceLinting(this.view);
    return manifestDiagnostics(this.text);
  }

  /** Applies the editor's text (or joins the apply under way); resolves once the output shows. */
  apply(): Promise<void> {
    if (!this.running) {
      const text = this.text;
      if (!this.playground || !text.trim()) return Promise.resolve();
      this.running = this.run(this.playground, text).finally(() => (this.running = undefined));
    }
    return this.running;
  }

  private async run(playground: Pick<Playground, 'apply'>, text: string): Promise<void> {
    this.busy = true;
    try {
      this.output = (await playground.apply(text)).flatMap((result) => [
        ...(result.warning ? [{ text: result.warning, error: false }] : []),
        applyResultLine(result),
      ]);
    } catch (err) {
      this.output = [applyFailureLine(err)];
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
  }

  override firstUpdated(): void {
    const host = this.renderRoot.querySelector<HTMLElement>('.host')!;
    this.view = new EditorView({
      parent: host,
      root: this.renderRoot as ShadowRoot,
      state: EditorState.create({
        doc: '',
        extensions: [
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                void this.apply();
                return true;
              },
            },
            indentWithTab,
          ]),
          basicSetup,
          yaml(),
          EditorState.tabSize.of(2),
          lintGutter(),
          linter(
            (view) => {
              const found = manifestDiagnostics(view.state.doc.toString());
              this.problems = found.map((d) => ({
                line: view.state.doc.lineAt(d.from).number,
                from: d.from,
                message: d.message,
                severity: d.severity,
              }));
              return found;
            },
            { delay: lintDelayMs },
          ),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) this.empty = update.state.doc.toString().trim() === '';
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'YAML manifest' }),
        ],
      }),
    });
  }

  /** Puts the cursor on a problem and gives the editor the keyboard. */
  private jumpTo(from: number): void {
    if (!this.view) return;
    this.view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
    this.view.focus();
  }

  /** Gives the editor the keyboard. */
  override focus(): void {
    this.view?.focus();
  }

  override render() {
    return html`
      <div class="toolbar">
        <span class="label">Start from:</span>
        <button class="example" @click=${() => this.fillExample()}>Example</button>
        ${manifestTemplates.map(
          (t) =>
            html`<button class="template" @click=${() => (this.text = t.text)}>${t.label}</button>`,
        )}
        <span class="problems ${this.problems.length ? 'bad' : ''}" aria-live="polite"
          >${this.empty ? '' : problemCount(this.problems.length)}</span
        >
      </div>
      <div class="host"></div>
      ${
        this.problems.length
          ? html`<ul class="problem-list" aria-label="Problems">
              ${this.problems.map(
                (p) =>
                  html`<li>
                    <button class="problem ${p.severity}" @click=${() => this.jumpTo(p.from)}>
                      <span class="where">line ${p.line}</span> ${p.message}
                    </button>
                  </li>`,
              )}
            </ul>`
          : ''
      }
      <div class="actions">
        <button
          class="apply primary"
          ?disabled=${this.disabled || this.busy || this.empty}
          @click=${() => this.apply()}
        >
          ${this.busy ? 'Applying…' : 'Apply'}
        </button>
        <span class="hint">Ctrl+Enter applies · Esc then Tab leaves the editor</span>
      </div>
      ${
        this.output.length
          ? html`<pre aria-label="kubectl apply output">
${this.output.map(
                (line) => html`<div class="line ${line.error ? 'error' : 'ok'}">${line.text}</div>`,
              )}</pre>`
          : ''
      }
    `;
  }
}

function problemCount(n: number): string {
  if (n === 0) return '✓ no problems found';
  return `${n} problem${n > 1 ? 's' : ''}`;
}

define('kube-yaml-editor', YamlEditor);

declare global {
  interface HTMLElementTagNameMap {
    'kube-yaml-editor': YamlEditor;
  }
}
