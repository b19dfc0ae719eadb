import { expect } from '@esm-bundle/chai';
import { nodeName } from '../../../../src/kernel/scheduler/plugins/node-name.ts';
import {
  clusterOf,
  instantiate,
  makeNode,
  makePod,
  reasonsByNode,
  runFilter,
} from '../fixtures.ts';

describe('NodeName', () => {
  const cases = [
    {
      name: 'a pod without spec.nodeName fits every node',
      nodeName: undefined,
      want: { n1: '', n2: '' },
    },
    {
      name: 'a pod naming a node fits only that node',
      nodeName: 'n2',
      want: { n1: "node(s) didn't match the requested node name", n2: '' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cache = clusterOf([makeNode('n1'), makeNode('n2')]);
      const pod = makePod('p', { spec: { nodeName: c.nodeName } });
      const run = runFilter(instantiate(nodeName, cache), pod, cache);
      expect(reasonsByNode(run)).to.deep.equal(c.want);
      if (c.nodeName) expect(run.byNode.n1?.code).to.equal('UnschedulableAndUnresolvable');
    });
  }
});
