import { html, type nothing, type TemplateResult } from 'lit';
import { parseMarkdown, safeHref, type MdBlock, type MdInline } from './markdown.ts';

/**
 * Markdown as lit templates: every text goes through lit's escaping, so a tutorial can never
 * inject HTML or script; links open in a new tab, and a link with an unsafe scheme
 * (`javascript:`) shows as its text. Headings are shifted down by `headingShift` levels so
 * that a `#` in the prose sits under the panel's own headings.
 */
export function renderMarkdown(text: string, headingShift = 2): TemplateResult {
  return html`${parseMarkdown(text).map((b) => renderBlock(b, headingShift))}`;
}

function renderBlock(block: MdBlock, shift: number): TemplateResult | typeof nothing {
  switch (block.kind) {
    case 'heading': {
      const children = renderInline(block.children);
      switch (Math.min(6, block.level + shift)) {
        case 1:
        case 2:
        case 3:
          return html`<h3>${children}</h3>`;
        case 4:
          return html`<h4>${children}</h4>`;
        case 5:
          return html`<h5>${children}</h5>`;
        default:
          return html`<h6>${children}</h6>`;
      }
    }
    case 'paragraph':
      return html`<p>${renderInline(block.children)}</p>`;
    case 'code':
      return html`<pre class="shown"><code>${block.text}</code></pre>`;
    case 'list': {
      const items = block.items.map(
        (item) => html`<li>${item.map((b, i) => renderListBlock(b, i, shift))}</li>`,
      );
      return block.ordered
        ? html`<ol start=${block.start}>
            ${items}
          </ol>`
        : html`<ul>
            ${items}
          </ul>`;
    }
    case 'quote':
      return html`<blockquote>${block.children.map((b) => renderBlock(b, shift))}</blockquote>`;
    case 'rule':
      return html`<hr />`;
  }
}

/** A list item's first paragraph is shown without paragraph margins (a tight list). */
function renderListBlock(
  block: MdBlock,
  index: number,
  shift: number,
): TemplateResult | typeof nothing {
  if (block.kind === 'paragraph' && index === 0) return html`${renderInline(block.children)}`;
  return renderBlock(block, shift);
}

function renderInline(nodes: MdInline[]): TemplateResult[] {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return html`${node.text}`;
      case 'code':
        return html`<code>${node.text}</code>`;
      case 'strong':
        return html`<strong>${renderInline(node.children)}</strong>`;
      case 'em':
        return html`<em>${renderInline(node.children)}</em>`;
      case 'link':
        return safeHref(node.href)
          ? html`<a href=${node.href} target="_blank" rel="noopener noreferrer"
              >${renderInline(node.children)}</a
            >`
          : html`${renderInline(node.children)}`;
    }
  });
}
