import { expect } from '@esm-bundle/chai';
import {
  commandLines,
  dedent,
  defaultStorageName,
  readEmbedOptions,
} from '../../../src/ui/embed/embed-options.ts';

/** An element with these attributes and this inner HTML, not in the document. */
function element(attributes: Record<string, string>, inner = ''): Element {
  const el = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.innerHTML = inner;
  return el;
}

/** Runs `fn` with console.warn captured; returns what was warned. */
function warnings(fn: () => void): string[] {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.join(' '));
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('readEmbedOptions', () => {
  it('defaults: a persistent cluster named after the page and position, both views, tutorial timing', () => {
    expect(readEmbedOptions(element({}), 0, '/docs/deployments.html')).to.deep.equal({
      database: 'k8s-playground:/docs/deployments.html#0',
      inMemory: false,
      timing: 'tutorial',
      workerNodes: undefined,
      view: 'both',
      manifestUrl: undefined,
      inlineManifest: undefined,
      commands: [],
      tutorial: undefined,
    });
  });

  it('names two elements of one page differently, by id or else by position', () => {
    const names = [
      readEmbedOptions(element({}), 0, '/a.html').database,
      readEmbedOptions(element({}), 1, '/a.html').database,
      readEmbedOptions(element({ id: 'intro' }), 2, '/a.html').database,
      readEmbedOptions(element({}), 0, '/b.html').database,
    ];
    expect(new Set(names).size).to.equal(4);
    expect(names[2]).to.equal(defaultStorageName('/a.html', 'intro'));
  });

  const storageCases: {
    attributes: Record<string, string>;
    database: string;
    inMemory: boolean;
  }[] = [
    { attributes: { storage: 'my-cluster' }, database: 'my-cluster', inMemory: false },
    { attributes: { storage: 'memory' }, database: 'k8s-playground:/p#3', inMemory: true },
    { attributes: { ephemeral: '' }, database: 'k8s-playground:/p#3', inMemory: true },
    { attributes: { storage: 'mine', ephemeral: '' }, database: 'mine', inMemory: true },
  ];
  for (const { attributes, database, inMemory } of storageCases) {
    it(`storage from ${JSON.stringify(attributes)}`, () => {
      const options = readEmbedOptions(element(attributes), 3, '/p');
      expect({ database: options.database, inMemory: options.inMemory }).to.deep.equal({
        database,
        inMemory,
      });
    });
  }

  const valueCases: {
    attributes: Record<string, string>;
    expected: Partial<ReturnType<typeof readEmbedOptions>>;
    warned: number;
  }[] = [
    { attributes: { nodes: '3' }, expected: { workerNodes: 3 }, warned: 0 },
    { attributes: { nodes: '0' }, expected: { workerNodes: 0 }, warned: 0 },
    { attributes: { nodes: 'three' }, expected: { workerNodes: undefined }, warned: 1 },
    { attributes: { nodes: '11' }, expected: { workerNodes: undefined }, warned: 1 },
    { attributes: { nodes: '1.5' }, expected: { workerNodes: undefined }, warned: 1 },
    { attributes: { view: 'terminal' }, expected: { view: 'terminal' }, warned: 0 },
    { attributes: { view: 'map' }, expected: { view: 'map' }, warned: 0 },
    { attributes: { view: 'editor' }, expected: { view: 'both' }, warned: 1 },
    { attributes: { timing: 'kubernetes' }, expected: { timing: 'kubernetes' }, warned: 0 },
    { attributes: { timing: 'fast' }, expected: { timing: 'tutorial' }, warned: 1 },
    {
      attributes: { manifest: ' ./nginx.yaml ' },
      expected: { manifestUrl: './nginx.yaml' },
      warned: 0,
    },
    {
      attributes: { tutorial: 'first-deployment' },
      expected: { tutorial: 'first-deployment' },
      warned: 0,
    },
    { attributes: { tutorial: '' }, expected: { tutorial: '' }, warned: 0 },
    {
      attributes: { commands: 'kubectl get nodes\n\n  kubectl get pods -A  \n' },
      expected: { commands: ['kubectl get nodes', 'kubectl get pods -A'] },
      warned: 0,
    },
  ];
  for (const { attributes, expected, warned } of valueCases) {
    it(`reads ${JSON.stringify(attributes)}${warned ? ', with a warning' : ''}`, () => {
      let options: ReturnType<typeof readEmbedOptions> | undefined;
      const seen = warnings(() => (options = readEmbedOptions(element(attributes), 0, '/p')));
      expect(seen).to.have.length(warned);
      for (const [key, value] of Object.entries(expected)) {
        expect(options![key as keyof typeof expected], key).to.deep.equal(value);
      }
    });
  }

  it('takes the inline manifest from its own yaml scripts, dedented and joined as documents', () => {
    const el = element(
      {},
      `
      <script type="text/yaml">
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: one
      </script>
      <script type="application/yaml">
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: two}
      </script>
      <script type="module">ignored()</script>
      <div><script type="text/yaml">kind: Nested</script></div>`,
    );
    expect(readEmbedOptions(el, 0, '/p').inlineManifest).to.equal(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n' +
        '\n---\n' +
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n',
    );
  });
});

describe('dedent and commandLines', () => {
  it('keeps relative indentation and document separators at the start of their lines', () => {
    expect(dedent('\n    a: 1\n    ---\n    b:\n      c: 2\n  ')).to.equal(
      'a: 1\n---\nb:\n  c: 2\n',
    );
  });

  it('splits on line ends only: a line keeps its own semicolons and pipes', () => {
    expect(commandLines('kubectl get pods | wc -l; echo done\r\nk get nodes')).to.deep.equal([
      'kubectl get pods | wc -l; echo done',
      'k get nodes',
    ]);
  });
});
