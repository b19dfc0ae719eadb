import { expect } from '@esm-bundle/chai';
import { KubeTerminal } from '../../../src/ui/components/kube-terminal.ts';
import { startPlayground, type RunningPlayground } from '../../../src/ui/playground-api.ts';
import {
  TutorialPanel,
  type TutorialChangeDetail,
} from '../../../src/ui/tutorial/tutorial-panel.ts';
import { kubeTerminalPort } from '../../../src/ui/tutorial/tutorial-terminal.ts';
import { testUrls } from '../../helpers/worker-urls.ts';
import { all, find, mount, settle, text, unmountAll } from '../views/dom.ts';
import { FakePlayground } from '../views/fake-playground.ts';

const fixtures = new URL('./fixtures/', import.meta.url).href;

/** Polls until `fn` gives a value, for at most `ms` of real time. */
async function until<T>(
  fn: () => T | undefined | false | '' | null,
  ms = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sets the page URL's query (the test page's path is kept). */
function setQuery(query: string): void {
  history.replaceState(null, '', `${location.pathname}${query}`);
}

function buttonNamed(panel: TutorialPanel, name: string | RegExp): HTMLButtonElement {
  const button = all<HTMLButtonElement>(panel, 'button').find((b) =>
    typeof name === 'string' ? text(b) === name : name.test(text(b)),
  );
  if (!button)
    throw new Error(`no button ${name} in: ${all(panel, 'button').map(text).join(' | ')}`);
  return button;
}

function checkMarks(panel: TutorialPanel): string[] {
  return all(panel, '.checks li').map((li) => `${li.className.trim()}: ${text(li)}`);
}

const originalQuery = location.search;

