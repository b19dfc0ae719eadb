import { css } from 'lit';

/**
 * The layout rules xterm.js needs inside a shadow root (its own stylesheet cannot reach in):
 * the hidden input textarea, the measuring element, the scrolling viewport over the screen.
 */
export const xtermStyles = css`
  .xterm {
    cursor: text;
    position: relative;
    user-select: none;
    -webkit-user-select: none;
  }
  .xterm:focus,
  .xterm.focus {
    outline: none;
  }
  .xterm .xterm-helpers {
    position: absolute;
    top: 0;
    z-index: 5;
  }
  .xterm .xterm-helper-textarea {
    position: absolute;
    left: -9999em;
    top: 0;
    width: 0;
    height: 0;
    padding: 0;
    margin: 0;
    border: 0;
    opacity: 0;
    z-index: -5;
    white-space: nowrap;
    overflow: hidden;
    resize: none;
  }
  .xterm .composition-view {
    display: none;
    position: absolute;
    white-space: nowrap;
    z-index: 1;
    background: #000;
    color: #fff;
  }
  .xterm .composition-view.active {
    display: block;
  }
  .xterm .xterm-viewport {
    position: absolute;
    inset: 0;
    overflow-y: scroll;
    cursor: default;
  }
  .xterm .xterm-screen {
    position: relative;
  }
  .xterm .xterm-screen canvas {
    position: absolute;
    left: 0;
    top: 0;
  }
  .xterm-char-measure-element {
    display: inline-block;
    visibility: hidden;
    position: absolute;
    top: 0;
    left: -9999em;
    line-height: normal;
  }
  .xterm .xterm-accessibility:not(.debug),
  .xterm .xterm-message {
    position: absolute;
    inset: 0;
    z-index: 10;
    color: transparent;
    pointer-events: none;
  }
  .xterm .xterm-accessibility-tree {
    white-space: pre;
    user-select: text;
  }
  .xterm .live-region {
    position: absolute;
    left: -9999px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .xterm-underline-1 {
    text-decoration: underline;
  }
  .xterm-strikethrough {
    text-decoration: line-through;
  }
  /* The scrollbar xterm draws itself: shown while scrolling or hovered, faded otherwise. */
  .xterm .xterm-scrollable-element > .scrollbar {
    cursor: default;
  }
  .xterm .xterm-scrollable-element > .visible {
    opacity: 1;
    background: rgba(0, 0, 0, 0);
    transition: opacity 100ms linear;
    z-index: 11;
  }
  .xterm .xterm-scrollable-element > .invisible {
    opacity: 0;
    pointer-events: none;
  }
  .xterm .xterm-scrollable-element > .invisible.fade {
    transition: opacity 800ms linear;
  }
  .xterm .xterm-scrollable-element > .shadow {
    position: absolute;
    display: none;
  }
  .xterm-screen .xterm-decoration-container .xterm-decoration {
    z-index: 6;
    position: absolute;
  }
`;
