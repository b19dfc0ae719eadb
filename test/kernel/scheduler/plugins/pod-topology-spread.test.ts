import { expect } from '@esm-bundle/chai';
import { podTopologySpread } from '../../../../src/kernel/scheduler/plugins/pod-topology-spread.ts';
import type { Node, Pod, TopologySpreadConstraint } from '../../../../src/kernel/types/core.ts';
import {
  clusterOf,
  instantiate,
  makeNode,
  makePod,
  reasonsByNode,
  runFilter,
  runScore,
} from '../fixtures.ts';

const skewed = "node(s) didn't match pod topology spread constraints";
const missing = "node(s) didn't match pod topology spread constraints (missing required label)";

function spread(c: Partial<TopologySpreadConstraint>): TopologySpreadConstraint {
  return {
    maxSkew: 1,
    topologyKey: 'kubernetes.io/hostname',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { app: 'web' } },
    ...c,
  };
}

function web(name: string, nodeName: string, extra: Parameters<typeof makePod>[1] = {}): Pod {
  return makePod(name, { labels: { app: 'web' }, nodeName, ...extra });
}

describe('PodTopologySpread', () => {
  describe('Filter', () => {
    const zoned = (name: string, zone: string, labels: Record<string, string> = {}) =>
      makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone, ...labels } });
    const cases: {
      name: string;
      nodes: Node[];
      existing: Pod[];
      constraint: Partial<TopologySpreadConstraint>;
      pod?: Parameters<typeof makePod>[1];
      want: Record<string, string>;
    }[] = [
      {
        name: 'hostname: only the emptiest node keeps the skew within 1',
        nodes: [makeNode('n1'), makeNode('n2'), makeNode('n3')],
        existing: [web('a', 'n1'), web('b', 'n1'), web('c', 'n2')],
        constraint: {},
        want: { n1: skewed, n2: skewed, n3: '' },
      },
      {
        name: 'zones are domains',
        nodes: [zoned('a', 'z1'), zoned('b', 'z1'), zoned('c', 'z2')],
        existing: [web('w1', 'a')],
        constraint: { topologyKey: 'topology.kubernetes.io/zone' },
        want: { a: skewed, b: skewed, c: '' },
      },
      {
        name: 'a node without the key is unresolvable',
        nodes: [zoned('a', 'z1'), makeNode('bare')],
        existing: [],
        constraint: { topologyKey: 'topology.kubernetes.io/zone' },
        want: { a: '', bare: missing },
      },
      {
        name: 'minDomains treats the global minimum as 0 while domains are missing',
        nodes: [zoned('a', 'z1'), zoned('c', 'z2')],
        existing: [web('w1', 'a'), web('w2', 'c')],
        constraint: { topologyKey: 'topology.kubernetes.io/zone', minDomains: 3 },
        want: { a: skewed, c: skewed },
      },
      {
        name: 'without minDomains the same cluster has room',
        nodes: [zoned('a', 'z1'), zoned('c', 'z2')],
        existing: [web('w1', 'a'), web('w2', 'c')],
        constraint: { topologyKey: 'topology.kubernetes.io/zone' },
        want: { a: '', c: '' },
      },
      {
        name: 'pods being deleted, in other namespaces or not selected do not count',
        nodes: [makeNode('n1'), makeNode('n2')],
        existing: [
          web('a', 'n1', { deleting: true }),
          web('b', 'n1', { namespace: 'other' }),
          makePod('c', { labels: { app: 'db' }, nodeName: 'n1' }),
        ],
        constraint: {},
        want: { n1: '', n2: '' },
      },
      {
        // b is the NodeAffinity plugin's to reject; here its empty zone just does not count.
        name: 'nodes the pod may not use are left out of the counts (nodeAffinityPolicy Honor)',
        nodes: [zoned('a', 'z1', { pool: 'x' }), zoned('b', 'z2', { pool: 'y' })],
        existing: [web('w1', 'a'), web('w2', 'a')],
        constraint: { topologyKey: 'topology.kubernetes.io/zone' },
        pod: { spec: { nodeSelector: { pool: 'x' } } },
        want: { a: '', b: '' },
      },
      {
        name: 'unless nodeAffinityPolicy is Ignore',
        nodes: [zoned('a', 'z1', { pool: 'x' }), zoned('b', 'z2', { pool: 'y' })],
        existing: [web('w1', 'a'), web('w2', 'a')],
        constraint: {
          topologyKey: 'topology.kubernetes.io/zone',
          nodeAffinityPolicy: 'Ignore',
        } as Partial<TopologySpreadConstraint>,
        pod: { spec: { nodeSelector: { pool: 'x' } } },
        want: { a: skewed, b: '' },
      },
      {
        name: 'maxSkew 2 allows one more',
        nodes: [makeNode('n1'), makeNode('n2')],
        existing: [web('a', 'n1')],
        constraint: { maxSkew: 2 },
        want: { n1: '', n2: '' },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cache = clusterOf(c.nodes, c.existing);
        const pod = makePod('p', {
          labels: { app: 'web' },
          ...c.pod,
          spec: { ...c.pod?.spec, topologySpreadConstraints: [spread(c.constraint)] },
        });
        expect(
          reasonsByNode(runFilter(instantiate(podTopologySpread, cache), pod, cache)),
        ).to.deep.equal(c.want);
      });
    }

    it('rejects skew as Unschedulable and a missing label as UnschedulableAndUnresolvable', () => {
      const zone = { 'topology.kubernetes.io/zone': 'z1' };
      const cache = clusterOf(
        [makeNode('n1', { labels: zone }), makeNode('n2'), makeNode('n3', { labels: zone })],
        [web('a', 'n1')],
      );
      const pod = makePod('p', {
        labels: { app: 'web' },
        spec: {
          topologySpreadConstraints: [
            spread({ maxSkew: 1 }),
            spread({ topologyKey: 'topology.kubernetes.io/zone' }),
          ],
        },
      });
      const run = runFilter(instantiate(podTopologySpread, cache), pod, cache);
      expect(run.byNode.n1?.code).to.equal('Unschedulable');
      expect(run.byNode.n2?.code).to.equal('UnschedulableAndUnresolvable');
    });

    it('is skipped for a pod without DoNotSchedule constraints', () => {
      const cache = clusterOf([makeNode('n1')]);
      const run = runFilter(instantiate(podTopologySpread, cache), makePod('p'), cache);
      expect((run.preFilter as { code: string }).code).to.equal('Skip');
    });
  });

  describe('Score', () => {
    it('ScheduleAnyway prefers domains with fewer matching pods', () => {
      const cache = clusterOf(
        [makeNode('n1'), makeNode('n2'), makeNode('n3')],
        [web('a', 'n1'), web('b', 'n1'), web('c', 'n2')],
      );
      const pod = makePod('p', {
        labels: { app: 'web' },
        spec: { topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] },
      });
      // Raw: count × ln(3+2) → 3, 2, 0; normalized 100 × (max + min − s) / max.
      expect(runScore(instantiate(podTopologySpread, cache), pod, cache)).to.deep.equal({
        n1: 0,
        n2: 33,
        n3: 100,
      });
    });

    it("spreads a controller's pods over hostnames by default", () => {
      const cache = clusterOf(
        [makeNode('n1'), makeNode('n2')],
        [
          makePod('a', { owner: 'rs1', nodeName: 'n1' }),
          makePod('b', { owner: 'rs1', nodeName: 'n1' }),
          makePod('c', { owner: 'rs2', nodeName: 'n2' }),
        ],
      );
      // Raw: 2 × ln(4) + (3 − 1) → 5 and 0 + 2 → 2; normalized 100 × (5 + 2 − s) / 5.
      expect(
        runScore(instantiate(podTopologySpread, cache), makePod('p', { owner: 'rs1' }), cache),
      ).to.deep.equal({ n1: 40, n2: 100 });
    });

    it('is skipped for a pod without constraints or controller', () => {
      const cache = clusterOf([makeNode('n1'), makeNode('n2')]);
      expect(runScore(instantiate(podTopologySpread, cache), makePod('p'), cache)).to.equal(
        'skipped',
      );
    });
  });
});
