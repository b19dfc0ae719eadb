import { expect } from '@esm-bundle/chai';
import { interPodAffinity } from '../../../../src/kernel/scheduler/plugins/inter-pod-affinity.ts';
import type { PodAffinityTerm, PodSpec, Pod } from '../../../../src/kernel/types/core.ts';
import {
  clusterOf,
  instantiate,
  makeNode,
  makePod,
  reasonsByNode,
  runFilter,
  runScore,
} from '../fixtures.ts';

const affinityReason = "node(s) didn't match pod affinity rules";
const antiReason = "node(s) didn't match pod anti-affinity rules";
const existingReason = "node(s) didn't satisfy existing pods anti-affinity rules";
const hostname = 'kubernetes.io/hostname';

function term(app: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return { labelSelector: { matchLabels: { app } }, topologyKey: hostname, ...extra };
}

const requiredAffinity = (...terms: PodAffinityTerm[]): Partial<PodSpec> => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } },
});
const requiredAnti = (...terms: PodAffinityTerm[]): Partial<PodSpec> => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } },
});

function nodes() {
  return [
    makeNode('n1', { labels: { 'topology.kubernetes.io/zone': 'z1' } }),
    makeNode('n2', { labels: { 'topology.kubernetes.io/zone': 'z1' } }),
    makeNode('n3', { labels: { 'topology.kubernetes.io/zone': 'z2' } }),
  ];
}

describe('InterPodAffinity', () => {
  describe('Filter', () => {
    const cases: {
      name: string;
      existing: Pod[];
      pod: Parameters<typeof makePod>[1];
      want: Record<string, string>;
      namespaces?: Record<string, Record<string, string>>;
    }[] = [
      {
        name: 'anti-affinity on hostname keeps replicas apart',
        existing: [makePod('db', { labels: { app: 'db' }, nodeName: 'n1' })],
        pod: { labels: { app: 'db' }, spec: requiredAnti(term('db')) },
        want: { n1: antiReason, n2: '', n3: '' },
      },
      {
        name: 'anti-affinity on zone excludes the whole zone',
        existing: [makePod('db', { labels: { app: 'db' }, nodeName: 'n1' })],
        pod: { spec: requiredAnti(term('db', { topologyKey: 'topology.kubernetes.io/zone' })) },
        want: { n1: antiReason, n2: antiReason, n3: '' },
      },
      {
        name: 'affinity needs a matching pod in the domain',
        existing: [makePod('cache', { labels: { app: 'cache' }, nodeName: 'n2' })],
        pod: { spec: requiredAffinity(term('cache')) },
        want: { n1: affinityReason, n2: '', n3: affinityReason },
      },
      {
        name: 'the first pod of a self-affine group may go anywhere',
        existing: [],
        pod: { labels: { app: 'web' }, spec: requiredAffinity(term('web')) },
        want: { n1: '', n2: '', n3: '' },
      },
      {
        name: 'but not a pod that does not match its own terms',
        existing: [],
        pod: { labels: { app: 'api' }, spec: requiredAffinity(term('web')) },
        want: { n1: affinityReason, n2: affinityReason, n3: affinityReason },
      },
      {
        name: "existing pods' anti-affinity keeps the incoming pod away",
        existing: [
          makePod('lonely', {
            labels: { app: 'x' },
            nodeName: 'n3',
            spec: requiredAnti(term('web')),
          }),
        ],
        pod: { labels: { app: 'web' } },
        want: { n1: '', n2: '', n3: existingReason },
      },
      {
        name: 'terms look in the pod namespace only by default',
        existing: [makePod('db', { labels: { app: 'db' }, nodeName: 'n1', namespace: 'other' })],
        pod: { spec: requiredAnti(term('db')) },
        want: { n1: '', n2: '', n3: '' },
      },
      {
        name: 'terms can name namespaces',
        existing: [makePod('db', { labels: { app: 'db' }, nodeName: 'n1', namespace: 'other' })],
        pod: { spec: requiredAnti(term('db', { namespaces: ['other'] })) },
        want: { n1: antiReason, n2: '', n3: '' },
      },
      {
        name: 'or select them by label',
        existing: [
          makePod('db', { labels: { app: 'db' }, nodeName: 'n1', namespace: 'team-a' }),
          makePod('db2', { labels: { app: 'db' }, nodeName: 'n2', namespace: 'team-b' }),
        ],
        pod: {
          spec: requiredAnti(term('db', { namespaceSelector: { matchLabels: { team: 'a' } } })),
        },
        namespaces: { 'team-a': { team: 'a' }, 'team-b': { team: 'b' } },
        want: { n1: antiReason, n2: '', n3: '' },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cache = clusterOf(nodes(), c.existing);
        const plugin = instantiate(interPodAffinity, cache, undefined, c.namespaces);
        expect(reasonsByNode(runFilter(plugin, makePod('p', c.pod), cache))).to.deep.equal(c.want);
      });
    }

    it('affinity is unresolvable, anti-affinity only unschedulable', () => {
      const cache = clusterOf(nodes(), [makePod('db', { labels: { app: 'db' }, nodeName: 'n1' })]);
      const plugin = instantiate(interPodAffinity, cache);
      expect(
        runFilter(plugin, makePod('p', { spec: requiredAffinity(term('none')) }), cache).byNode.n1
          ?.code,
      ).to.equal('UnschedulableAndUnresolvable');
      expect(
        runFilter(plugin, makePod('q', { spec: requiredAnti(term('db')) }), cache).byNode.n1?.code,
      ).to.equal('Unschedulable');
    });

    it('is skipped when nothing in the cluster or the pod has required terms', () => {
      const cache = clusterOf(nodes(), [makePod('db', { labels: { app: 'db' }, nodeName: 'n1' })]);
      const run = runFilter(instantiate(interPodAffinity, cache), makePod('p'), cache);
      expect((run.preFilter as { code: string }).code).to.equal('Skip');
    });
  });

  describe('Score', () => {
    it('preferred affinity and anti-affinity weigh domains', () => {
      const cache = clusterOf(nodes(), [
        makePod('cache', { labels: { app: 'cache' }, nodeName: 'n1' }),
        makePod('noisy', { labels: { app: 'noisy' }, nodeName: 'n3' }),
      ]);
      const pod = makePod('p', {
        spec: {
          affinity: {
            podAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 10,
                  podAffinityTerm: term('cache', { topologyKey: 'topology.kubernetes.io/zone' }),
                },
              ],
            },
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 5, podAffinityTerm: term('noisy') },
              ],
            },
          },
        },
      });
      // Raw: n1 10, n2 10, n3 −5 → (s − min) / (max − min).
      expect(runScore(instantiate(interPodAffinity, cache), pod, cache)).to.deep.equal({
        n1: 100,
        n2: 100,
        n3: 0,
      });
    });

    it("existing pods' required affinity attracts matching pods", () => {
      const cache = clusterOf(nodes(), [
        makePod('fan', {
          labels: { app: 'fan' },
          nodeName: 'n2',
          spec: requiredAffinity(term('star')),
        }),
      ]);
      expect(
        runScore(
          instantiate(interPodAffinity, cache),
          makePod('p', { labels: { app: 'star' } }),
          cache,
        ),
      ).to.deep.equal({
        n1: 0,
        n2: 100,
        n3: 0,
      });
    });

    it('is skipped when no pod has affinity', () => {
      const cache = clusterOf(nodes(), [makePod('a', { nodeName: 'n1' })]);
      expect(runScore(instantiate(interPodAffinity, cache), makePod('p'), cache)).to.equal(
        'skipped',
      );
    });
  });
});
