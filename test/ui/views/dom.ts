/** Reaching into the page's nested shadow roots the way a user's eye does: by what is shown. */
import type { LitElement } from 'lit';

/** Elements matching `selector` inside `root`'s shadow root (or inside `root` itself). */
export function all<E extends Element = HTMLElement>(
  root: Element | ShadowRoot,
  selector: string,
): E[] {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  return [...scope.querySelectorAll<E>(selector)];
}

/** The one element a chain of selectors reaches, each step inside the previous one's shadow root. */
export function find<E extends Element = HTMLElement>(root: Element, ...selectors: string[]): E {
  let current: Element = root;
  for (const selector of selectors) {
    const next = all(current, selector)[0];
    if (!next) throw new Error(`nothing matches ${selectors.join(' » ')} (stopped at ${selector})`);
    current = next;
  }
  return current as E;
}

/** Whitespace-collapsed visible text of an element, looking into shadow roots. */
export function text(el: Element): string {
  const collect = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (node instanceof HTMLStyleElement) return '';
    const children =
      node instanceof Element && node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
    return [...children].map(collect).join('');
  };
  return collect(el).replace(/\s+/g, ' ').trim();
}

/** Waits until every lit element in the tree has rendered its latest state. */
export async function settle(root: Element): Promise<void> {
  let seen = -1;
  for (let pass = 0; pass < 20; pass++) {
    const elements: LitElement[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const el of node.querySelectorAll('*')) {
        if ('updateComplete' in el) elements.push(el as LitElement);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if ('updateComplete' in root) elements.push(root as LitElement);
    if (root.shadowRoot) walk(root.shadowRoot);
    const results = await Promise.all(elements.map((el) => el.updateComplete));
    // A pass in which nothing was pending and the tree did not grow is the settled state.
    if (results.every((done) => done) && elements.length === seen) return;
    seen = elements.length;
  }
}

/** Mounts an element in the document for one test; `unmount` removes every mounted element. */
const mounted: Element[] = [];
export function mount<E extends Element>(el: E): E {
  document.body.append(el);
  mounted.push(el);
  return el;
}
export function unmountAll(): void {
  for (const el of mounted.splice(0)) el.remove();
}
