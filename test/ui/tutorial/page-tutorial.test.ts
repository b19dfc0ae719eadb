import { expect } from '@esm-bundle/chai';
import { KubePlayground } from '../../../src/ui/views/kube-playground.ts';
import type { TutorialPanel } from '../../../src/ui/tutorial/tutorial-panel.ts';
import { all, find, mount, settle, text, unmountAll } from '../views/dom.ts';
import { FakePlayground } from '../views/fake-playground.ts';

const fixtures = new URL('./fixtures/', import.meta.url).href;

async function until<T>(fn: () => T | undefined | false | null | '', ms = 10_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The page's panel, pointed at the test fixtures (the test server has no ./tutorials/). */
async function panelOf(view: KubePlayground): Promise<TutorialPanel> {
  await settle(view);
  const panel = find<TutorialPanel>(view, 'kube-tutorial-panel');
  panel.base = fixtures;
  await settle(view);
  return panel;
}

const originalQuery = location.search;

describe('the page with a tutorial', () => {
  let playground: FakePlayground;
  beforeEach(() => {
    playground = new FakePlayground();
    playground.boot();
  });
  afterEach(() => {
    unmountAll();
    history.replaceState(null, '', `${location.pathname}${originalQuery}`);
  });

  it('opens the list from the Tutorials button, and closing hides the panel again', async () => {
    const view = mount(new KubePlayground());
    void view.attach(playground);
    await settle(view);
    expect(all(view, 'kube-tutorial-panel')).to.have.length(0);
    find<HTMLButtonElement>(view, '.tabbar .tutorials').click();
    const panel = await panelOf(view);
    await until(() => all(panel, '.list button').length > 0);
    expect(view.tutorial).to.equal('');
    all<HTMLButtonElement>(panel, '.list button')[0].click();
    await until(() => panel.doc);
    expect(view.tutorial).to.equal('mini');
    find<HTMLButtonElement>(panel, 'button[aria-label="Close the tutorial"]').click();
    await settle(view);
    expect(all(view, 'kube-tutorial-panel')).to.have.length(0);
    expect(view.tutorial).to.equal(undefined);
    expect(all(view, '.tabbar .tutorials')).to.have.length(1);
  });

  it('takes the tutorial from the page URL; Run switches to the terminal and types the block there', async () => {
    history.replaceState(null, '', `${location.pathname}?tutorial=mini&step=1`);
    const view = mount(new KubePlayground());
    void view.attach(playground);
    expect(view.tutorial).to.equal('mini');
    const panel = await panelOf(view);
    await until(() => panel.doc);
    await settle(view);
    find<HTMLButtonElement>(view, '#tab-editor').click();
    await settle(view);
    find<HTMLButtonElement>(panel, '.command button').click();
    await settle(view);
    expect(find(view, '#tab-terminal').getAttribute('aria-selected')).to.equal('true');
    await until(() =>
      playground.kubectlLines.includes('kubectl create configmap first --from-literal=color=blue'),
    );
    expect(location.search).to.equal('?tutorial=mini&step=1');
  });

  it('embedded, it takes the tutorial from its property and leaves the URL alone', async () => {
    history.replaceState(null, '', `${location.pathname}?tutorial=other`);
    const view = new KubePlayground();
    view.embedded = true;
    view.tutorial = 'mini';
    mount(view);
    void view.attach(playground);
    const panel = await panelOf(view);
    await until(() => panel.doc);
    expect(text(find(panel, 'header h2'))).to.equal('Tutorial A small tutorial');
    find<HTMLButtonElement>(panel, 'footer button:last-child').click();
    await settle(view);
    expect(panel.step).to.equal(2);
    expect(location.search).to.equal('?tutorial=other');
  });
});
