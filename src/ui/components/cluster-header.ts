import { LitElement, css, html, nothing } from 'lit';
import { define } from './define.ts';
import './speed-control.ts';
import { buttons, tones } from './theme.ts';

/** Detail of `chaos-monkey`: pods a minute to kill, or 0 to stop the monkey. */
export interface ChaosMonkeyToggleDetail {
  podsPerMinute: number;
}

/** Detail of `autoscaler-toggle`: whether the cluster autoscaler should run. */
export interface AutoscalerToggleDetail {
  enabled: boolean;
}

/** What the header's Cluster menu asks for (detail of `bundle-action`). */
export type BundleAction = 'export' | 'import' | 'share' | 'reset';

export interface BundleActionDetail {
  action: BundleAction;
}

const bundleMenu: { action: BundleAction; label: string; title: string }[] = [
  {
    action: 'export',
    label: 'Export YAML…',
    title: "Download the cluster's objects as one YAML file",
  },
  { action: 'import', label: 'Import YAML…', title: 'Apply a YAML file, as kubectl apply -f does' },
  { action: 'share', label: 'Share link…', title: "A link that opens with this cluster's objects" },
  { action: 'reset', label: 'Reset cluster…', title: 'Delete everything and boot a fresh cluster' },
];

/** Where the control plane is: starting, serving, or failed to start. */
export type ClusterState = 'booting' | 'ready' | 'error';

const stateTone: Record<ClusterState, string> = {
  booting: 'pending',
  ready: 'ok',
  error: 'failed',
};

/**
 * The page's top bar: title, the cluster state (with the error message when it failed), the
 * cluster-time speed control (speeds above `maxSpeed` disabled), a chaos-monkey toggle with
 * its rate in pods per minute (a bubbling, composed `chaos-monkey` event), and an "Add node"
 * button that sends a bubbling, composed `add-node` event (disabled until the cluster is
 * ready and while a node is being added), and beside it an autoscaler toggle button
 * (`aria-pressed` shows whether the cluster autoscaler runs) that sends a bubbling, composed
 * `autoscaler-toggle` event asking for the other state. A "Cluster" menu sends a bubbling,
 * composed `bundle-action` event: export, import, share (needing a ready cluster) or reset
 * (always offered: also for a cluster that failed to start).
 */
export class ClusterHeader extends LitElement {
  static override properties = {
    state: { type: String },
    message: { type: String },
    speed: { type: Number },
    maxSpeed: { type: Number },
    adding: { type: Boolean },
    monkey: { type: Boolean },
    monkeyRate: { state: true },
    autoscaling: { type: Boolean },
    shareable: { type: Boolean },
  };

  static override styles = [
    tones,
    buttons,
    css`
      :host {
        display: block;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.9rem;
        flex-wrap: wrap;
        padding: 0.55rem 1.25rem;
        background: var(--kp-panel, #fff);
        border-bottom: 1px solid var(--kp-border, #d1d9e0);
      }
      h1 {
        font-size: 1.05rem;
        margin: 0;
        font-weight: 600;
      }
      .state {
        font-size: 0.8rem;
      }
      .message {
        font-size: 0.8rem;
        color: var(--kp-failed-fg, #a40e26);
      }
      .spacer {
        flex: 1;
      }
      .monkey {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        font-size: 0.8rem;
      }
      .monkey input {
        width: 3.5rem;
        font: inherit;
      }
      .autoscale[aria-pressed='true'] {
        background: var(--kp-ok-bg, #dafbe1);
        border-color: var(--kp-ok-edge, #4ac26b);
        color: var(--kp-ok-fg, #116329);
      }
      .cluster-menu {
        position: relative;
        font-size: 0.85rem;
      }
      .cluster-menu summary {
        cursor: pointer;
        list-style: none;
        padding: 0.2rem 0.6rem;
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 6px;
      }
      .cluster-menu summary::-webkit-details-marker {
        display: none;
      }
      .cluster-menu [role='menu'] {
        position: absolute;
        right: 0;
        z-index: 20;
        display: flex;
        flex-direction: column;
        min-width: 11rem;
        margin-top: 0.25rem;
        padding: 0.25rem;
        background: var(--kp-panel, #fff);
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 6px;
        box-shadow: 0 4px 12px rgb(0 0 0 / 12%);
      }
      .cluster-menu [role='menu'] button {
        text-align: left;
        border: none;
      }
      .monkey button[aria-pressed='true'] {
        background: var(--kp-failed-bg, #ffebe9);
        border-color: var(--kp-failed-edge, #ff8182);
        color: var(--kp-failed-fg, #a40e26);
      }
    `,
  ];

