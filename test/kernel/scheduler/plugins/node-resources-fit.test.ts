import { expect } from '@esm-bundle/chai';
import { nodeResourcesFit } from '../../../../src/kernel/scheduler/plugins/node-resources-fit.ts';
import { balancedAllocation } from '../../../../src/kernel/scheduler/plugins/balanced-allocation.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';
import { clusterOf, instantiate, makeNode, makePod, runFilter, runScore } from '../fixtures.ts';

describe('NodeResourcesFit', () => {
  describe('Filter', () => {
    const cases: {
      name: string;
      pod: Pod;
      existing?: Pod[];
      node?: Parameters<typeof makeNode>[1];
      reasons: string[];
      code?: string;
    }[] = [
      { name: 'fits an empty node', pod: makePod('p', { cpu: '1', memory: '1Gi' }), reasons: [] },
      {
        name: 'fits exactly what is left',
        pod: makePod('p', { cpu: '1', memory: '1Gi' }),
        existing: [makePod('a', { cpu: '3', memory: '7Gi', nodeName: 'n1' })],
        reasons: [],
      },
      {
        name: 'Insufficient cpu',
        pod: makePod('p', { cpu: '1500m' }),
        existing: [makePod('a', { cpu: '3', nodeName: 'n1' })],
        reasons: ['Insufficient cpu'],
        code: 'Unschedulable',
      },
      {
        name: 'Insufficient memory',
        pod: makePod('p', { memory: '2Gi' }),
        existing: [makePod('a', { memory: '7Gi', nodeName: 'n1' })],
        reasons: ['Insufficient memory'],
        code: 'Unschedulable',
      },
      {
        name: 'both, in kube-scheduler order',
        pod: makePod('p', { cpu: '2', memory: '2Gi' }),
        existing: [makePod('a', { cpu: '3', memory: '7Gi', nodeName: 'n1' })],
        reasons: ['Insufficient cpu', 'Insufficient memory'],
        code: 'Unschedulable',
      },
      {
        name: 'Too many pods',
        pod: makePod('p', { cpu: '100m' }),
        node: { pods: '1' },
        existing: [makePod('a', { nodeName: 'n1' })],
        reasons: ['Too many pods'],
        code: 'Unschedulable',
      },
      {
        name: 'a pod without requests fits a full node (only the pod count matters)',
        pod: makePod('p'),
        existing: [makePod('a', { cpu: '4', memory: '8Gi', nodeName: 'n1' })],
        reasons: [],
      },
      {
        name: 'more than the node has at all: preemption cannot help',
        pod: makePod('p', { cpu: '8' }),
        reasons: ['Insufficient cpu'],
        code: 'UnschedulableAndUnresolvable',
      },
      {
        name: 'init containers: the largest one counts when above the sum of containers',
        pod: makePod('p', {
          cpu: '1',
          spec: { initContainers: [{ name: 'init', resources: { requests: { cpu: '3500m' } } }] },
        }),
        existing: [makePod('a', { cpu: '1', nodeName: 'n1' })],
        reasons: ['Insufficient cpu'],
        code: 'Unschedulable',
      },
      {
        name: 'sidecars add to the containers and to later init containers',
        pod: makePod('p', {
          cpu: '1',
          spec: {
            initContainers: [
              { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } },
              { name: 'init', resources: { requests: { cpu: '1' } } },
            ],
          },
        }),
        existing: [makePod('a', { cpu: '2500m', nodeName: 'n1' })],
        reasons: ['Insufficient cpu'],
        code: 'Unschedulable',
      },
      {
        name: 'overhead is added',
        pod: makePod('p', { cpu: '1', spec: { overhead: { cpu: '600m' } } }),
        existing: [makePod('a', { cpu: '2500m', nodeName: 'n1' })],
        reasons: ['Insufficient cpu'],
        code: 'Unschedulable',
      },
      {
        name: 'extended resources',
        pod: makePod('p', {
          spec: {
            containers: [{ name: 'c', resources: { requests: { 'example.com/gpu': '2' } } }],
          },
        }),
        node: { extra: { 'example.com/gpu': '1' } },
        reasons: ['Insufficient example.com/gpu'],
        code: 'UnschedulableAndUnresolvable',
      },
      {
        name: 'terminal pods hold nothing',
        pod: makePod('p', { cpu: '2' }),
        existing: [
          { ...makePod('a', { cpu: '3', nodeName: 'n1' }), status: { phase: 'Succeeded' } },
        ],
        reasons: [],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cache = clusterOf([makeNode('n1', c.node)], c.existing);
        const run = runFilter(instantiate(nodeResourcesFit, cache), c.pod, cache);
        const status = run.byNode.n1;
        expect(status?.reasons ?? []).to.deep.equal(c.reasons);
        if (c.code) expect(status?.code).to.equal(c.code);
      });
    }
  });

  describe('Score (LeastAllocated)', () => {
    const cases: { name: string; pod: Pod; existing?: Pod[]; want: Record<string, number> }[] = [
      {
        name: 'the share left free, averaged over cpu and memory',
        pod: makePod('p', { cpu: '1', memory: '2Gi' }),
        existing: [makePod('a', { cpu: '2', memory: '2Gi', nodeName: 'n2' })],
        // n1: cpu (4-1)/4 = 75, memory (8-2)/8 = 75. n2: cpu (4-3)/4 = 25, memory (8-4)/8 = 50 → 37.
        want: { n1: 75, n2: 37 },
      },
      {
        name: 'pods without requests count 100m and 200Mi',
        pod: makePod('p'),
        existing: [makePod('a', { nodeName: 'n2' })],
        // n1: cpu 3900/4000 → 97, memory (8192-200)/8192 → 97. n2: cpu 95, memory 95.
        want: { n1: 97, n2: 95 },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cache = clusterOf([makeNode('n1'), makeNode('n2')], c.existing);
        expect(runScore(instantiate(nodeResourcesFit, cache), c.pod, cache)).to.deep.equal(c.want);
      });
    }
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  const cases: {
    name: string;
    pod: Pod;
    existing?: Pod[];
    want: Record<string, number> | 'skipped';
  }[] = [
    {
      name: 'equal cpu and memory shares score 100; unequal lose half the difference',
      pod: makePod('p', { cpu: '1', memory: '2Gi' }),
      existing: [makePod('a', { cpu: '2', nodeName: 'n2' })],
      // n1: .25/.25 → 100. n2: cpu .75, memory .25 → std .25 → 75.
      want: { n1: 100, n2: 75 },
    },
    {
      name: 'fractions are capped at 1',
      pod: makePod('p', { cpu: '8', memory: '2Gi' }),
      // cpu 2 → 1, memory .25 → std .375 → 62.
      want: { n1: 62, n2: 62 },
    },
    { name: 'best-effort pods are not scored', pod: makePod('p'), want: 'skipped' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cache = clusterOf([makeNode('n1'), makeNode('n2')], c.existing);
      expect(runScore(instantiate(balancedAllocation, cache), c.pod, cache)).to.deep.equal(c.want);
    });
  }
});
