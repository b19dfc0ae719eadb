import { expect } from '@esm-bundle/chai';
import { SchedulerCache } from '../../../src/kernel/scheduler/cache.ts';
import { PodInfo } from '../../../src/kernel/scheduler/pod-info.ts';
import { makeNode, makePod } from './fixtures.ts';

const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });

describe('SchedulerCache', () => {
  it('keeps requested totals per node as pods come and go', () => {
    const cache = new SchedulerCache();
    cache.addNode(makeNode('n1'));
    const a = makePod('a', { cpu: '500m', memory: '1Gi', nodeName: 'n1' });
    cache.addPod(a);
    cache.addPod(makePod('b', { nodeName: 'n1' }));
    const node = cache.get('n1')!;
    expect(node.pods).to.have.length(2);
    expect(node.requested).to.include({ milliCPU: 500, memory: 1024 ** 3 });
    // The pod without requests counts kube-scheduler's defaults for scoring only.
    expect(node.nonZeroRequested).to.deep.equal({
      milliCPU: 600,
      memory: 1024 ** 3 + 200 * 1024 ** 2,
    });
    cache.removePod(a);
    expect(node.requested).to.include({ milliCPU: 0, memory: 0 });
    expect(node.pods).to.have.length(1);
  });

  it('accounts assumed pods at once, confirms them when seen bound, and forgets them on failure', () => {
    const cache = new SchedulerCache();
    cache.addNode(makeNode('n1'));
    cache.addNode(makeNode('n2'));
    const pending = makePod('p', { cpu: '1' });
    const info = new PodInfo(pending);
    cache.assumePod(info, 'n1');
    expect(cache.isAssumed(info.key)).to.equal(true);
    expect(cache.get('n1')!.requested.milliCPU).to.equal(1000);

    // The API server bound it elsewhere (someone else's binding won): it moves.
    cache.addPod({ ...pending, spec: { ...pending.spec, nodeName: 'n2' } });
    expect(cache.isAssumed(info.key)).to.equal(false);
    expect(cache.get('n1')!.requested.milliCPU).to.equal(0);
    expect(cache.get('n2')!.requested.milliCPU).to.equal(1000);

    const other = new PodInfo(makePod('q', { cpu: '2' }));
    cache.assumePod(other, 'n1');
    cache.forgetPod(other.key);
    expect(cache.get('n1')!.pods).to.have.length(0);
    expect(cache.podCount).to.equal(1);
  });

  it('holds pods of a node it has not seen, and shows the node only once it exists', () => {
    const cache = new SchedulerCache();
    cache.addPod(makePod('early', { cpu: '1', nodeName: 'late-node' }));
    expect(cache.nodes).to.have.length(0);
    cache.addNode(makeNode('late-node'));
    expect(cache.nodes.map((n) => n.name)).to.deep.equal(['late-node']);
    expect(cache.get('late-node')!.requested.milliCPU).to.equal(1000);
    cache.removeNode('late-node');
    expect(cache.nodes).to.have.length(0);
    expect(cache.get('late-node')).to.equal(undefined);
  });

  it('walks nodes round-robin over zones', () => {
    const cache = new SchedulerCache();
    for (const [name, z] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['a3', 'a'],
      ['b1', 'b'],
      ['c1', 'c'],
      ['c2', 'c'],
    ]) {
      cache.addNode(makeNode(name, zone(z)));
    }
    expect(cache.nodes.map((n) => n.name)).to.deep.equal(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('counts a controller\u2019s pods per zone, without pods being deleted', () => {
    const cache = new SchedulerCache();
    cache.addNode(makeNode('a1', zone('a')));
    cache.addNode(makeNode('b1', zone('b')));
    cache.addPod(makePod('p1', { owner: 'rs', nodeName: 'a1' }));
    cache.addPod(makePod('p2', { owner: 'rs', nodeName: 'a1' }));
    cache.addPod(makePod('p3', { owner: 'rs', nodeName: 'b1', deleting: true }));
    cache.addPod(makePod('p4', { owner: 'other', nodeName: 'b1' }));
    expect([...cache.controllerPodsPerZone('rs')!]).to.deep.equal([['a', 2]]);
    // Relabelling a node moves its pods to the new zone.
    cache.updateNode(makeNode('a1', zone('b')));
    expect([...cache.controllerPodsPerZone('rs')!]).to.deep.equal([['b', 2]]);
  });

  it('does not account pods that have finished', () => {
    const cache = new SchedulerCache();
    cache.addNode(makeNode('n1'));
    const pod = makePod('job', { cpu: '1', nodeName: 'n1' });
    cache.addPod(pod);
    cache.updatePod({ ...pod, status: { phase: 'Succeeded' } });
    expect(cache.get('n1')!.requested.milliCPU).to.equal(0);
  });
});
