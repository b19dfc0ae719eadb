import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Node, Pod } from '../../kernel/types/core.ts';
import { nodeRoles, nodeStatus, taintText } from '../format/node-display.ts';
import { objectKey } from '../state/watched-collection.ts';
import { define } from './define.ts';
import './pod-card.ts';
import { buttons, tones } from './theme.ts';

/** Detail of the `node-kill` event the kill button sends. */
export interface NodeKillDetail {
  name: string;
}

/**
 * Detail of the `node-chaos` event the node's chaos menu sends: freeze or unfreeze its link
 * to the API server, restart it, or set (`network` with a fault; zeros clear it) its network
 * fault.
 */
export interface NodeChaosDetail {
  name: string;
  action: 'freeze' | 'unfreeze' | 'restart' | 'network';
  fault?: { latencyMs: number; lossPercent: number };
}

/** How many taints a box lists before "+N more". */
const taintsShown = 2;

/**
 * One node as a box: name, role, kubectl's STATUS (Ready / NotReady / Unknown, and
 * SchedulingDisabled), its taints and chaos (frozen, network fault), a "Kill node" button, a
 * "Chaos" menu (freeze or unfreeze, restart, network latency and loss: `node-chaos` events;
 * Escape closes it), "Start again" for a stopped worker, and its pods as cards. The buttons
 * are disabled when the node's worker is gone (`alive` false); clicking kill sends a bubbling,
 * composed `node-kill` event. A box may stand for a node whose Node object is missing
 * (`node` undefined) while pods still name it.
 */
export class NodeBox extends LitElement {
  static override properties = {
    name: { type: String },
    node: { attribute: false },
    pods: { attribute: false },
    alive: { type: Boolean },
    now: { type: Number },
    selectedKey: { attribute: false },
    rates: { attribute: false },
    frozen: { type: Boolean },
    fault: { attribute: false },
    menuOpen: { state: true },
  };

