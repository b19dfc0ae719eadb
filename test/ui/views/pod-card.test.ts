import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { PodCard } from '../../../src/ui/components/pod-card.ts';
import { find, mount, settle, text, unmountAll } from './dom.ts';
import { ago, runningPod } from './fake-playground.ts';

function withContainer(pod: Pod, state: object, extra: object = {}): Pod {
  const status = pod.status!.containerStatuses![0]!;
  return {
    ...pod,
    status: {
      ...pod.status,
      conditions: [],
      containerStatuses: [{ ...status, ready: false, state, ...extra }],
    },
  };
}

describe('<kube-pod-card>', () => {
  afterEach(unmountAll);

  const base = runningPod('ticker-abc', 'worker-1');
  const cases: { name: string; pod: Pod; status: string; tone: string }[] = [
    { name: 'running and ready', pod: base, status: 'Running', tone: 'tone-ok' },
    {
      name: 'running, not ready',
      pod: withContainer(base, { running: {} }),
      status: 'Running',
      tone: 'tone-pending',
    },
    {
      name: 'pending, unscheduled',
      pod: { ...base, spec: { ...base.spec, nodeName: undefined }, status: { phase: 'Pending' } },
      status: 'Pending',
      tone: 'tone-pending',
    },
    {
      name: 'container creating',
      pod: withContainer(base, { waiting: { reason: 'ContainerCreating' } }),
      status: 'ContainerCreating',
      tone: 'tone-pending',
    },
    {
      name: 'crash loop',
      pod: withContainer(base, { waiting: { reason: 'CrashLoopBackOff' } }),
      status: 'CrashLoopBackOff',
      tone: 'tone-failed',
    },
    {
      name: 'image pull back-off',
      pod: withContainer(base, { waiting: { reason: 'ImagePullBackOff' } }),
      status: 'ImagePullBackOff',
      tone: 'tone-failed',
    },
    {
      name: 'error image pull',
      pod: withContainer(base, { waiting: { reason: 'ErrImagePull' } }),
      status: 'ErrImagePull',
      tone: 'tone-failed',
    },
    {
      name: 'OOM killed',
      pod: withContainer(base, { terminated: { exitCode: 137, reason: 'OOMKilled' } }),
      status: 'OOMKilled',
      tone: 'tone-failed',
    },
    {
      name: 'exited with an error',
      pod: withContainer(base, { terminated: { exitCode: 1, reason: 'Error' } }),
      status: 'Error',
      tone: 'tone-failed',
    },
    {
      name: 'completed',
      pod: {
        ...withContainer(base, { terminated: { exitCode: 0, reason: 'Completed' } }),
        status: {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'ticker',
              ready: false,
              restartCount: 0,
              image: '',
              imageID: '',
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      },
      status: 'Completed',
      tone: 'tone-completed',
    },
    {
      name: 'terminating',
      pod: { ...base, metadata: { ...base.metadata, deletionTimestamp: ago(1) } },
      status: 'Terminating',
      tone: 'tone-terminating',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: shows ${c.status} in ${c.tone}`, async () => {
      const card = mount(new PodCard());
      card.pod = c.pod;
      card.now = Date.now();
      await settle(card);
      expect(find(card, '.status').textContent).to.equal(c.status);
      expect(find(card, '.pod').classList.contains(c.tone)).to.equal(true);
    });
  }

  it('shows name, image, READY and the restart count with its age', async () => {
    const card = mount(new PodCard());
    card.pod = withContainer(
      base,
      { running: {} },
      {
        ready: true,
        restartCount: 4,
        lastState: { terminated: { exitCode: 1, finishedAt: ago(312) } },
      },
    );
    card.now = Date.now();
    await settle(card);
    expect(find(card, '.name').textContent).to.equal('ticker-abc');
    expect(find(card, '.images').textContent).to.equal('ticker:1.0');
    expect(find(card, '.ready').textContent).to.equal('1/1');
    expect(text(find(card, '.restarts'))).to.match(/^↻ 4 \(5m1[2-4]s ago\)$/);
  });

  it('sends pod-select with namespace and name when clicked', async () => {
    const card = mount(new PodCard());
    card.pod = base;
    await settle(card);
    let detail: unknown;
    document.body.addEventListener('pod-select', (e) => (detail = (e as CustomEvent).detail), {
      once: true,
    });
    find(card, '.pod').click();
    expect(detail).to.deep.equal({ namespace: 'default', name: 'ticker-abc' });
  });

  it('shows the connections per second the pod accepts, and nothing without traffic', async () => {
    const card = mount(new PodCard());
    card.pod = base;
    await settle(card);
    expect(card.shadowRoot!.querySelector('.traffic')).to.equal(null);
    card.rate = 12.4;
    await settle(card);
    expect(text(find(card, '.traffic'))).to.equal('⇄ 12 conn/s');
  });
});
