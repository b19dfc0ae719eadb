import { expect } from '@esm-bundle/chai';
import { PreFilterResult } from '../../../../src/kernel/scheduler/framework.ts';
import { nodeAffinity } from '../../../../src/kernel/scheduler/plugins/node-affinity.ts';
import type { NodeSelectorTerm, PodSpec } from '../../../../src/kernel/types/core.ts';
import {
  clusterOf,
  instantiate,
  makeNode,
  makePod,
  reasonsByNode,
  runFilter,
  runScore,
} from '../fixtures.ts';

const reason = "node(s) didn't match Pod's node affinity/selector";

function cluster() {
  return clusterOf([
    makeNode('a', { labels: { disktype: 'ssd', zone: 'z1', gen: '3' } }),
    makeNode('b', { labels: { disktype: 'hdd', zone: 'z2', gen: '5' } }),
    makeNode('c', { labels: { zone: 'z2' } }),
  ]);
}

function required(...terms: NodeSelectorTerm[]): Partial<PodSpec> {
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
      },
    },
  };
}

describe('NodeAffinity', () => {
  describe('Filter', () => {
    const cases: { name: string; spec: Partial<PodSpec>; fits: string[] }[] = [
      { name: 'no selector or affinity: every node', spec: {}, fits: ['a', 'b', 'c'] },
      {
        name: 'nodeSelector needs every label',
        spec: { nodeSelector: { disktype: 'ssd', zone: 'z1' } },
        fits: ['a'],
      },
      {
        name: 'In',
        spec: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }),
        fits: ['b', 'c'],
      },
      {
        name: 'NotIn matches nodes without the label',
        spec: required({
          matchExpressions: [{ key: 'disktype', operator: 'NotIn', values: ['ssd'] }],
        }),
        fits: ['b', 'c'],
      },
      {
        name: 'Exists and DoesNotExist',
        spec: required({
          matchExpressions: [
            { key: 'zone', operator: 'Exists' },
            { key: 'disktype', operator: 'DoesNotExist' },
          ],
        }),
        fits: ['c'],
      },
      {
        name: 'Gt compares integers',
        spec: required({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }),
        fits: ['b'],
      },
      {
        name: 'terms are ORed',
        spec: required(
          { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] },
          { matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] },
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] },
        ),
        fits: ['a', 'c'],
      },
      {
        name: 'nodeSelector and affinity must both hold',
        spec: {
          nodeSelector: { zone: 'z2' },
          ...required({ matchExpressions: [{ key: 'disktype', operator: 'Exists' }] }),
        },
        fits: ['b'],
      },
      { name: 'an empty term matches nothing', spec: required({}), fits: [] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cache = cluster();
        const run = runFilter(
          instantiate(nodeAffinity, cache),
          makePod('p', { spec: c.spec }),
          cache,
        );
        const want = Object.fromEntries(
          ['a', 'b', 'c'].map((n) => [n, c.fits.includes(n) ? '' : reason]),
        );
        expect(reasonsByNode(run)).to.deep.equal(want);
        for (const status of Object.values(run.byNode)) {
          if (status) expect(status.code).to.equal('UnschedulableAndUnresolvable');
        }
      });
    }

    it('narrows the nodes to the ones named by metadata.name matchFields', () => {
      const cache = cluster();
      const run = runFilter(
        instantiate(nodeAffinity, cache),
        makePod('p', {
          spec: required({
            matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b', 'x'] }],
          }),
        }),
        cache,
      );
      expect(run.preFilter).to.be.instanceOf(PreFilterResult);
      expect([...(run.preFilter as PreFilterResult).nodeNames].sort()).to.deep.equal(['b', 'x']);
    });

    it('rejects everything when the named nodes of ANDed fields do not overlap', () => {
      const cache = cluster();
      const run = runFilter(
        instantiate(nodeAffinity, cache),
        makePod('p', {
          spec: required({
            matchFields: [
              { key: 'metadata.name', operator: 'In', values: ['a'] },
              { key: 'metadata.name', operator: 'In', values: ['b'] },
            ],
          }),
        }),
        cache,
      );
      expect(run.preFilter).to.not.be.instanceOf(PreFilterResult);
      expect((run.preFilter as { message: string }).message).to.equal(
        'pod affinity terms conflict',
      );
    });
  });

  describe('Score', () => {
    it('sums the weights of matching preferred terms, normalized to 100', () => {
      const cache = cluster();
      const pod = makePod('p', {
        spec: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 20,
                  preference: {
                    matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }],
                  },
                },
                {
                  weight: 60,
                  preference: { matchExpressions: [{ key: 'disktype', operator: 'Exists' }] },
                },
              ],
            },
          },
        },
      });
      // Raw a: 60, b: 80, c: 20.
      expect(runScore(instantiate(nodeAffinity, cache), pod, cache)).to.deep.equal({
        a: 75,
        b: 100,
        c: 25,
      });
    });

    it('is skipped without preferred terms', () => {
      const cache = cluster();
      expect(runScore(instantiate(nodeAffinity, cache), makePod('p'), cache)).to.equal('skipped');
    });
  });
});
