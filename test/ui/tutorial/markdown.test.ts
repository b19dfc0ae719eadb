import { expect } from '@esm-bundle/chai';
import { html, render } from 'lit';
import { parseInline, parseMarkdown, safeHref } from '../../../src/ui/tutorial/markdown.ts';
import { renderMarkdown } from '../../../src/ui/tutorial/render-markdown.ts';

/** The HTML lit renders for some Markdown, without lit's comment markers. */
function htmlOf(markdown: string): string {
  const host = document.createElement('div');
  render(html`${renderMarkdown(markdown)}`, host);
  return host.innerHTML
    .replace(/<!--[^>]*-->/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('parseMarkdown', () => {
  it('reads headings, paragraphs joined across lines, fenced code, rules and quotes', () => {
    expect(
      parseMarkdown(
        '# Title\n\nOne\ntwo\n\n```yaml\nkind: Pod\n  x: 1\n```\n---\n> quoted\n> more',
      ),
    ).to.deep.equal([
      { kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Title' }] },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'One two' }] },
      { kind: 'code', info: 'yaml', text: 'kind: Pod\n  x: 1' },
      { kind: 'rule' },
      {
        kind: 'quote',
        children: [{ kind: 'paragraph', children: [{ kind: 'text', text: 'quoted more' }] }],
      },
    ]);
  });

  it('reads bullet and numbered lists, with continuation lines and nested lists', () => {
    const [list, numbered] = parseMarkdown(
      '- one\n  still one\n- two\n  - nested\n\n3. three\n4. four',
    );
    expect(list).to.deep.equal({
      kind: 'list',
      ordered: false,
      start: 1,
      items: [
        [{ kind: 'paragraph', children: [{ kind: 'text', text: 'one still one' }] }],
        [
          { kind: 'paragraph', children: [{ kind: 'text', text: 'two' }] },
          {
            kind: 'list',
            ordered: false,
            start: 1,
            items: [[{ kind: 'paragraph', children: [{ kind: 'text', text: 'nested' }] }]],
          },
        ],
      ],
    });
    expect(numbered).to.include({ kind: 'list', ordered: true, start: 3 });
    expect((numbered as { items: unknown[] }).items).to.have.length(2);
  });

  const inline: [string, string, unknown[]][] = [
    [
      'code spans keep their text',
      'run `a *b* c`',
      [
        { kind: 'text', text: 'run ' },
        { kind: 'code', text: 'a *b* c' },
      ],
    ],
    [
      'strong and emphasis nest',
      '**bold _and it_**',
      [
        {
          kind: 'strong',
          children: [
            { kind: 'text', text: 'bold ' },
            { kind: 'em', children: [{ kind: 'text', text: 'and it' }] },
          ],
        },
      ],
    ],
    [
      'snake_case is not emphasis',
      'a snake_case_name',
      [{ kind: 'text', text: 'a snake_case_name' }],
    ],
    ['a lone star is text', '2 * 3 *', [{ kind: 'text', text: '2 * 3 *' }]],
    [
      'links carry their target',
      'see [the `docs`](https://k8s.io/docs)',
      [
        { kind: 'text', text: 'see ' },
        {
          kind: 'link',
          href: 'https://k8s.io/docs',
          children: [
            { kind: 'text', text: 'the ' },
            { kind: 'code', text: 'docs' },
          ],
        },
      ],
    ],
    [
      'autolinks',
      '<https://k8s.io>',
      [
        {
          kind: 'link',
          href: 'https://k8s.io',
          children: [{ kind: 'text', text: 'https://k8s.io' }],
        },
      ],
    ],
    ['backslash escapes', '\\*not\\* em', [{ kind: 'text', text: '*not* em' }]],
  ];
  for (const [name, text, nodes] of inline) {
    it(`inline: ${name}`, () => {
      expect(parseInline(text)).to.deep.equal(nodes);
    });
  }
});

describe('renderMarkdown', () => {
  it('renders HTML in the text as text, never as elements', () => {
    const out = htmlOf(
      'Hi <img src=x onerror=alert(1)> <script>alert(2)</script>\n\n```\n<b>x</b>\n```',
    );
    expect(out).to.not.match(/<img|<script|<b>/);
    expect(out).to.include('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).to.include('&lt;b&gt;x&lt;/b&gt;');
  });

  it('drops links with unsafe schemes and opens the others in a new tab', () => {
    expect(
      htmlOf('[x](javascript:alert(1)) [y](JavaScript:void) [z](data:text/html,hi)'),
    ).to.not.include('<a');
    expect(htmlOf('[docs](https://kubernetes.io/docs/)')).to.equal(
      '<p><a target="_blank" rel="noopener noreferrer" href="https://kubernetes.io/docs/">docs</a></p>',
    );
    expect(safeHref('../other?tutorial=basics')).to.equal(true);
    expect(safeHref('mailto:a@b.c')).to.equal(true);
  });

  it('shifts headings under the panel and renders lists, code and emphasis', () => {
    expect(htmlOf('# A\n\n### B\n\n- *one*\n- `two`\n\n1. **three**')).to.equal(
      '<h3>A</h3><h5>B</h5><ul> <li><em>one</em></li><li><code>two</code></li> </ul><ol start="1"> <li><strong>three</strong></li> </ol>',
    );
  });
});