  declare state: ClusterState;
  /** Why the cluster failed, shown next to the state. */
  declare message: string;
  declare speed: number;
  /** The fastest speed the cluster's timing preset allows. */
  declare maxSpeed: number;
  declare adding: boolean;
  /** The chaos monkey runs. */
  declare monkey: boolean;
  /** Pods a minute the monkey kills when switched on. */
  declare monkeyRate: number;
  /** The cluster autoscaler runs. */
  declare autoscaling: boolean;
  /** The menu offers a share link (not for a cluster embedded in a page, which links cannot reach). */
  declare shareable: boolean;

  constructor() {
    super();
    this.state = 'booting';
    this.message = '';
    this.speed = 1;
    this.maxSpeed = Infinity;
    this.adding = false;
    this.monkey = false;
    this.monkeyRate = 6;
    this.autoscaling = false;
    this.shareable = true;
  }

  /** Sends `chaos-monkey` with `{podsPerMinute}` to start it, or `{podsPerMinute: 0}` to stop it. */
  private toggleMonkey(): void {
    this.dispatchEvent(
      new CustomEvent<ChaosMonkeyToggleDetail>('chaos-monkey', {
        detail: { podsPerMinute: this.monkey ? 0 : this.monkeyRate },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Sends `autoscaler-toggle` asking to switch the cluster autoscaler on or off. */
  private toggleAutoscaler(): void {
    this.dispatchEvent(
      new CustomEvent<AutoscalerToggleDetail>('autoscaler-toggle', {
        detail: { enabled: !this.autoscaling },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Closes the Cluster menu and sends `bundle-action`. */
  private bundleAction(action: BundleAction): void {
    this.renderRoot.querySelector('details.cluster-menu')?.removeAttribute('open');
    this.dispatchEvent(
      new CustomEvent<BundleActionDetail>('bundle-action', {
        detail: { action },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private addNode(): void {
    this.dispatchEvent(new CustomEvent('add-node', { bubbles: true, composed: true }));
  }

  override render() {
    const ready = this.state === 'ready';
    return html`
      <header>
        <h1>Kubernetes in a tab</h1>
        <span class="state badge tone-${stateTone[this.state]}" role="status">${this.state}</span>
        ${this.message ? html`<span class="message">${this.message}</span>` : nothing}
        <span class="spacer"></span>
        <kube-speed-control
          .speed=${this.speed}
          .maxSpeed=${this.maxSpeed}
          .disabled=${!ready}
        ></kube-speed-control>
        <span class="monkey" role="group" aria-label="Chaos monkey">
          <button
            class="monkey-toggle"
            aria-pressed=${this.monkey ? 'true' : 'false'}
            ?disabled=${!ready}
            title="Kill random pods (outside kube-system) at this rate of cluster time"
            @click=${this.toggleMonkey}
          >
            🐒 Chaos monkey ${this.monkey ? 'on' : 'off'}
          </button>
          <label
            ><input
              type="number"
              min="0.1"
              max="600"
              step="1"
              aria-label="pods killed per minute"
              .value=${String(this.monkeyRate)}
              ?disabled=${this.monkey}
              @change=${(e: Event) => {
                const value = Number((e.target as HTMLInputElement).value);
                if (value > 0) this.monkeyRate = value;
              }}
            />
            pods/min</label
          >
        </span>
        <button class="add" ?disabled=${!ready || this.adding} @click=${this.addNode}>
          ${this.adding ? 'Adding node…' : '+ Add node'}
        </button>
        <button
          class="autoscale"
          aria-pressed=${this.autoscaling ? 'true' : 'false'}
          ?disabled=${!ready}
          title="Cluster autoscaler: add workers for pods Pending for lack of resources, remove idle ones"
          @click=${this.toggleAutoscaler}
        >
          Autoscale nodes ${this.autoscaling ? 'on' : 'off'}
        </button>
        <details class="cluster-menu">
          <summary>Cluster ▾</summary>
          <div role="menu" aria-label="Cluster">
            ${bundleMenu
              .filter((item) => this.shareable || item.action !== 'share')
              .map(
                (item) =>
                  html`<button
                    role="menuitem"
                    class="bundle-${item.action}"
                    title=${item.title}
                    ?disabled=${item.action !== 'reset' && !ready}
                    @click=${() => this.bundleAction(item.action)}
                  >
                    ${item.label}
                  </button>`,
              )}
          </div>
        </details>
      </header>
    `;
  }
}

define('kube-cluster-header', ClusterHeader);

declare global {
  interface HTMLElementTagNameMap {
    'kube-cluster-header': ClusterHeader;
  }
}
