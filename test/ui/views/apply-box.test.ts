import { expect } from '@esm-bundle/chai';
import { ApplyBox, tickerExample } from '../../../src/ui/components/apply-box.ts';
import { all, find, mount, settle, unmountAll } from './dom.ts';
import { FakePlayground } from './fake-playground.ts';

async function box(playground: FakePlayground) {
  const el = mount(new ApplyBox());
  el.playground = playground;
  await settle(el);
  return el;
}

function output(el: ApplyBox): { text: string; error: boolean }[] {
  return all(el, '.line').map((l) => ({
    text: l.textContent ?? '',
    error: l.classList.contains('error'),
  }));
}

describe('<kube-apply-box>', () => {
  afterEach(unmountAll);

  it('Example fills in the ticker Deployment, and Apply prints kubectl’s line per document', async () => {
    const playground = new FakePlayground();
    playground.applyResult = async () => [{ ref: 'deployment.apps/ticker', action: 'created' }];
    const el = await box(playground);
    find(el, 'button.example').click();
    await settle(el);
    expect(find<HTMLTextAreaElement>(el, 'textarea').value).to.equal(tickerExample);
    expect(tickerExample).to.contain('image: ticker:1.0');
    find(el, 'button.apply').click();
    await el.apply();
    expect(playground.applied).to.deep.equal([tickerExample]);
    expect(output(el)).to.deep.equal([{ text: 'deployment.apps/ticker created', error: false }]);
  });

  it('prints server errors per document as kubectl does', async () => {
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
      {
        ref: 'widget/w',
        error: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          code: 400,
          reason: 'BadRequest',
          message:
            'resource mapping not found for name: "w" namespace: "" from "manifest": no matches for kind "Widget" in version "v1"',
        },
      },
    ];
    const el = await box(playground);
    const textarea = find<HTMLTextAreaElement>(el, 'textarea');
    textarea.value = 'kind: whatever';
    textarea.dispatchEvent(new InputEvent('input'));
    await el.apply();
    expect(output(el)).to.deep.equal([
      { text: 'namespace/team-a unchanged', error: false },
      {
        text: 'Error from server (Invalid): Deployment.apps "bad" is invalid: spec.template.spec.containers[0].image: Required value',
        error: true,
      },
      {
        text: 'error: resource mapping not found for name: "w" namespace: "" from "manifest": no matches for kind "Widget" in version "v1"',
        error: true,
      },
    ]);
  });

  it('prints a manifest that does not parse as a client error', async () => {
    const playground = new FakePlayground();
    playground.applyResult = async () => {
      throw new Error('error parsing manifest: line 2, column 1: bad indentation');
    };
    const el = await box(playground);
    const textarea = find<HTMLTextAreaElement>(el, 'textarea');
    textarea.value = 'a:\n- b\n c';
    textarea.dispatchEvent(new InputEvent('input'));
    await el.apply();
    expect(output(el)).to.deep.equal([
      { text: 'error: error parsing manifest: line 2, column 1: bad indentation', error: true },
    ]);
  });

  it('keeps Apply disabled while the box is empty', async () => {
    const el = await box(new FakePlayground());
    expect(find<HTMLButtonElement>(el, 'button.apply').disabled).to.equal(true);
  });
});
