import { css } from 'lit';

/**
 * The page's palette as custom properties on the root element (they inherit into every shadow
 * root), and the tone classes pod cards and status badges share.
 */
export const palette = css`
  :host {
    --kp-fg: #1f2328;
    --kp-muted: #59636e;
    --kp-bg: #f6f8fa;
    --kp-panel: #ffffff;
    --kp-border: #d1d9e0;
    --kp-accent: #0969da;
    --kp-ok-bg: #dafbe1;
    --kp-ok-edge: #2da44e;
    --kp-ok-fg: #116329;
    --kp-pending-bg: #fff8c5;
    --kp-pending-edge: #d4a72c;
    --kp-pending-fg: #7d4e00;
    --kp-failed-bg: #ffebe9;
    --kp-failed-edge: #cf222e;
    --kp-failed-fg: #a40e26;
    --kp-grey-bg: #eff2f5;
    --kp-grey-edge: #8c959f;
    --kp-grey-fg: #59636e;
    --kp-done-bg: #ddf4ff;
    --kp-done-edge: #54aeff;
    --kp-done-fg: #0a3069;
    --kp-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  }
`;

/** `.tone-<name>` for every PodTone, plus node status tones (`ready`, `notready`). */
export const tones = css`
  .tone-ok,
  .tone-ready {
    --tone-bg: var(--kp-ok-bg);
    --tone-edge: var(--kp-ok-edge);
    --tone-fg: var(--kp-ok-fg);
  }
  .tone-pending {
    --tone-bg: var(--kp-pending-bg);
    --tone-edge: var(--kp-pending-edge);
    --tone-fg: var(--kp-pending-fg);
  }
  .tone-failed,
  .tone-notready {
    --tone-bg: var(--kp-failed-bg);
    --tone-edge: var(--kp-failed-edge);
    --tone-fg: var(--kp-failed-fg);
  }
  .tone-terminating,
  .tone-unknown {
    --tone-bg: var(--kp-grey-bg);
    --tone-edge: var(--kp-grey-edge);
    --tone-fg: var(--kp-grey-fg);
  }
  .tone-completed {
    --tone-bg: var(--kp-done-bg);
    --tone-edge: var(--kp-done-edge);
    --tone-fg: var(--kp-done-fg);
  }
  .badge {
    display: inline-block;
    padding: 0 0.45em;
    border-radius: 999px;
    border: 1px solid var(--tone-edge, var(--kp-border));
    background: var(--tone-bg, transparent);
    color: var(--tone-fg, inherit);
    font-size: 0.75rem;
    line-height: 1.5;
    white-space: nowrap;
  }
`;

/** Buttons as the page draws them everywhere. */
export const buttons = css`
  button {
    font: inherit;
    font-size: 0.85rem;
    padding: 0.25rem 0.7rem;
    border: 1px solid var(--kp-border);
    border-radius: 6px;
    background: var(--kp-panel);
    color: var(--kp-fg);
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: #f3f4f6;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  button.primary {
    background: #1f883d;
    border-color: #1a7f37;
    color: #fff;
  }
  button.primary:hover:not(:disabled) {
    background: #1a7f37;
  }
  button.danger {
    color: var(--kp-failed-fg);
  }
  button.danger:hover:not(:disabled) {
    background: var(--kp-failed-bg);
    border-color: var(--kp-failed-edge);
  }
`;

/** A bordered panel (`section` in the host) of the page's lists and charts. */
export const panel = css`
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
    gap: 0.4rem;
  }
`;
