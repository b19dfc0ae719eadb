import { expect } from '@esm-bundle/chai';
import { nodeUnschedulable } from '../../../../src/kernel/scheduler/plugins/node-unschedulable.ts';
import type { Toleration } from '../../../../src/kernel/types/core.ts';
import { clusterOf, instantiate, makeNode, makePod, runFilter } from '../fixtures.ts';

describe('NodeUnschedulable', () => {
  const cases: { name: string; cordoned: boolean; tolerations?: Toleration[]; want: string }[] = [
    { name: 'a schedulable node fits', cordoned: false, want: '' },
    { name: 'a cordoned node does not', cordoned: true, want: 'node(s) were unschedulable' },
    {
      name: 'unless the pod tolerates the unschedulable taint',
      cordoned: true,
      tolerations: [
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      ],
      want: '',
    },
    {
      name: 'a toleration of everything does too',
      cordoned: true,
      tolerations: [{ operator: 'Exists' }],
      want: '',
    },
    {
      name: 'a NoExecute-only toleration does not',
      cordoned: true,
      tolerations: [
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' },
      ],
      want: 'node(s) were unschedulable',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cache = clusterOf([makeNode('n1', { unschedulable: c.cordoned })]);
      const run = runFilter(
        instantiate(nodeUnschedulable, cache),
        makePod('p', { tolerations: c.tolerations }),
        cache,
      );
      expect(run.byNode.n1?.message ?? '').to.equal(c.want);
      if (c.want) expect(run.byNode.n1?.code).to.equal('UnschedulableAndUnresolvable');
    });
  }
});
