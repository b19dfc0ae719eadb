import { expect } from '@esm-bundle/chai';
import type { Event, Node, Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { maxSpeed } from '../../src/ui/state/speed-limit.ts';
import { testUrls } from '../helpers/worker-urls.ts';

describe('the cluster clock speed on real nodes', function () {
  this.timeout(60_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `speed-${crypto.randomUUID()}`,
      timing: 'kubernetes',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  it('keeps healthy nodes Ready at 60× under Kubernetes timings, and refuses more', async () => {
    expect(maxSpeed('kubernetes')).to.equal(60);
    let refusal = '';
    await p.setSpeed(120).catch((err: Error) => (refusal = `${err.name}: ${err.message}`));
    expect(refusal).to.match(/^RangeError: the kubernetes timing preset runs at most 60×/);

    await p.setSpeed(60);
    const started = Date.now();
    // Nothing to wait for but time itself: six minutes of cluster time (50 s node grace
    // periods, Leases renewed every 10 s) in six seconds, with a Deployment's pods starting.
    await p.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: busy}
spec:
  replicas: 6
  selector: {matchLabels: {app: busy}}
  template:
    metadata: {labels: {app: busy}}
    spec:
      containers: [{name: c, image: "ticker:1.0", args: ["--every", "1s"]}]`);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const res = await p.request({ verb: 'GET', path: '/api/v1/events' });
    const flaps = (res.body as { items: Event[] }).items.filter(
      (e) => e.reason === 'NodeNotReady' || e.reason === 'TaintManagerEviction',
    );
    expect(flaps.map((e) => `${e.reason} ${e.involvedObject.name}`)).to.deep.equal([]);
    const nodes = await p.kubectl('get nodes --no-headers');
    expect(nodes.stdout.match(/ Ready /g)).to.have.length(3);
    expect(Date.now() - started).to.be.at.least(6000);
    await p.setSpeed(0);
  });
});

/** Polls until `fn` returns a value, every 50 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the tutorial preset at 60×', function () {
  this.timeout(180_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `speed-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  const replicas = 20;
  const busy = (p: Pod) => p.metadata.labels?.app === 'busy' && !p.metadata.deletionTimestamp;
  const running = (p: Pod) =>
    p.status?.phase === 'Running' && (p.status.containerStatuses ?? []).every((c) => c.ready);
  const pods = async () =>
    (
      (await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods' })).body as {
        items: Pod[];
      }
    ).items.filter(busy);
  const events = async (...reasons: string[]) =>
    ((await p.request({ verb: 'GET', path: '/api/v1/events' })).body as { items: Event[] }).items
      .filter((e) => reasons.includes(e.reason ?? ''))
      .map((e) => `${e.reason} ${e.involvedObject.name}`);

  it('keeps healthy nodes Ready while 20 pods start, then fails a killed node over', async () => {
    expect(maxSpeed('tutorial')).to.equal(60);
    let refusal = '';
    await p.setSpeed(120).catch((err: Error) => (refusal = `${err.name}: ${err.message}`));
    expect(refusal).to.equal('RangeError: the tutorial timing preset runs at most 60×');

    // Every Ready other than True any node ever shows, as the page would see it.
    const notReady: string[] = [];
    const stopWatching = await p.watch({ verb: 'GET', path: '/api/v1/nodes' }, (event) => {
      const node = event.object as Node;
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready && ready.status !== 'True') notReady.push(`${node.metadata.name} ${ready.status}`);
    });
    try {
      await p.setSpeed(60);
      // The 400 ms grace is 7 ms of real time at 60×: the heartbeats' real-time pace and the
      // controller's real-time floor are what keep these nodes Ready while their workers are
      // busy starting containers.
      await p.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: busy}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: busy}}
  template:
    metadata: {labels: {app: busy}}
    spec:
      containers: [{name: c, image: "ticker:1.0", args: ["--every", "1s"]}]`);
      await until(async () => {
        const list = await pods();
        return list.length === replicas && list.every(running);
      });
      // Then nothing to wait for but time itself: four seconds, four minutes of cluster time.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(notReady, 'no node ever NotReady').to.deep.equal([]);
      expect(await events('NodeNotReady', 'TaintManagerEviction')).to.deep.equal([]);

      const placed = await pods();
      const victim = placed[0]!.spec.nodeName!;
      const lost = placed
        .filter((pod) => pod.spec.nodeName === victim)
        .map((pod) => pod.metadata.name);
      const killedAt = performance.now();
      await p.killNode(victim);
      await until(() => Promise.resolve(notReady.includes(`${victim} Unknown`)));
      const detected = performance.now() - killedAt;
      await until(async () => {
        const list = await pods();
        return (
          list.length === replicas &&
          list.every((pod) => running(pod) && pod.spec.nodeName !== victim)
        );
      });
      const replaced = performance.now() - killedAt;
      console.warn(
        `tutorial at 60×: ${victim} Unknown ${Math.round(detected)} ms after the kill, its ${lost.length} pods replaced after ${Math.round(replaced)} ms`,
      );
      // Not before a second of real silence: 60× does not make a dead node detected faster
      // in real time than the heartbeat path can honestly tell.
      expect(detected).to.be.at.least(900);
      const evicted = await events('TaintManagerEviction');
      for (const name of lost) expect(evicted).to.include(`TaintManagerEviction ${name}`);
      expect(notReady.filter((n) => !n.startsWith(`${victim} `))).to.deep.equal([]);
    } finally {
      stopWatching();
    }
  });
});
