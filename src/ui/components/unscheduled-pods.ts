import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Pod } from '../../kernel/types/core.ts';
import { objectKey } from '../state/watched-collection.ts';
import { define } from './define.ts';
import './pod-card.ts';

/**
 * The pods no node has been chosen for yet (no spec.nodeName), as cards under a
 * "Pending (unscheduled)" heading; each card shows the scheduler's reason when it gave one.
 */
export class UnscheduledPods extends LitElement {
  static override properties = {
    pods: { attribute: false },
    now: { type: Number },
    selectedKey: { attribute: false },
  };

  static override styles = css`
    :host {
      display: block;
    }
    section {
      border: 1px dashed var(--kp-pending-edge, #d4a72c);
      border-radius: 8px;
      padding: 0.5rem 0.7rem;
      background: #fffdf2;
    }
    section.empty {
      border-color: var(--kp-border, #d1d9e0);
      background: transparent;
    }
    h3 {
      margin: 0 0 0.35rem;
      font-size: 0.85rem;
      font-weight: 600;
    }
    section.empty h3 {
      margin: 0;
      font-weight: 400;
      color: var(--kp-muted, #59636e);
    }
    .pods {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: 0.35rem;
      max-height: 16rem;
      overflow-y: auto;
      padding: 2px;
    }
  `;

  declare pods: Pod[];
  declare now: number;
  declare selectedKey: string | undefined;

  constructor() {
    super();
    this.pods = [];
    this.now = 0;
    this.selectedKey = undefined;
  }

  override render() {
    if (this.pods.length === 0) {
      return html`<section class="empty" aria-label="Pending (unscheduled)">
        <h3>Pending (unscheduled): none</h3>
      </section>`;
    }
    return html`
      <section aria-label="Pending (unscheduled)">
        <h3>Pending (unscheduled): ${this.pods.length}</h3>
        <div class="pods">
          ${repeat(
            this.pods,
            (pod) => objectKey(pod),
            (pod) =>
              html`<kube-pod-card
                .pod=${pod}
                .now=${this.now}
                .selected=${objectKey(pod) === this.selectedKey}
              ></kube-pod-card>`,
          )}
        </div>
      </section>
    `;
  }
}

define('kube-unscheduled-pods', UnscheduledPods);

declare global {
  interface HTMLElementTagNameMap {
    'kube-unscheduled-pods': UnscheduledPods;
  }
}