  static override styles = [
    tones,
    buttons,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      section {
        height: 100%;
        box-sizing: border-box;
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 8px;
        background: var(--kp-panel, #fff);
        padding: 0.6rem 0.7rem 0.7rem;
        display: flex;
        flex-direction: column;
        gap: 0.35rem;
        transition: opacity 0.3s;
      }
      section.down {
        background: repeating-linear-gradient(-45deg, #fff, #fff 10px, #f6f8fa 10px, #f6f8fa 20px);
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.45rem;
      }
      .name {
        font-weight: 600;
        font-size: 0.95rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      .role {
        color: var(--kp-fg, #1f2328);
        border: 1px solid var(--kp-border, #d1d9e0);
        border-radius: 4px;
        padding: 0 0.35em;
      }
      .status {
        display: inline-flex;
        gap: 0.25rem;
        flex-shrink: 0;
      }
      .kill {
        margin-left: auto;
        flex-shrink: 0;
        font-size: 0.75rem;
        padding: 0.1rem 0.5rem;
      }
      .meta {
        font-size: 0.75rem;
        color: var(--kp-muted, #59636e);
        display: flex;
        align-items: baseline;
        gap: 0.6rem;
        flex-wrap: wrap;
      }
      .taints {
        font-family: var(--kp-mono, monospace);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        max-width: 100%;
      }
      .gone {
        color: var(--kp-failed-fg, #a40e26);
      }
      .pods {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr));
        gap: 0.35rem;
        align-content: start;
        max-height: 24rem;
        overflow-y: auto;
        scrollbar-width: thin;
        scrollbar-color: var(--kp-grey-edge, #8c959f) transparent;
        padding: 2px;
      }
      .empty {
        font-size: 0.8rem;
        color: var(--kp-muted, #59636e);
        margin: 0.2rem 0;
      }
      .more {
        flex-shrink: 0;
        font-size: 0.75rem;
        padding: 0.1rem 0.5rem;
      }
      .chaos {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.35rem;
        font-size: 0.75rem;
        padding: 0.4rem;
        border: 1px dashed var(--kp-border, #d1d9e0);
        border-radius: 6px;
      }
      .chaos button {
        font-size: 0.75rem;
        padding: 0.1rem 0.5rem;
      }
      .chaos input {
        width: 4rem;
        font: inherit;
      }
      .chaos fieldset {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        border: none;
        margin: 0;
        padding: 0;
      }
      .fault {
        color: var(--kp-pending-fg, #9a6700);
      }
    `,
  ];

  declare name: string;
  declare node: Node | undefined;
  declare pods: Pod[];
  /** Whether the page still runs this node's worker (so it can be killed). */
  declare alive: boolean;
  declare now: number;
  /** `namespace/name` of the pod whose logs are open, drawn as selected. */
  declare selectedKey: string | undefined;
  /** Connections per second per pod (`namespace/name`). */
  declare rates: ReadonlyMap<string, number>;
  /** The node's link to the API server is cut (chaos). */
  declare frozen: boolean;
  /** The latency and loss injected on its network (chaos). */
  declare fault: { latencyMs?: number; lossPercent?: number } | undefined;
  /** The chaos menu is open. */
  declare menuOpen: boolean;

  constructor() {
    super();
    this.frozen = false;
    this.fault = undefined;
    this.menuOpen = false;
    this.rates = new Map();
    this.name = '';
    this.node = undefined;
    this.pods = [];
    this.alive = false;
    this.now = 0;
    this.selectedKey = undefined;
  }

  private kill(): void {
    this.dispatchEvent(
      new CustomEvent<NodeKillDetail>('node-kill', {
        detail: { name: this.name },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private chaos(action: NodeChaosDetail['action'], fault?: NodeChaosDetail['fault']): void {
    this.dispatchEvent(
      new CustomEvent<NodeChaosDetail>('node-chaos', {
        detail: { name: this.name, action, ...(fault ? { fault } : {}) },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Escape closes the menu and gives the keyboard back to its button. */
  private onMenuKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.menuOpen = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>('button.more')?.focus(),
    );
  }

  private applyFault(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const number = (field: string) =>
      Math.max(0, Number((form.elements.namedItem(field) as HTMLInputElement).value) || 0);
    this.chaos('network', {
      latencyMs: number('latency'),
      lossPercent: Math.min(100, number('loss')),
    });
  }

  private chaosMenu() {
    const id = `chaos-${this.name}`;
    return html`<form
      class="chaos"
      id=${id}
      aria-label="chaos for node ${this.name}"
      @keydown=${this.onMenuKey}
      @submit=${this.applyFault}
    >
      ${
        this.frozen
          ? html`<button type="button" class="unfreeze" @click=${() => this.chaos('unfreeze')}>
              Unfreeze
            </button>`
          : html`<button
              type="button"
              class="freeze"
              title="Cut the kubelet off the API server (a partition): heartbeats stop, pods keep running"
              @click=${() => this.chaos('freeze')}
            >
              Freeze
            </button>`
      }
      <button
        type="button"
        class="restart"
        title="Reboot: containers die, the kubelet registers again and restarts its pods"
        @click=${() => this.chaos('restart')}
      >
        Restart
      </button>
      <fieldset aria-label="network fault">
        <label
          >latency
          <input
            name="latency"
            type="number"
            min="0"
            step="50"
            .value=${String(this.fault?.latencyMs ?? 0)}
          />
          ms</label
        >
        <label
          >loss
          <input
            name="loss"
            type="number"
            min="0"
            max="100"
            step="5"
            .value=${String(this.fault?.lossPercent ?? 0)}
          />
          %</label
        >
        <button type="submit" class="network">Apply</button>
        ${
          this.fault
            ? html`<button
                type="button"
                class="clear-network"
                @click=${() => this.chaos('network', { latencyMs: 0, lossPercent: 0 })}
              >
                Clear
              </button>`
            : nothing
        }
      </fieldset>
    </form>`;
  }

  override render() {
    const node = this.node;
    const status = node ? nodeStatus(node) : 'Unknown';
    const roles = node ? nodeRoles(node) : [];
    const taints = node?.spec?.taints ?? [];
    const ready = status.split(',')[0];
    const readyTone = ready === 'Ready' ? 'ready' : ready === 'NotReady' ? 'notready' : 'unknown';
    const shown = taints.slice(0, taintsShown).map(taintText).join(', ');
    const more = taints.length - taintsShown;
    return html`
      <section class=${ready === 'Ready' ? 'up' : 'down'} aria-label="node ${this.name}">
        <header>
          <span class="name" title=${this.name}>${this.name}</span>
          <span class="status" title="STATUS ${status}">
            <span class="badge tone-${readyTone}">${ready}</span>
            ${
              node?.spec?.unschedulable
                ? html`<span class="badge tone-pending">SchedulingDisabled</span>`
                : nothing
            }
          </span>
          <button
            class="kill danger"
            ?disabled=${!this.alive}
            title=${
              this.alive
                ? `Stop this node's worker, as pulling its plug`
                : `This node's worker is not running`
            }
            @click=${this.kill}
          >
            Kill node
          </button>
          ${
            node && !this.alive
              ? html`<button
                  class="start"
                  title="Start this node's worker again: its kubelet registers and runs its pods"
                  @click=${() => this.chaos('restart')}
                >
                  Start again
                </button>`
              : nothing
          }
          <button
            class="more"
            aria-expanded=${this.menuOpen ? 'true' : 'false'}
            aria-controls="chaos-${this.name}"
            ?disabled=${!this.alive}
            title="Freeze, restart, or slow this node's network"
            @click=${() => (this.menuOpen = !this.menuOpen)}
          >
            Chaos ${this.menuOpen ? '▴' : '▾'}
          </button>
        </header>
        ${this.menuOpen && this.alive ? this.chaosMenu() : nothing}
        <div class="meta">
          <span class="role" title="ROLES">${roles.length ? roles.join(',') : 'worker'}</span>
          ${
            this.pods.length
              ? html`<span class="count"
                  >${this.pods.length} ${this.pods.length === 1 ? 'pod' : 'pods'}</span
                >`
              : nothing
          }
          ${
            taints.length
              ? html`<span class="taints" title=${taints.map(taintText).join('\n')}
                  >taints: ${shown}${more > 0 ? ` +${more} more` : ''}</span
                >`
              : nothing
          }
          ${node ? nothing : html`<span class="gone">no Node object</span>`}
          ${node && !this.alive ? html`<span class="gone">worker stopped</span>` : nothing}
          ${this.frozen ? html`<span class="fault">frozen (no heartbeats)</span>` : nothing}
          ${
            this.fault
              ? html`<span class="fault"
                  >network: ${this.fault.latencyMs ?? 0} ms, ${this.fault.lossPercent ?? 0}%
                  loss</span
                >`
              : nothing
          }
        </div>
        ${
          this.pods.length
            ? html`<div class="pods">
                ${repeat(
                  this.pods,
                  (pod) => objectKey(pod),
                  (pod) =>
                    html`<kube-pod-card
                      .pod=${pod}
                      .now=${this.now}
                      .selected=${objectKey(pod) === this.selectedKey}
                      .rate=${this.rates.get(objectKey(pod)) ?? 0}
                    ></kube-pod-card>`,
                )}
              </div>`
            : html`<p class="empty">No pods</p>`
        }
      </section>
    `;
  }
}

define('kube-node-box', NodeBox);

declare global {
  interface HTMLElementTagNameMap {
    'kube-node-box': NodeBox;
  }
}
