import { expect } from '@esm-bundle/chai';
import { taintToleration } from '../../../../src/kernel/scheduler/plugins/taint-toleration.ts';
import type { Taint, Toleration } from '../../../../src/kernel/types/core.ts';
import { clusterOf, instantiate, makeNode, makePod, runFilter, runScore } from '../fixtures.ts';

const controlPlane: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('TaintToleration', () => {
  describe('Filter', () => {
    const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; fits: boolean }[] = [
      { name: 'an untainted node fits', taints: [], fits: true },
      { name: 'an untolerated NoSchedule taint rejects', taints: [controlPlane], fits: false },
      {
        name: 'an untolerated NoExecute taint rejects',
        taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
        fits: false,
      },
      {
        name: 'PreferNoSchedule never rejects',
        taints: [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }],
        fits: true,
      },
      {
        name: 'Exists on the key tolerates',
        taints: [controlPlane],
        tolerations: [
          {
            key: 'node-role.kubernetes.io/control-plane',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
        ],
        fits: true,
      },
      {
        name: 'Equal needs the same value',
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }],
        fits: false,
      },
      {
        name: 'an empty effect tolerates every effect',
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
        tolerations: [{ key: 'dedicated', value: 'gpu' }],
        fits: true,
      },
      {
        name: 'a toleration for another effect does not',
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
        tolerations: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        fits: false,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cache = clusterOf([makeNode('n1', { taints: c.taints })]);
        const status = runFilter(
          instantiate(taintToleration, cache),
          makePod('p', { tolerations: c.tolerations }),
          cache,
        ).byNode.n1;
        if (c.fits) {
          expect(status).to.equal(null);
        } else {
          expect(status?.code).to.equal('UnschedulableAndUnresolvable');
          expect(status?.reasons).to.deep.equal(['node(s) had untolerated taint(s)']);
        }
      });
    }

    it('names the taint, as kube-scheduler up to 1.33 did, when asked to', () => {
      const cache = clusterOf([
        makeNode('n1', { taints: [controlPlane] }),
        makeNode('n2', { taints: [{ key: 'spray', value: 'mortein', effect: 'NoSchedule' }] }),
      ]);
      const run = runFilter(
        instantiate(taintToleration, cache, { nameTaint: true }),
        makePod('p'),
        cache,
      );
      expect(run.byNode.n1?.message).to.equal(
        'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
      );
      expect(run.byNode.n2?.message).to.equal('node(s) had untolerated taint {spray: mortein}');
    });
  });

  describe('Score', () => {
    it('prefers nodes with fewer untolerated PreferNoSchedule taints', () => {
      const soft = (key: string): Taint => ({ key, effect: 'PreferNoSchedule' });
      const cache = clusterOf([
        makeNode('none'),
        makeNode('one', { taints: [soft('a')] }),
        makeNode('two', { taints: [soft('a'), soft('b')] }),
        makeNode('tolerated', { taints: [soft('b')] }),
      ]);
      const pod = makePod('p', {
        tolerations: [{ key: 'b', operator: 'Exists', effect: 'PreferNoSchedule' }],
      });
      // Raw counts 0, 1, 1, 0 → normalized in reverse against the highest.
      expect(runScore(instantiate(taintToleration, cache), pod, cache)).to.deep.equal({
        none: 100,
        one: 0,
        two: 0,
        tolerated: 100,
      });
    });
  });
});
