import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { LogsPanel } from '../../../src/ui/components/logs-panel.ts';
import { all, find, mount, settle, unmountAll } from './dom.ts';
import { FakePlayground, runningPod } from './fake-playground.ts';

function twoContainers(): Pod {
  const pod = runningPod('web-1', 'worker-1');
  pod.spec.containers = [
    { name: 'web', image: 'hello:1.0' },
    { name: 'sidecar', image: 'ticker:1.0' },
  ];
  pod.spec.initContainers = [{ name: 'setup', image: 'hello:1.0' }];
  return pod;
}

async function open(pod: Pod, playground: FakePlayground, refreshMs = 60_000) {
  const panel = new LogsPanel();
  panel.playground = playground;
  panel.refreshMs = refreshMs;
  panel.pod = pod;
  mount(panel);
  await playground.logsCalled(1);
  await settle(panel);
  return panel;
}

describe('<kube-logs-panel>', () => {
  afterEach(unmountAll);

  it('shows the default container’s log', async () => {
    const playground = new FakePlayground();
    playground.logsAnswer = async () => 'hello\nworld\n';
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    expect(find(panel, 'pre').textContent).to.equal('hello\nworld\n');
    expect(playground.logCalls[0]).to.deep.include({
      namespace: 'default',
      pod: 'ticker-a',
      container: 'ticker',
    });
    expect(playground.logCalls[0]!.options?.previous).to.equal(false);
  });

  it('refreshes while open', async () => {
    const playground = new FakePlayground();
    let n = 0;
    playground.logsAnswer = async () => `line ${++n}\n`;
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground, 5);
    await playground.logsCalled(3);
    await settle(panel);
    expect(find(panel, 'pre').textContent).to.match(/^line [3-9]\n$/);
  });

  it('offers every container of a multi-container pod and fetches the one picked', async () => {
    const playground = new FakePlayground();
    playground.logsAnswer = async (call) => `from ${call.container}\n`;
    const panel = await open(twoContainers(), playground);
    const select = find<HTMLSelectElement>(panel, 'select');
    expect(all(panel, 'option').map((o) => o.textContent?.trim())).to.deep.equal([
      'web',
      'sidecar',
      'setup (init)',
    ]);
    expect(find(panel, 'pre').textContent).to.equal('from web\n');
    select.value = 'sidecar';
    select.dispatchEvent(new Event('change'));
    await playground.logsCalled(2);
    await settle(panel);
    expect(playground.logCalls[1]!.container).to.equal('sidecar');
    expect(find(panel, 'pre').textContent).to.equal('from sidecar\n');
  });

  it('asks for the previous instance when "previous" is ticked', async () => {
    const playground = new FakePlayground();
    playground.logsAnswer = async (call) =>
      call.options?.previous ? 'before the crash\n' : 'now\n';
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    const box = find<HTMLInputElement>(panel, 'input.previous');
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await playground.logsCalled(2);
    await settle(panel);
    expect(playground.logCalls[1]!.options?.previous).to.equal(true);
    expect(find(panel, 'pre').textContent).to.equal('before the crash\n');
  });

  it('shows the error when logs reject', async () => {
    const playground = new FakePlayground();
    playground.logsAnswer = async () => {
      throw new Error(
        'container "ticker" in pod "ticker-a" is waiting to start: ContainerCreating',
      );
    };
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    expect(find(panel, '.error').textContent).to.equal(
      'container "ticker" in pod "ticker-a" is waiting to start: ContainerCreating',
    );
    expect(all(panel, 'pre')).to.have.length(0);
  });

  it('shows a Status rejection as kubectl prints it', async () => {
    const playground = new FakePlayground();
    playground.logsAnswer = async () => {
      throw { kind: 'Status', reason: 'NotFound', message: 'pods "ticker-a" not found' };
    };
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    expect(find(panel, '.error').textContent).to.equal(
      'Error from server (NotFound): pods "ticker-a" not found',
    );
  });

  it('sends close from its button and from Escape', async () => {
    const playground = new FakePlayground();
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    let closes = 0;
    panel.addEventListener('close', () => closes++);
    find(panel, 'button.close').click();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(closes).to.equal(2);
  });

  it("shows the pod's YAML and kubectl describe (with its events) in the other views", async () => {
    const playground = new FakePlayground();
    playground.logsAnswer = async () => 'log line\n';
    playground.kubectlAnswer = async (line) => ({
      stdout: line.startsWith('get')
        ? 'apiVersion: v1\nkind: Pod\n'
        : 'Name: ticker-a\nEvents: <none>\n',
      stderr: '',
      exitCode: 0,
    });
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    const tabs = all<HTMLButtonElement>(panel, '.views button');
    expect(tabs.map((t) => t.textContent?.trim())).to.deep.equal(['Logs', 'YAML', 'Describe']);
    tabs[1].click();
    await settle(panel);
    await panel.refresh();
    expect(playground.kubectlLines.at(-1)).to.equal('get pod ticker-a -n default -o yaml');
    expect(find(panel, 'pre').textContent).to.equal('apiVersion: v1\nkind: Pod\n');
    expect(panel.shadowRoot!.querySelector('select, .previous')).to.equal(null);
    tabs[2].click();
    await settle(panel);
    await panel.refresh();
    expect(playground.kubectlLines.at(-1)).to.equal('describe pod ticker-a -n default');
    expect(find(panel, 'pre').textContent).to.equal('Name: ticker-a\nEvents: <none>\n');
  });

  it('shows what kubectl printed when the pod cannot be read', async () => {
    const playground = new FakePlayground();
    playground.kubectlAnswer = async () => ({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "ticker-a" not found\n',
      exitCode: 1,
    });
    const panel = await open(runningPod('ticker-a', 'worker-1'), playground);
    all<HTMLButtonElement>(panel, '.views button')[1].click();
    await settle(panel);
    await panel.refresh();
    expect(find(panel, '.error').textContent).to.equal(
      'Error from server (NotFound): pods "ticker-a" not found',
    );
  });
});
