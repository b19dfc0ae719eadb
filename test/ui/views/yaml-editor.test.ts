import { expect } from '@esm-bundle/chai';
import { YamlEditor, tickerExample } from '../../../src/ui/components/yaml-editor.ts';
import { manifestTemplates } from '../../../src/ui/editor/templates.ts';
import { all, find, mount, settle, unmountAll } from './dom.ts';
import { FakePlayground } from './fake-playground.ts';

async function editor(playground: FakePlayground): Promise<YamlEditor> {
  const el = mount(new YamlEditor());
  el.playground = playground;
  await settle(el);
  return el;
}

function output(el: YamlEditor): { text: string; error: boolean }[] {
  return all(el, '.line').map((l) => ({
    text: l.textContent ?? '',
    error: l.classList.contains('error'),
  }));
}

/** Resolves once the editor's debounced check has marked something (or times out the test). */
async function marked(el: YamlEditor): Promise<Element[]> {
  for (;;) {
    const marks = [...el.renderRoot.querySelectorAll('.cm-lintRange-error')];
    if (marks.length > 0) return marks;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

describe('<kube-yaml-editor>', () => {
  afterEach(unmountAll);

  it('Example fills in the ticker Deployment, and Apply prints kubectl’s line per document', async () => {
    const playground = new FakePlayground();
    playground.applyResult = async () => [{ ref: 'deployment.apps/ticker', action: 'created' }];
    const el = await editor(playground);
    find(el, 'button.example').click();
    await settle(el);
    expect(el.text).to.equal(tickerExample);
    expect(el.renderRoot.querySelector('.cm-content')!.textContent).to.contain('image: ticker:1.0');
    expect(find<HTMLButtonElement>(el, 'button.apply').disabled).to.equal(false);
    find(el, 'button.apply').click();
    await el.apply();
    expect(playground.applied).to.deep.equal([tickerExample]);
    expect(output(el)).to.deep.equal([{ text: 'deployment.apps/ticker created', error: false }]);
  });

  it('prints server errors and warnings per document as kubectl does', async () => {
    const playground = new FakePlayground();
    playground.applyResult = async () => [
      { ref: 'namespace/team-a', action: 'unchanged' },
      {
        ref: 'deployment.apps/bad',
        error: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          code: 422,
          reason: 'Invalid',
          message:
            'Deployment.apps "bad" is invalid: spec.template.spec.containers[0].image: Required value',
        },
      },
      { ref: 'pod/p', action: 'configured', warning: 'Warning: resource pods/p is missing…' },
    ];
    const el = await editor(playground);
    el.text = 'kind: whatever';
    await el.apply();
    expect(output(el)).to.deep.equal([
      { text: 'namespace/team-a unchanged', error: false },
      {
        text: 'Error from server (Invalid): Deployment.apps "bad" is invalid: spec.template.spec.containers[0].image: Required value',
        error: true,
      },
      { text: 'Warning: resource pods/p is missing…', error: false },
      { text: 'pod/p configured', error: false },
    ]);
  });

  it('prints a manifest the server cannot parse as a client error', async () => {
    const playground = new FakePlayground();
    playground.applyResult = async () => {
      throw new Error('error parsing manifest: line 2, column 1: bad indentation');
    };
    const el = await editor(playground);
    el.text = 'a:\n- b\n c';
    await el.apply();
    expect(output(el)).to.deep.equal([
      { text: 'error: error parsing manifest: line 2, column 1: bad indentation', error: true },
    ]);
  });

  it('keeps Apply disabled while the editor is empty', async () => {
    const el = await editor(new FakePlayground());
    expect(find<HTMLButtonElement>(el, 'button.apply').disabled).to.equal(true);
  });

  it('offers the Deployment, Pod and Namespace templates, each free of problems', async () => {
    const el = await editor(new FakePlayground());
    const labels = all(el, 'button.template').map((b) => b.textContent?.trim());
    expect(labels).to.deep.equal(['Deployment', 'Pod', 'Namespace']);
    for (const [i, button] of all(el, 'button.template').entries()) {
      button.click();
      expect(el.text).to.equal(manifestTemplates[i].text);
      expect(el.diagnostics()).to.deep.equal([]);
    }
  });

  it('marks an unknown field in the text as the user types', async () => {
    const el = await editor(new FakePlayground());
    el.text = tickerExample.replace('replicas: 3', 'replicass: 3');
    const marks = await marked(el);
    expect(marks.map((m) => m.textContent)).to.deep.equal(['replicass']);
    await settle(el);
    expect(find(el, '.problems').textContent?.trim()).to.equal('1 problem');
    expect(
      all(el, '.problem').map((p) => p.textContent?.replace(/\s+/g, ' ').trim()),
    ).to.deep.equal(['line 5 unknown field "spec.replicas"'.replace('replicas', 'replicass')]);
  });
});
