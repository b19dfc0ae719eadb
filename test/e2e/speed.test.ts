import { expect } from '@esm-bundle/chai';
import type { Event } from '../../src/kernel/types/core.ts';
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

  it('runs the tutorial preset at real time at most', async () => {
    const tutorial = startPlayground({
      database: `speed-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    try {
      await tutorial.ready;
      let refusal = '';
      await tutorial.setSpeed(10).catch((err: Error) => (refusal = err.message));
      expect(refusal).to.match(/^the tutorial timing preset runs at most 1× /);
      await tutorial.setSpeed(0);
      await tutorial.setSpeed(1);
    } finally {
      tutorial.terminate();
    }
  });
});
