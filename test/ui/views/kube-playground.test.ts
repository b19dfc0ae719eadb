import { expect } from '@esm-bundle/chai';
import { KubePlayground } from '../../../src/ui/views/kube-playground.ts';
import { all, find, mount, settle, text, unmountAll } from './dom.ts';
import { FakePlayground, event, node, runningPod } from './fake-playground.ts';

const nodesPath = '/api/v1/nodes';
const podsPath = '/api/v1/pods';
const eventsPath = '/api/v1/events';

/** A page attached to a booted fake with a control plane, two workers and some pods. */
async function cluster() {
  const playground = new FakePlayground();
  playground.workers = [
    { name: 'control-plane-1', role: 'control-plane' },
    { name: 'worker-1', role: 'worker' },
    { name: 'worker-2', role: 'worker' },
  ];
  const view = mount(new KubePlayground());
  void view.attach(playground);
  playground.boot();
  await playground.watching();
  playground.push(nodesPath, 'ADDED', node('worker-2', { ready: 'True' }));
  playground.push(nodesPath, 'ADDED', node('worker-1', { ready: 'True' }));
  playground.push(
    nodesPath,
    'ADDED',
    node('control-plane-1', {
      role: 'control-plane',
      ready: 'True',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    }),
  );
  playground.push(podsPath, 'ADDED', runningPod('ticker-a', 'worker-1'));
  playground.push(podsPath, 'ADDED', runningPod('ticker-b', 'worker-2'));
  playground.push(podsPath, 'ADDED', runningPod('ticker-c', 'worker-1'));
  await settle(view);
  return { playground, view };
}

function nodeBoxes(view: KubePlayground) {
  return all(find(view, 'kube-node-map'), 'kube-node-box');
}

function box(view: KubePlayground, name: string) {
  const found = nodeBoxes(view).find((b) => find(b, '.name').textContent === name);
  if (!found) throw new Error(`no box for node ${name}`);
  return found;
}

function podNames(el: Element): string[] {
  return all(el, 'kube-pod-card').map((card) => find(card, '.name').textContent ?? '');
}

