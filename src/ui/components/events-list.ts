import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { timestampAge } from '../../kernel/client/duration.ts';
import type { Event } from '../../kernel/types/core.ts';
import { eventLastSeen, eventLastSeenMs, eventObject } from '../format/event-display.ts';
import { objectKey } from '../state/watched-collection.ts';
import { define } from './define.ts';
import { panel } from './theme.ts';

/** Events newest first (by LAST SEEN, then by resourceVersion), at most `limit` of them. */
export function newestEvents(events: Event[], limit: number): Event[] {
  const rv = (e: Event) => Number(e.metadata.resourceVersion ?? 0);
  return [...events]
    .sort((a, b) => eventLastSeenMs(b) - eventLastSeenMs(a) || rv(b) - rv(a))
    .slice(0, limit);
}

/**
 * The cluster's events as `kubectl get events` lists them (LAST SEEN, TYPE, REASON, OBJECT,
 * MESSAGE), newest first, the last `limit`; Warning rows stand out.
 */
export class EventsList extends LitElement {
  static override properties = {
    events: { attribute: false },
    now: { type: Number },
    limit: { type: Number },
  };

  static override styles = [
    panel,
    css`
      h2 {
        font-size: 0.95rem;
        margin: 0;
      }
      .scroll {
        max-height: 22rem;
        overflow: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.78rem;
        /* Fixed columns, so the message wraps within the column instead of widening the table. */
        table-layout: fixed;
      }
      th:nth-child(1) {
        width: 4.8rem;
      }
      th:nth-child(2) {
        width: 3.8rem;
      }
      th:nth-child(3) {
        width: 8rem;
      }
      th:nth-child(4) {
        width: 9rem;
      }
      th {
        position: sticky;
        top: 0;
        background: var(--kp-panel, #fff);
        text-align: left;
        font-weight: 600;
        color: var(--kp-muted, #59636e);
        font-size: 0.7rem;
        letter-spacing: 0.03em;
        border-bottom: 1px solid var(--kp-border, #d1d9e0);
        white-space: nowrap;
      }
      th,
      td {
        padding: 0.2rem 0.5rem 0.2rem 0;
        vertical-align: top;
      }
      td {
        border-bottom: 1px solid #eef1f4;
      }
      td.age,
      td.type,
      td.reason,
      td.object {
        white-space: nowrap;
      }
      td.reason,
      td.object {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      td.object {
        font-family: var(--kp-mono, monospace);
      }
      td.message {
        /* Long words may break anywhere, so the table fits the cluster column. */
        overflow-wrap: anywhere;
      }
      tr.warning td.type,
      tr.warning td.reason {
        color: var(--kp-failed-fg, #a40e26);
        font-weight: 600;
      }
      tr.warning {
        background: #fff5f5;
      }
      .count {
        color: var(--kp-muted, #59636e);
      }
      .empty {
        color: var(--kp-muted, #59636e);
        font-size: 0.8rem;
        margin: 0;
      }
    `,
  ];

  declare events: Event[];
  /** Cluster time (ms since the epoch) the LAST SEEN ages are measured to. */
  declare now: number;
  declare limit: number;

  constructor() {
    super();
    this.events = [];
    this.now = 0;
    this.limit = 50;
  }

  override render() {
    const rows = newestEvents(this.events, this.limit);
    return html`
      <section aria-label="Events">
        <h2>Events</h2>
        ${
          rows.length === 0
            ? html`<p class="empty">No events yet.</p>`
            : html`<div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th>LAST SEEN</th>
                      <th>TYPE</th>
                      <th>REASON</th>
                      <th>OBJECT</th>
                      <th>MESSAGE</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${repeat(
                      rows,
                      (e) => objectKey(e),
                      (e) => html`
                        <tr class=${e.type === 'Warning' ? 'warning' : 'normal'}>
                          <td class="age">
                            ${timestampAge(eventLastSeen(e), this.now)}${
                              (e.count ?? 1) > 1
                                ? html` <span class="count" title="count">×${e.count}</span>`
                                : nothing
                            }
                          </td>
                          <td class="type">${e.type ?? ''}</td>
                          <td class="reason" title=${e.reason ?? ''}>${e.reason ?? ''}</td>
                          <td class="object" title=${eventObject(e)}>${eventObject(e)}</td>
                          <td class="message">${(e.message ?? '').trim()}</td>
                        </tr>
                      `,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </section>
    `;
  }
}

define('kube-events-list', EventsList);

declare global {
  interface HTMLElementTagNameMap {
    'kube-events-list': EventsList;
  }
}
