import { LitElement, css, html } from 'lit';
import type { Playground } from '../playground-api.ts';
import { applyFailureLine, applyResultLine, type OutputLine } from '../format/apply-output.ts';
import { define } from './define.ts';
import { buttons } from './theme.ts';

/** The manifest the Example button fills in: a Deployment of three tickers. */
export const tickerExample = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ticker}
spec:
  replicas: 3
  selector: {matchLabels: {app: ticker}}
  template:
    metadata: {labels: {app: ticker}}
    spec:
      containers:
      - name: ticker
        image: ticker:1.0
        args: ["--every", "1s"]
        env: [{name: GREETING, value: hello}]
        resources: {requests: {cpu: 100m, memory: 16Mi}, limits: {memory: 32Mi}}
`;

/**
 * A YAML box applied as `kubectl apply -f` would: one output line per document
 * (`deployment.apps/ticker created`) or kubectl's error line for it. Ctrl+Enter applies.
 */
export class ApplyBox extends LitElement {
  static override properties = {
    playground: { attribute: false },
    disabled: { type: Boolean },
    text: { state: true },
    output: { state: true },
    busy: { state: true },
  };

  static override styles = [
    buttons,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      section {
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 8px;
        background: var(--kp-panel, #fff);
        padding: 0.6rem 0.7rem;
        display: flex;
        flex-direction: column;
        gap: 0.45rem;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0;
      }
      textarea {
        box-sizing: border-box;
        width: 100%;
        min-height: 15rem;
        resize: vertical;
        font-family: var(--kp-mono, monospace);
        font-size: 0.78rem;
        line-height: 1.4;
        padding: 0.45rem;
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 6px;
        tab-size: 2;
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
        font-size: 0.78rem;
        white-space: pre-wrap;
        word-break: break-word;
        max-height: 12rem;
        overflow: auto;
      }
      .line.error {
        color: var(--kp-failed-fg, #a40e26);
      }
    `,
  ];

  declare playground: Pick<Playground, 'apply'> | undefined;
  declare disabled: boolean;
  declare text: string;
  declare output: OutputLine[];
  declare busy: boolean;
  private running: Promise<void> | undefined;

  constructor() {
    super();
    this.playground = undefined;
    this.disabled = false;
    this.text = '';
    this.output = [];
    this.busy = false;
  }

  /** Fills the box with the ticker Deployment. */
  fillExample(): void {
    this.text = tickerExample;
  }

  /** Applies what the box holds (or joins the apply under way); resolves once the output shows. */
  apply(): Promise<void> {
    if (!this.running) {
      if (!this.playground || !this.text.trim()) return Promise.resolve();
      this.running = this.run(this.playground, this.text).finally(() => (this.running = undefined));
    }
    return this.running;
  }

  private async run(playground: Pick<Playground, 'apply'>, text: string): Promise<void> {
    this.busy = true;
    try {
      this.output = (await playground.apply(text)).map(applyResultLine);
    } catch (err) {
      this.output = [applyFailureLine(err)];
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.apply();
    }
  }

  override render() {
    return html`
      <section aria-label="Apply YAML">
        <h2>Apply YAML</h2>
        <textarea
          aria-label="YAML manifest"
          spellcheck="false"
          placeholder="Paste a manifest (several documents separated by ---), or click Example"
          .value=${this.text}
          @input=${(e: InputEvent) => (this.text = (e.target as HTMLTextAreaElement).value)}
          @keydown=${this.onKey}
        ></textarea>
        <div class="actions">
          <button
            class="apply primary"
            ?disabled=${this.disabled || this.busy || !this.text.trim()}
            @click=${() => this.apply()}
          >
            ${this.busy ? 'Applying…' : 'Apply'}
          </button>
          <button class="example" @click=${() => this.fillExample()}>Example</button>
          <span class="hint">Ctrl+Enter applies</span>
        </div>
        ${
          this.output.length
            ? html`<pre aria-label="kubectl apply output">
${this.output.map(
                  (line) =>
                    html`<div class="line ${line.error ? 'error' : 'ok'}">${line.text}</div>`,
                )}</pre>`
            : ''
        }
      </section>
    `;
  }
}

define('kube-apply-box', ApplyBox);

declare global {
  interface HTMLElementTagNameMap {
    'kube-apply-box': ApplyBox;
  }
}
