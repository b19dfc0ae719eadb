import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { Pod } from '../../kernel/types/core.ts';
import type { Playground } from '../playground-api.ts';
import { errorMessage, statusLine } from '../format/apply-output.ts';
import { define } from './define.ts';
import { buttons } from './theme.ts';

/** The annotation naming the container `kubectl logs` picks when none is given. */
const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/** How many lines the panel asks for: enough to read, bounded for a chatty container. */
const tailLines = 1000;

interface ContainerChoice {
  name: string;
  label: string;
}

/** The containers a user can pick, app containers first, as `kubectl logs -c` accepts them. */
function containerChoices(pod: Pod): ContainerChoice[] {
  return [
    ...(pod.spec?.containers ?? []).map((c) => ({ name: c.name, label: c.name })),
    ...(pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, label: `${c.name} (init)` })),
  ];
}

/** kubectl's default container: the annotated one if it exists, else the first. */
function defaultContainer(pod: Pod): string {
  const choices = containerChoices(pod);
  const annotated = pod.metadata.annotations?.[defaultContainerAnnotation];
  if (annotated && choices.some((c) => c.name === annotated)) return annotated;
  return choices[0]?.name ?? '';
}

/** A rejected logs request as the user should read it: kubectl's error line when it is a Status. */
function logsError(err: unknown): string {
  const status =
    typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'object'
      ? (err.status as { reason?: string; message?: string })
      : (err as { reason?: unknown; message?: string });
  if (typeof status?.reason === 'string') {
    return statusLine({ reason: status.reason as never, message: status.message });
  }
  return errorMessage(err);
}

export type DetailView = 'logs' | 'yaml' | 'describe';

/**
 * Detail of the drawer's chaos events: `pod-kill` (a forced delete of the pod) and
 * `container-kill` (the named container killed, exit code 137).
 */
export interface PodChaosDetail {
  namespace: string;
  name: string;
  container?: string;
}

const detailViews: { id: DetailView; label: string }[] = [
  { id: 'logs', label: 'Logs' },
  { id: 'yaml', label: 'YAML' },
  { id: 'describe', label: 'Describe' },
];

/**
 * The detail drawer of the selected pod: its container log (`playground.logs`, with a
 * container picker for pods with several and a "previous" toggle for the last terminated
 * instance), its YAML (`kubectl get -o yaml`) or `kubectl describe` with its events, refreshed
 * every `refreshMs` while open. When a request fails it shows the error. Its close button (or
 * Escape) sends a `close` event.
 */
export class LogsPanel extends LitElement {
  static override properties = {
    playground: { attribute: false },
    pod: { attribute: false },
    refreshMs: { type: Number },
    container: { state: true },
    previous: { state: true },
    text: { state: true },
    error: { state: true },
    loaded: { state: true },
    view: { state: true },
  };