describe('the tutorial panel', () => {
  afterEach(() => {
    unmountAll();
    setQuery(originalQuery);
  });

  describe('over a fake playground', () => {
    let p: FakePlayground;
    beforeEach(() => {
      p = new FakePlayground();
      p.boot();
    });

    function panelFor(tutorial: string, syncUrl = false): TutorialPanel {
      const panel = new TutorialPanel();
      panel.base = fixtures;
      panel.playground = p;
      panel.syncUrl = syncUrl;
      panel.tutorial = tutorial;
      return mount(panel);
    }

    it('lists the tutorials of index.json; picking one opens it, and All tutorials goes back', async () => {
      const panel = panelFor('');
      await until(() => all(panel, '.list button').length === 2);
      expect(all(panel, '.list button').map(text)).to.deep.equal([
        'A small tutorial Two config maps and a watch.',
        'Broken Does not parse.',
      ]);
      const picked: string[] = [];
      panel.addEventListener('tutorial-change', (e) =>
        picked.push((e as CustomEvent<TutorialChangeDetail>).detail.id),
      );
      all<HTMLButtonElement>(panel, '.list button')[0].click();
      await until(() => panel.doc);
      await settle(panel);
      expect(text(find(panel, 'header h2'))).to.equal('Tutorial A small tutorial');
      buttonNamed(panel, 'All tutorials').click();
      await until(() => all(panel, '.list button').length === 2);
      expect(picked).to.deep.equal(['mini', '']);
    });

    it('renders the intro and prose as Markdown, with HTML shown as text', async () => {
      const panel = panelFor('mini');
      await until(() => panel.doc);
      await settle(panel);
      const body = find(panel, '.body');
      expect(find(body, 'a').getAttribute('href')).to.equal('https://kubernetes.io/docs/');
      expect(find(body, 'strong').textContent).to.equal('intro');
      expect(all(body, 'b')).to.have.length(0);
      expect(text(body)).to.include('a <b>tag</b>.');
      expect(text(find(panel, '#step-title'))).to.equal('1. Make a config map');
      // No terminal, no Run button.
      expect(all(panel, '.command button')).to.have.length(0);
    });

    it('says what is wrong with a tutorial that does not parse or does not exist', async () => {
      const broken = panelFor('broken');
      await until(() => broken.loadError);
      await settle(broken);
      expect(text(find(broken, '.error'))).to.match(
        /^broken\.md has problems: line \d+: .*at least one step/,
      );
      const missing = panelFor('nope');
      await until(() => missing.loadError);
      expect(missing.loadError).to.equal('There is no tutorial "nope".');
    });

    it('opens the step the URL names, keeps the URL on the step shown, and clears it on close', async () => {
      setQuery('?cluster=x&tutorial=mini&step=2');
      const panel = panelFor('mini', true);
      await until(() => panel.doc);
      await settle(panel);
      expect(text(find(panel, '#step-title'))).to.equal('2. Watch config maps');
      expect(text(find(panel, 'footer .progress'))).to.match(/^Step 2 of 3 · /);
      buttonNamed(panel, 'Next →').click();
      await settle(panel);
      expect(location.search).to.equal('?cluster=x&tutorial=mini&step=3');
      expect(panel.shadowRoot!.activeElement?.id).to.equal('step-title');
      expect(buttonNamed(panel, 'Next →').disabled).to.equal(true);
      buttonNamed(panel, '← Previous').click();
      await settle(panel);
      expect(location.search).to.equal('?cluster=x&tutorial=mini&step=2');

      let closed = 0;
      panel.addEventListener('tutorial-close', () => closed++);
      find<HTMLButtonElement>(panel, 'button[aria-label="Close the tutorial"]').click();
      expect(closed).to.equal(1);
      expect(location.search).to.equal('?cluster=x');
    });

    it('clamps a step past the end, and leaves the URL alone without syncUrl', async () => {
      setQuery('?tutorial=mini&step=99');
      const synced = panelFor('mini', true);
      await until(() => synced.doc);
      await settle(synced);
      expect(synced.step).to.equal(3);
      expect(location.search).to.equal('?tutorial=mini&step=3');
      unmountAll();
      setQuery('?tutorial=mini&step=2');
      const free = panelFor('mini');
      await until(() => free.doc);
      await settle(free);
      expect(free.step).to.equal(1);
      buttonNamed(free, 'Next →').click();
      await settle(free);
      expect(location.search).to.equal('?tutorial=mini&step=2');
      expect(free.step).to.equal(2);
    });

    it('never runs two rounds of checks at once, even while the learner moves between steps', async () => {
      let running = 0;
      let most = 0;
      let calls = 0;
      let color = 'red';
      p.kubectlAnswer = async () => {
        running++;
        calls++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        return { stdout: color, stderr: '', exitCode: 0 };
      };
      const panel = panelFor('mini');
      panel.checkIntervalMs = 0;
      await until(() => panel.doc);
      await until(() => calls >= 3);
      for (let i = 0; i < 6; i++) {
        panel.goTo(i % 2 === 0 ? 2 : 1);
        await settle(panel);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await until(() => calls >= 20);
      expect(most).to.equal(1);
      expect(panel.step).to.equal(1);
      // Step 1's one check passes: its tick shows, the step is done, and the checks stop.
      color = 'blue';
      await until(
        () => checkMarks(panel).join() === 'passed: ✓ the config map first says blue (done)',
      );
      await settle(panel);
      expect(text(find(panel, 'footer .progress'))).to.equal('Step 1 of 3 · Step done');
      expect(buttonNamed(panel, 'Next →').className).to.equal('primary');
      const done = calls;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(calls).to.equal(done);
    });
  });

  describe('over a real playground and terminal', function () {
    this.timeout(120_000);
    let p: RunningPlayground;
    let terminal: KubeTerminal;
    let panel: TutorialPanel;

    beforeEach(async () => {
      p = startPlayground({
        database: `tutorial-panel-${crypto.randomUUID()}`,
        timing: 'tutorial',
        inMemory: true,
        urls: testUrls,
      });
      terminal = new KubeTerminal();
      terminal.style.width = '1200px';
      terminal.style.height = '400px';
      terminal.style.display = 'flex';
      terminal.playground = p;
      mount(terminal);
      panel = new TutorialPanel();
      panel.base = fixtures;
      panel.playground = p;
      panel.terminal = kubeTerminalPort(() => terminal);
      panel.syncUrl = true;
      panel.checkIntervalMs = 200;
      await settle(terminal);
    });

    afterEach(() => {
      unmountAll();
      p.terminate();
    });

    it('types a block into the terminal, ticks the checks as they pass, and stops a watch on leaving', async () => {
      setQuery('?tutorial=mini&step=1');
      panel.tutorial = 'mini';
      mount(panel);
      await until(() => panel.doc);
      await settle(panel);
      expect(checkMarks(panel)).to.deep.equal([
        'pending: ○ the config map first says blue (not yet)',
      ]);

      buttonNamed(panel, 'Run').click();
      await until(() => terminal.lines().includes('configmap/first created'), 60_000, 'created');
      expect(terminal.lines()).to.include(
        '$ kubectl create configmap first --from-literal=color=blue',
      );
      await until(() => checkMarks(panel)[0]?.startsWith('passed'), 30_000, 'tick');
      await settle(panel);
      expect(text(find(panel, 'footer .progress'))).to.equal('Step 1 of 3 · Step done');
      expect(text(find(panel, '.command'))).to.include('ran');

      buttonNamed(panel, 'Next →').click();
      await settle(panel);
      expect(location.search).to.equal('?tutorial=mini&step=2');

      // The watch runs until stopped: its button says Stop, and Stop sends Ctrl-C.
      const [watch] = all<HTMLButtonElement>(panel, '.command button');
      watch.click();
      await until(() => terminal.session.running);
      await until(
        () => all(panel, '.command button').some((b) => text(b) === 'Stop'),
        5_000,
        'Stop',
      );
      buttonNamed(panel, 'Stop').click();
      await until(() => !terminal.session.running);
      await terminal.idle();
      expect(
        terminal.lines().filter((l) => l.endsWith('^C')),
        terminal.lines().join('\n'),
      ).to.have.length(1);

      // Running the next block stops the watch first; the terminal's variable carried over.
      all<HTMLButtonElement>(panel, '.command button')[0].click();
      await until(() => terminal.session.running);
      all<HTMLButtonElement>(panel, '.command button')[1].click();
      await until(() => terminal.lines().includes('configmap/second created'), 60_000, 'second');
      expect(terminal.lines().filter((l) => l.endsWith('^C'))).to.have.length(2);
      await until(() => checkMarks(panel)[0]?.startsWith('passed'), 30_000, 'tick');
      await settle(panel);
      expect(checkMarks(panel)).to.deep.equal([
        'passed: ✓ the config map second says blue too (done)',
        'pending: ○ nothing else (not yet)',
      ]);
      expect(find(panel, '.checks li.pending').title).to.match(
        /^failed: kubectl get configmap third\n {2}wanted exit status 0\n {2}got exit 1, stdout "", stderr "Error from server \(NotFound\)/,
      );
      expect(text(find(panel, 'footer .progress'))).to.equal(
        'Step 2 of 3 · Waiting for the checks',
      );

      // Leaving a step stops the command it started.
      all<HTMLButtonElement>(panel, '.command button')[0].click();
      await until(() => terminal.session.running);
      buttonNamed(panel, 'Next →').click();
      await until(() => !terminal.session.running, 10_000, 'stopped');
      await settle(panel);
      expect(location.search).to.equal('?tutorial=mini&step=3');
      expect(text(find(panel, 'footer .progress'))).to.equal('Step 3 of 3 · Tutorial complete');
    });
  });
});
