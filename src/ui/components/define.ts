/**
 * Registers a custom element once: importing a component module makes its tag usable, and a
 * second import (or a page embedding two bundles) does not throw.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
