import { LitElement, css, html, nothing } from 'lit';
import {
  podReady,
  podRestartCount,
  podRestarts,
  podStatus,
} from '../../kernel/client/pod-display.ts';
import type { Pod } from '../../kernel/types/core.ts';
import { podTone } from '../format/pod-tone.ts';
import { formatRate } from '../state/traffic-rates.ts';
import { define } from './define.ts';
import { tones } from './theme.ts';

/** Detail of the `pod-select` event a card sends when clicked. */
export interface PodSelectDetail {
  namespace: string;
  name: string;
}

/**
 * One pod as a small card: name, kubectl's STATUS, READY and RESTARTS, its images, and for an
 * unscheduled pod the scheduler's reason. Coloured by tone (`tone-ok`, `tone-pending`,
 * `tone-failed`, `tone-terminating`, `tone-completed`, `tone-unknown`). Clicking it sends a
 * bubbling, composed `pod-select` event with the pod's namespace and name.
 */
export class PodCard extends LitElement {
  static override properties = {
    pod: { attribute: false },
    now: { type: Number },
    selected: { type: Boolean, reflect: true },
    rate: { type: Number },
  };

  static override styles = [
    tones,
    css`
      :host {
        display: block;
        min-width: 0;
        animation: appear 0.25s ease-out;
      }
      @keyframes appear {
        from {
          opacity: 0;
          transform: scale(0.92);
        }
      }
      .pod {
        display: flex;
        flex-direction: column;
        gap: 0.1rem;
        width: 100%;
        box-sizing: border-box;
        padding: 0.3rem 0.45rem 0.3rem 0.55rem;
        border: 1px solid var(--tone-edge);
        border-left-width: 4px;
        border-radius: 6px;
        background: var(--tone-bg);
        color: var(--kp-fg, #1f2328);
        font: inherit;
        font-size: 0.8rem;
        text-align: left;
        cursor: pointer;
        transition:
          background-color 0.3s,
          border-color 0.3s;
      }
      .pod:hover {
        filter: brightness(0.97);
      }
      :host([selected]) .pod {
        outline: 2px solid var(--kp-accent, #0969da);
        outline-offset: 1px;
      }
      .pod:focus-visible {
        outline: 2px solid var(--kp-accent, #0969da);
      }
      .tone-terminating,
      .tone-unknown {
        border-style: dashed;
        opacity: 0.85;
      }
      .images,
      .why {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .name {
        font-weight: 600;
        /* Generated names (ticker-7d9f5c6b8d-x2k4p) differ only at the end: wrap, never cut. */
        overflow-wrap: anywhere;
        line-height: 1.25;
        font-size: 0.76rem;
      }
      .ns {
        font-weight: 400;
        color: var(--kp-muted, #59636e);
      }
      .line {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        white-space: nowrap;
      }
      .status {
        color: var(--tone-fg);
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .ready,
      .restarts,
      .images,
      .why {
        color: var(--kp-muted, #59636e);
      }
      .ready,
      .traffic {
        color: var(--kp-accent, #0969da);
        font-size: 0.75rem;
        font-variant-numeric: tabular-nums;
      }
      .restarts {
        margin-left: auto;
        flex-shrink: 0;
      }
      .restarts {
        font-size: 0.72rem;
      }
      .images,
      .why {
        font-size: 0.72rem;
      }
      .images {
        font-family: var(--kp-mono, monospace);
      }
      .why {
        white-space: normal;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }
    `,
  ];

  declare pod: Pod | undefined;
  /** Cluster time (ms since the epoch), for "how long ago" in RESTARTS. */
  declare now: number;
  declare selected: boolean;
  /** Connections per second the pod accepts (0: none shown). */
  declare rate: number;

  constructor() {
    super();
    this.pod = undefined;
    this.now = 0;
    this.selected = false;
    this.rate = 0;
  }

  private select(): void {
    if (!this.pod) return;
    const detail: PodSelectDetail = {
      namespace: this.pod.metadata.namespace ?? 'default',
      name: this.pod.metadata.name ?? '',
    };
    this.dispatchEvent(
      new CustomEvent<PodSelectDetail>('pod-select', { detail, bubbles: true, composed: true }),
    );
  }

  override render() {
    const pod = this.pod;
    if (!pod) return nothing;
    const status = podStatus(pod);
    const ready = podReady(pod);
    const restarts = podRestartCount(pod);
    const namespace = pod.metadata.namespace ?? 'default';
    const images = (pod.spec?.containers ?? []).map((c) => c.image ?? '').join(', ');
    const unscheduled = pod.status?.conditions?.find(
      (c) => c.type === 'PodScheduled' && c.status === 'False',
    );
    return html`
      <button
        class="pod tone-${podTone(pod, status)}"
        aria-pressed=${this.selected ? 'true' : 'false'}
        title="${namespace}/${pod.metadata.name} — ${status}${
          unscheduled?.message ? `\n${unscheduled.message}` : ''
        }"
        @click=${this.select}
      >
        <span class="name"
          >${
            namespace === 'default' ? nothing : html`<span class="ns">${namespace}/</span>`
          }${pod.metadata.name}</span
        >
        <span class="line">
          <span class="status">${status}</span>
          <span class="ready" title="READY">${ready}</span>
        </span>
        <span class="line">
          <span class="images" title=${images}>${images}</span>
          ${
            restarts > 0
              ? html`<span class="restarts" title="RESTARTS">↻ ${podRestarts(pod, this.now)}</span>`
              : nothing
          }
        </span>
        ${
          this.rate > 0
            ? html`<span class="traffic" title="Connections accepted per second"
                >⇄ ${formatRate(this.rate)}</span
              >`
            : nothing
        }
        ${unscheduled?.message ? html`<span class="why">${unscheduled.message}</span>` : nothing}
      </button>
    `;
  }
}

define('kube-pod-card', PodCard);

declare global {
  interface HTMLElementTagNameMap {
    'kube-pod-card': PodCard;
  }
}