  static override styles = [
    buttons,
    css`
      :host {
        position: fixed;
        top: 0;
        right: 0;
        bottom: 0;
        width: min(46rem, 92vw);
        z-index: 10;
        display: flex;
        animation: slide 0.18s ease-out;
      }
      @keyframes slide {
        from {
          transform: translateX(2rem);
          opacity: 0;
        }
      }
      aside {
        flex: 1;
        display: flex;
        flex-direction: column;
        min-width: 0;
        background: var(--kp-panel, #fff);
        border-left: 1px solid var(--kp-border, #d1d9e0);
        box-shadow: -8px 0 24px rgba(31, 35, 40, 0.12);
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        flex-wrap: wrap;
        padding: 0.6rem 0.8rem;
        border-bottom: 1px solid var(--kp-border, #d1d9e0);
      }
      h2 {
        font-size: 0.95rem;
        margin: 0;
        font-family: var(--kp-mono, monospace);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      label {
        font-size: 0.8rem;
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
      }
      select {
        font: inherit;
        font-size: 0.8rem;
      }
      .chaos {
        display: inline-flex;
        gap: 0.3rem;
      }
      .chaos button {
        font-size: 0.75rem;
        padding: 0.1rem 0.5rem;
      }
      .close {
        margin-left: auto;
      }
      .views {
        display: inline-flex;
        gap: 0.2rem;
      }
      .views button[aria-selected='true'] {
        font-weight: 600;
        border-color: var(--kp-accent, #0969da);
      }
      .error {
        margin: 0.8rem;
        padding: 0.5rem 0.7rem;
        border: 1px solid var(--kp-failed-edge, #cf222e);
        background: var(--kp-failed-bg, #ffebe9);
        color: var(--kp-failed-fg, #a40e26);
        border-radius: 6px;
        font-family: var(--kp-mono, monospace);
        font-size: 0.8rem;
        white-space: pre-wrap;
      }
      pre {
        flex: 1;
        margin: 0;
        padding: 0.6rem 0.8rem;
        overflow: auto;
        background: #0d1117;
        color: #e6edf3;
        font-family: var(--kp-mono, monospace);
        font-size: 0.78rem;
        line-height: 1.45;
        white-space: pre-wrap;
        word-break: break-word;
      }
      .quiet {
        color: #8b949e;
      }
    `,
  ];