describe('<kube-playground>', () => {
  afterEach(unmountAll);

  it('shows booting until the cluster is ready, then ready', async () => {
    const playground = new FakePlayground();
    const view = mount(new KubePlayground());
    void view.attach(playground);
    await settle(view);
    expect(find(view, 'kube-cluster-header', '.state').textContent).to.equal('booting');
    expect(find<HTMLButtonElement>(view, 'kube-cluster-header', 'button.add').disabled).to.equal(
      true,
    );
    playground.boot();
    await playground.watching();
    await settle(view);
    expect(find(view, 'kube-cluster-header', '.state').textContent).to.equal('ready');
  });

  it('shows error and the reason when the cluster fails to boot', async () => {
    const playground = new FakePlayground();
    const view = mount(new KubePlayground());
    const attached = view.attach(playground);
    playground.fail(new Error('IndexedDB is not available'));
    await attached;
    await settle(view);
    const header = find(view, 'kube-cluster-header');
    expect(find(header, '.state').textContent).to.equal('error');
    expect(find(header, '.state').classList.contains('tone-failed')).to.equal(true);
    expect(find(header, '.message').textContent).to.equal('IndexedDB is not available');
  });

  it('draws one box per node, control plane first, each with its pods', async () => {
    const { view } = await cluster();
    expect(nodeBoxes(view).map((b) => find(b, '.name').textContent)).to.deep.equal([
      'control-plane-1',
      'worker-1',
      'worker-2',
    ]);
    const cp = box(view, 'control-plane-1');
    expect(find(cp, '.role').textContent).to.equal('control-plane');
    expect(find(cp, '.status').textContent?.trim()).to.equal('Ready');
    expect(find(cp, '.taints').textContent).to.contain(
      'node-role.kubernetes.io/control-plane:NoSchedule',
    );
    expect(text(find(cp, '.empty'))).to.equal('No pods');
    expect(find(box(view, 'worker-1'), '.role').textContent).to.equal('worker');
    expect(podNames(box(view, 'worker-1'))).to.deep.equal(['ticker-a', 'ticker-c']);
    expect(podNames(box(view, 'worker-2'))).to.deep.equal(['ticker-b']);
  });

  it('follows node status: NotReady, SchedulingDisabled, and Unknown without a Ready condition', async () => {
    const { playground, view } = await cluster();
    playground.push(nodesPath, 'MODIFIED', node('worker-1', { ready: 'Unknown' }));
    playground.push(
      nodesPath,
      'MODIFIED',
      node('worker-2', { ready: 'True', unschedulable: true }),
    );
    playground.push(nodesPath, 'ADDED', node('worker-3'));
    playground.workers.push({ name: 'worker-3', role: 'worker' });
    await settle(view);
    expect(text(find(box(view, 'worker-1'), '.status'))).to.equal('NotReady');
    expect(
      find(box(view, 'worker-1'), '.status .badge').classList.contains('tone-notready'),
    ).to.equal(true);
    expect(text(find(box(view, 'worker-2'), '.status'))).to.equal('Ready SchedulingDisabled');
    expect(text(find(box(view, 'worker-3'), '.status'))).to.equal('Unknown');
  });

  it('moves, updates and removes pods as watch events arrive', async () => {
    const { playground, view } = await cluster();
    const crashing = runningPod('ticker-a', 'worker-1');
    crashing.status = {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'ticker',
          ready: false,
          restartCount: 3,
          image: 'ticker:1.0',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    };
    playground.push(podsPath, 'MODIFIED', crashing);
    playground.push(podsPath, 'DELETED', runningPod('ticker-b', 'worker-2'));
    await settle(view);
    const card = all(box(view, 'worker-1'), 'kube-pod-card')[0]!;
    expect(find(card, '.status').textContent).to.equal('CrashLoopBackOff');
    expect(find(card, '.pod').classList.contains('tone-failed')).to.equal(true);
    expect(text(find(card, '.restarts'))).to.equal('↻ 3');
    expect(podNames(box(view, 'worker-2'))).to.deep.equal([]);
  });

  it('puts pods without a node in the Pending (unscheduled) area with the scheduler’s reason', async () => {
    const { playground, view } = await cluster();
    playground.push(podsPath, 'ADDED', {
      ...runningPod('big', ''),
      spec: { containers: [{ name: 'big', image: 'hog:1.0' }] },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      },
    });
    await settle(view);
    const area = find(view, 'kube-node-map', 'kube-unscheduled-pods');
    expect(text(find(area, 'h3'))).to.equal('Pending (unscheduled): 1');
    expect(podNames(area)).to.deep.equal(['big']);
    const card = all(area, 'kube-pod-card')[0]!;
    expect(find(card, '.status').textContent).to.equal('Pending');
    expect(find(card, '.pod').classList.contains('tone-pending')).to.equal(true);
    expect(find(card, '.why').textContent).to.equal('0/3 nodes are available: 3 Insufficient cpu.');
    for (const b of nodeBoxes(view)) expect(podNames(b)).to.not.include('big');
  });

  it('kill node calls killNode, and the button is disabled once the worker is gone', async () => {
    const { playground, view } = await cluster();
    const kill = () => find<HTMLButtonElement>(box(view, 'worker-2'), 'button.kill');
    expect(kill().disabled).to.equal(false);
    kill().click();
    await playground.idle();
    expect(playground.killed).to.deep.equal(['worker-2']);
    await settle(view);
    expect(kill().disabled).to.equal(true);
    expect(text(find(box(view, 'worker-2'), '.meta'))).to.contain('worker stopped');
    expect(find<HTMLButtonElement>(box(view, 'worker-1'), 'button.kill').disabled).to.equal(false);
  });

  it('shows why a kill failed', async () => {
    const { playground, view } = await cluster();
    playground.killError = new Error('node "worker-1" is not running');
    find<HTMLButtonElement>(box(view, 'worker-1'), 'button.kill').click();
    await playground.idle();
    await settle(view);
    expect(text(find(view, '.notice'))).to.contain(
      'Could not kill node worker-1: node "worker-1" is not running',
    );
  });

  it('add node calls addNode and is disabled while it runs', async () => {
    const { playground, view } = await cluster();
    let finish!: (name: string) => void;
    playground.addNodeAnswer = () => new Promise((resolve) => (finish = resolve));
    const add = () => find<HTMLButtonElement>(view, 'kube-cluster-header', 'button.add');
    add().click();
    await settle(view);
    expect(add().disabled).to.equal(true);
    expect(text(add())).to.equal('Adding node…');
    finish('worker-3');
    await playground.idle();
    await settle(view);
    expect(add().disabled).to.equal(false);
  });

  it('the speed control sets the cluster speed', async () => {
    const { playground, view } = await cluster();
    const button = (speed: number) =>
      find<HTMLButtonElement>(
        view,
        'kube-cluster-header',
        'kube-speed-control',
        `button[data-speed="${speed}"]`,
      );
    expect(button(1).getAttribute('aria-pressed')).to.equal('true');
    button(10).click();
    await playground.idle();
    await settle(view);
    expect(playground.speeds).to.deep.equal([10]);
    expect(button(10).getAttribute('aria-pressed')).to.equal('true');
    expect(button(1).getAttribute('aria-pressed')).to.equal('false');
    button(0).click();
    await playground.idle();
    expect(playground.speeds).to.deep.equal([10, 0]);
  });

  it('a node chaos menu freezes, restarts and sets a network fault, keyboard included', async () => {
    const { playground, view } = await cluster();
    const more = () => find<HTMLButtonElement>(box(view, 'worker-1'), 'button.more');
    expect(more().getAttribute('aria-expanded')).to.equal('false');
    more().click();
    await settle(view);
    expect(more().getAttribute('aria-expanded')).to.equal('true');
    find<HTMLButtonElement>(box(view, 'worker-1'), 'form.chaos', 'button.freeze').click();
    find<HTMLButtonElement>(box(view, 'worker-1'), 'form.chaos', 'button.restart').click();
    const form = find<HTMLFormElement>(box(view, 'worker-1'), 'form.chaos');
    find<HTMLInputElement>(form, 'input[name=latency]').value = '200';
    find<HTMLInputElement>(form, 'input[name=loss]').value = '10';
    find<HTMLButtonElement>(form, 'button.network').click();
    await playground.idle();
    expect(playground.chaosCalls).to.deep.equal([
      'freezeNode worker-1',
      'restartNode worker-1',
      'setNetworkFault worker-1 {"latencyMs":200,"lossPercent":10}',
    ]);

    // What the page's nodes() reports shows on the box, and the menu offers to undo it.
    playground.workers = playground.workers.map((w) =>
      w.name === 'worker-1'
        ? { ...w, frozen: true, networkFault: { latencyMs: 200, lossPercent: 10 } }
        : w,
    );
    view.requestUpdate();
    await settle(view);
    expect(text(find(box(view, 'worker-1'), '.meta'))).to.contain('frozen (no heartbeats)');
    expect(text(find(box(view, 'worker-1'), '.meta'))).to.contain('network: 200 ms, 10% loss');
    find<HTMLButtonElement>(box(view, 'worker-1'), 'form.chaos', 'button.unfreeze').click();
    find<HTMLButtonElement>(box(view, 'worker-1'), 'form.chaos', 'button.clear-network').click();
    await playground.idle();
    expect(playground.chaosCalls.slice(3)).to.deep.equal([
      'unfreezeNode worker-1',
      'setNetworkFault worker-1 {"latencyMs":0,"lossPercent":0}',
    ]);

    find(box(view, 'worker-1'), 'form.chaos').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await settle(view);
    expect(all(box(view, 'worker-1'), 'form.chaos')).to.have.length(0);
    expect(box(view, 'worker-1').shadowRoot!.activeElement).to.equal(more());
  });

  it('the pod drawer kills the pod or its container', async () => {
    const { playground, view } = await cluster();
    find(all(box(view, 'worker-2'), 'kube-pod-card')[0]!, '.pod').click();
    await settle(view);
    find<HTMLButtonElement>(view, 'kube-logs-panel', 'button.kill-container').click();
    find<HTMLButtonElement>(view, 'kube-logs-panel', 'button.kill-pod').click();
    await playground.idle();
    expect(playground.chaosCalls).to.deep.equal([
      'killContainer default ticker-b ticker',
      'killPod default ticker-b',
    ]);
  });

  it('the header switches the chaos monkey on at its rate and off', async () => {
    const { playground, view } = await cluster();
    const toggle = () =>
      find<HTMLButtonElement>(view, 'kube-cluster-header', 'button.monkey-toggle');
    expect(toggle().getAttribute('aria-pressed')).to.equal('false');
    const rate = find<HTMLInputElement>(view, 'kube-cluster-header', '.monkey input');
    rate.value = '30';
    rate.dispatchEvent(new Event('change'));
    toggle().click();
    await settle(view);
    expect(toggle().getAttribute('aria-pressed')).to.equal('true');
    expect(text(toggle())).to.contain('Chaos monkey on');
    toggle().click();
    await settle(view);
    expect(playground.chaosCalls).to.deep.equal([
      'chaosMonkey {"podsPerMinute":30}',
      'stopChaosMonkey',
    ]);
    expect(toggle().getAttribute('aria-pressed')).to.equal('false');
  });

  for (const timing of ['tutorial', 'kubernetes'] as const) {
    it(`offers pause, 1×, 10× and 60× under the ${timing} timing preset`, async () => {
      const playground = new FakePlayground();
      playground.timing = timing;
      const view = mount(new KubePlayground());
      void view.attach(playground);
      playground.boot();
      await playground.watching();
      await settle(view);
      const buttons = all<HTMLButtonElement>(
        find(view, 'kube-cluster-header', 'kube-speed-control'),
        'button',
      );
      expect(buttons.map((b) => [b.dataset.speed, text(b), b.disabled])).to.deep.equal([
        ['0', 'Pause', false],
        ['1', '1×', false],
        ['10', '10×', false],
        ['60', '60×', false],
      ]);
      buttons[3]!.click();
      await settle(view);
      expect(playground.speeds).to.deep.equal([60]);
    });
  }

  it('has a live chart that waits for a Deployment', async () => {
    const { view } = await cluster();
    expect(text(find(view, 'kube-workload-chart'))).to.contain('No Deployments yet');
  });

  it('clicking a pod opens its logs; closing the panel stops asking', async () => {
    const { playground, view } = await cluster();
    playground.logsAnswer = async (call) => `tick from ${call.pod}/${call.container}\n`;
    find(all(box(view, 'worker-2'), 'kube-pod-card')[0]!, '.pod').click();
    await playground.logsCalled(1);
    await settle(view);
    const panel = find(view, 'kube-logs-panel');
    expect(text(find(panel, 'h2'))).to.equal('default/ticker-b');
    expect(find(panel, 'pre').textContent).to.equal('tick from ticker-b/ticker\n');
    expect(playground.logCalls[0]).to.deep.include({ namespace: 'default', pod: 'ticker-b' });
    find(panel, 'button.close').click();
    await settle(view);
    expect(all(view, 'kube-logs-panel')).to.have.length(0);
  });

  it('lists events newest first with kubectl’s columns', async () => {
    const { playground, view } = await cluster();
    playground.push(eventsPath, 'ADDED', event('old', 600));
    playground.push(
      eventsPath,
      'ADDED',
      event('new', 150, {
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container ticker in pod ticker-a_default(uid)',
        involvedObject: { kind: 'Pod', name: 'ticker-a' },
        count: 4,
      }),
    );
    // Ages are measured to the view's clock, which ticks once a second: read it now.
    view.now = Date.now();
    await settle(view);
    const rows = all(find(view, 'kube-events-list'), 'tbody tr');
    expect(rows.map((r) => all(r, 'td').map((td) => text(td)))).to.deep.equal([
      [
        '2m30s ×4',
        'Warning',
        'BackOff',
        'pod/ticker-a',
        'Back-off restarting failed container ticker in pod ticker-a_default(uid)',
      ],
      [
        '10m',
        'Normal',
        'Scheduled',
        'pod/ticker-abc',
        'Successfully assigned default/ticker-abc to worker-1',
      ],
    ]);
    expect(rows[0]!.classList.contains('warning')).to.equal(true);
  });

  it('reads cluster time as at least the newest timestamp the cluster wrote', async () => {
    const { playground, view } = await cluster();
    // As after a script ran the cluster at 60× behind the page's back.
    const ahead = Date.now() + 600_000;
    const at = (ms: number) => new Date(ms).toISOString();
    playground.push(eventsPath, 'ADDED', event('fast', 0, { lastTimestamp: at(ahead) }));
    playground.push(eventsPath, 'ADDED', event('older', 0, { lastTimestamp: at(ahead - 150_000) }));
    await settle(view);
    const ages = all(find(view, 'kube-events-list'), 'td.age').map((td) => text(td));
    expect(ages.slice(0, 2)).to.deep.equal(['0s', '2m30s']);
  });

  it('stops its watches when removed from the page', async () => {
    const { playground, view } = await cluster();
    view.remove();
    for (const path of [nodesPath, podsPath, eventsPath]) {
      expect(playground.watchers.get(path)?.size).to.equal(0);
    }
  });

  it("switches the node autoscaler from the header's toggle", async () => {
    const { playground, view } = await cluster();
    const header = view.shadowRoot!.querySelector('kube-cluster-header')!;
    const toggle = () =>
      [...header.shadowRoot!.querySelectorAll('button')].find((b) =>
        b.textContent?.includes('Autoscale nodes'),
      )!;
    expect(toggle().getAttribute('aria-pressed')).to.equal('false');
    toggle().click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle(view);
    await settle(header);
    expect(playground.autoscalerOptions).to.not.equal(undefined);
    expect(toggle().getAttribute('aria-pressed')).to.equal('true');
    toggle().click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle(view);
    expect(playground.autoscalerOptions).to.equal(undefined);
  });
});
