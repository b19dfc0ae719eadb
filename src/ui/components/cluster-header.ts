import { LitElement, css, html, nothing } from 'lit';
import { define } from './define.ts';
import './speed-control.ts';
import { buttons, tones } from './theme.ts';

/** Where the control plane is: starting, serving, or failed to start. */
export type ClusterState = 'booting' | 'ready' | 'error';

const stateTone: Record<ClusterState, string> = {
  booting: 'pending',
  ready: 'ok',
  error: 'failed',
};

/**
 * The page's top bar: title, the cluster state (with the error message when it failed), the
 * cluster-time speed control, and an "Add node" button that sends a bubbling, composed
 * `add-node` event (disabled until the cluster is ready and while a node is being added).
 */
export class ClusterHeader extends LitElement {
  static override properties = {
    state: { type: String },
    message: { type: String },
    speed: { type: Number },
    adding: { type: Boolean },
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
    `,
  ];

  declare state: ClusterState;
  /** Why the cluster failed, shown next to the state. */
  declare message: string;
  declare speed: number;
  declare adding: boolean;

  constructor() {
    super();
    this.state = 'booting';
    this.message = '';
    this.speed = 1;
    this.adding = false;
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
        <kube-speed-control .speed=${this.speed} .disabled=${!ready}></kube-speed-control>
        <button class="add" ?disabled=${!ready || this.adding} @click=${this.addNode}>
          ${this.adding ? 'Adding node…' : '+ Add node'}
        </button>
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