  declare playground: Pick<Playground, 'logs' | 'kubectl'> | undefined;
  /** What the panel shows of the pod: its log, its YAML, or `kubectl describe` (with events). */
  declare view: DetailView;
  /** The pod whose log shows; the last known object if it has since been deleted. */
  declare pod: Pod | undefined;
  declare refreshMs: number;
  declare container: string;
  declare previous: boolean;
  declare text: string;
  declare error: string;
  declare loaded: boolean;

  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight = false;
  /** Bumped whenever what to fetch changes, so a late answer for the old choice is dropped. */
  private generation = 0;
  private podKey = '';
  private stickToBottom = true;
  private readonly onKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') this.close();
  };

  constructor() {
    super();
    this.playground = undefined;
    this.pod = undefined;
    this.refreshMs = 1000;
    this.container = '';
    this.previous = false;
    this.text = '';
    this.error = '';
    this.loaded = false;
    this.view = 'logs';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKeydown);
    this.startTimer();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKeydown);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private startTimer(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const key = this.pod ? `${this.pod.metadata.namespace}/${this.pod.metadata.name}` : '';
    if (key !== this.podKey) {
      this.podKey = key;
      this.container = this.pod ? defaultContainer(this.pod) : '';
      this.previous = false;
      this.reset();
    } else if (changed.has('container') || changed.has('previous') || changed.has('view')) {
      this.reset();
    }
    if (changed.has('refreshMs') && this.timer !== undefined) this.startTimer();
  }

  override updated(changed: PropertyValues<this>): void {
    if (
      changed.has('pod') ||
      changed.has('container') ||
      changed.has('previous') ||
      changed.has('view')
    ) {
      if (!this.loaded && !this.inFlight) void this.refresh();
    }
    const pre = this.renderRoot.querySelector('pre');
    // A log is followed at its end; YAML and describe read from the top.
    if (pre && this.stickToBottom && this.view === 'logs') pre.scrollTop = pre.scrollHeight;
  }

  private reset(): void {
    this.generation++;
    this.inFlight = false;
    this.text = '';
    this.error = '';
    this.loaded = false;
    this.stickToBottom = true;
  }

  /** Fetches the log once (skipped while a fetch is in flight); resolves when it shows. */
  async refresh(): Promise<void> {
    const pod = this.pod;
    if (!pod || !this.playground || this.inFlight) return;
    const generation = this.generation;
    this.inFlight = true;
    try {
      const text = await this.fetchView(pod);
      if (generation !== this.generation) return;
      this.text = text;
      this.error = '';
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = logsError(err);
    } finally {
      if (generation === this.generation) {
        this.inFlight = false;
        this.loaded = true;
      }
    }
    await this.updateComplete;
  }

  /** The text of the current view: the log, or kubectl's own output for YAML and describe. */
  private async fetchView(pod: Pod): Promise<string> {
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    if (this.view === 'logs') {
      return this.playground!.logs(namespace, name, this.container || undefined, {
        previous: this.previous,
        tailLines,
      });
    }
    const line =
      this.view === 'yaml'
        ? `get pod ${name} -n ${namespace} -o yaml`
        : `describe pod ${name} -n ${namespace}`;
    const result = await this.playground!.kubectl(line);
    if (result.exitCode !== 0) throw new Error(result.stderr.trim());
    return result.stdout;
  }

  /** The container the chaos buttons act on: the one whose log is shown, else the default. */
  private chosenContainer(pod: Pod): string {
    const apps = (pod.spec?.containers ?? []).map((c) => c.name);
    return apps.includes(this.container) ? this.container : (apps[0] ?? '');
  }

  private chaos(type: 'pod-kill' | 'container-kill', container?: string): void {
    const pod = this.pod;
    if (!pod) return;
    this.dispatchEvent(
      new CustomEvent<PodChaosDetail>(type, {
        detail: {
          namespace: pod.metadata.namespace ?? 'default',
          name: pod.metadata.name ?? '',
          ...(container !== undefined ? { container } : {}),
        },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }));
  }

  private onScroll(e: Event): void {
    const pre = e.target as HTMLElement;
    this.stickToBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
  }

  private logControls(choices: { name: string; label: string }[]) {
    return html`${
        choices.length > 1
          ? html`<label
              >container
              <select
                aria-label="container"
                @change=${(e: Event) => (this.container = (e.target as HTMLSelectElement).value)}
              >
                ${choices.map(
                  (c) =>
                    html`<option value=${c.name} ?selected=${c.name === this.container}>
                      ${c.label}
                    </option>`,
                )}
              </select></label
            >`
          : html`<label>container <code>${this.container}</code></label>`
      }
      <label
        ><input
          type="checkbox"
          class="previous"
          .checked=${this.previous}
          @change=${(e: Event) => (this.previous = (e.target as HTMLInputElement).checked)}
        />previous</label
      >`;
  }

  override render() {
    const pod = this.pod;
    if (!pod) return nothing;
    const choices = containerChoices(pod);
    return html`
      <aside aria-label="Pod details">
        <header>
          <h2 title="the selected pod">${pod.metadata.namespace}/${pod.metadata.name}</h2>
          <div class="views" role="tablist" aria-label="Show">
            ${detailViews.map(
              (v) =>
                html`<button
                  role="tab"
                  aria-selected=${this.view === v.id ? 'true' : 'false'}
                  @click=${() => (this.view = v.id)}
                >
                  ${v.label}
                </button>`,
            )}
          </div>
          ${this.view === 'logs' ? this.logControls(choices) : nothing}
          <span class="chaos">
            <button
              class="kill-container danger"
              title="Kill the ${this.chosenContainer(pod)} container (exit code 137); its pod's restart policy decides what follows"
              @click=${() => this.chaos('container-kill', this.chosenContainer(pod))}
            >
              Kill container
            </button>
            <button
              class="kill-pod danger"
              title="Force-delete this pod (grace period 0), as kubectl delete --force does"
              @click=${() => this.chaos('pod-kill')}
            >
              Kill pod
            </button>
          </span>
          <button class="close" aria-label="Close logs" @click=${this.close}>✕ Close</button>
        </header>
        ${
          this.error
            ? html`<div class="error" role="alert">${this.error}</div>`
            : html`<pre @scroll=${this.onScroll}>
${
                  this.text ||
                  html`<span class="quiet">${this.loaded ? '(no output yet)' : 'Loading…'}</span>`
                }</pre>`
        }
      </aside>
    `;
  }
}

define('kube-logs-panel', LogsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'kube-logs-panel': LogsPanel;
  }
}
