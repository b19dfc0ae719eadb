import { LitElement, css, html } from 'lit';
import { define } from './define.ts';
import { buttons } from './theme.ts';

/** Detail of the `speed-change` event: how fast cluster time should run (0 pauses). */
export interface SpeedChangeDetail {
  speed: number;
}

/** The speeds offered: pause, real time, and two faster ones. */
export const speeds: readonly { speed: number; label: string; title: string }[] = [
  { speed: 0, label: 'Pause', title: 'Pause cluster time' },
  { speed: 1, label: '1×', title: 'Real time' },
  { speed: 10, label: '10×', title: 'Ten times faster' },
  { speed: 60, label: '60×', title: 'A minute per second' },
];

/**
 * A segmented control for cluster time. The button of the current `speed` is pressed;
 * clicking another sends a bubbling, composed `speed-change` event.
 */
export class SpeedControl extends LitElement {
  static override properties = {
    speed: { type: Number },
    disabled: { type: Boolean },
    maxSpeed: { type: Number },
  };

  static override styles = [
    buttons,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      .label {
        font-size: 0.8rem;
        color: var(--kp-muted, #59636e);
      }
      .group {
        display: inline-flex;
      }
      .group button {
        border-radius: 0;
        margin-left: -1px;
        min-width: 2.6rem;
      }
      .group button:first-child {
        border-radius: 6px 0 0 6px;
        margin-left: 0;
      }
      .group button:last-child {
        border-radius: 0 6px 6px 0;
      }
      .group button[aria-pressed='true'] {
        background: var(--kp-accent, #0969da);
        border-color: var(--kp-accent, #0969da);
        color: #fff;
        position: relative;
      }
    `,
  ];

  declare speed: number;
  declare disabled: boolean;
  /** The fastest speed the cluster's timing preset allows; faster buttons are disabled. */
  declare maxSpeed: number;

  constructor() {
    super();
    this.speed = 1;
    this.disabled = false;
    this.maxSpeed = Infinity;
  }

  private choose(speed: number): void {
    if (speed === this.speed) return;
    this.dispatchEvent(
      new CustomEvent<SpeedChangeDetail>('speed-change', {
        detail: { speed },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render() {
    return html`
      <span class="label" id="label">Cluster time</span>
      <span class="group" role="group" aria-labelledby="label">
        ${speeds.map(
          (s) =>
            html`<button
              data-speed=${s.speed}
              title=${s.speed > this.maxSpeed ? `At most ${this.maxSpeed}× here` : s.title}
              aria-pressed=${s.speed === this.speed ? 'true' : 'false'}
              ?disabled=${this.disabled || s.speed > this.maxSpeed}
              @click=${() => this.choose(s.speed)}
            >
              ${s.label}
            </button>`,
        )}
      </span>
    `;
  }
}

define('kube-speed-control', SpeedControl);

declare global {
  interface HTMLElementTagNameMap {
    'kube-speed-control': SpeedControl;
  }
}
