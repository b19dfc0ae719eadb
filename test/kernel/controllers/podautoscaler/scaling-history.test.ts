import { expect } from '@esm-bundle/chai';
import {
  convertDesiredReplicasWithRules,
  ScalingHistory,
  type NormalizationArg,
} from '../../../../src/kernel/controllers/podautoscaler/scaling-history.ts';
import type { HPAScalingRules } from '../../../../src/kernel/types/autoscaling.ts';

const second = 1000;
const defaultUp: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const defaultDown: HPAScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function arg(
  current: number,
  desired: number,
  extra: Partial<NormalizationArg> = {},
): NormalizationArg {
  return {
    key: 'default/web',
    scaleUp: defaultUp,
    scaleDown: defaultDown,
    minReplicas: 1,
    maxReplicas: 10,
    currentReplicas: current,
    desiredReplicas: desired,
    ...extra,
  };
}

describe('HPA normalization', () => {
  it('bounds an HPA without behavior by min, max and doubling (at least 4)', () => {
    const table: [number, number, number, number, number, string][] = [
      // current, desired, min, max → replicas, reason
      [2, 3, 1, 10, 3, 'DesiredWithinRange'],
      [1, 9, 1, 10, 4, 'ScaleUpLimit'],
      [5, 12, 1, 20, 10, 'ScaleUpLimit'],
      [5, 12, 1, 8, 8, 'TooManyReplicas'],
      [3, 0, 2, 10, 2, 'TooFewReplicas'],
    ];
    for (const [current, desired, min, max, replicas, reason] of table) {
      const r = convertDesiredReplicasWithRules(current, desired, min, max);
      expect([r.replicas, r.reason], `${current}→${desired}`).to.deep.equal([replicas, reason]);
    }
  });

  it('stabilizes a scale-down at the highest recommendation of the window', () => {
    const h = new ScalingHistory(second);
    h.recordInitial('k', 5, 0);
    expect(h.stabilize('k', 2, 300 * second, 10 * second)).to.equal(5);
    expect(h.stabilize('k', 3, 300 * second, 20 * second)).to.equal(5);
    // Past the window the initial 5 has aged out; 3 (at 20 s) is still in it.
    expect(h.stabilize('k', 1, 300 * second, 301 * second)).to.equal(3);
    expect(h.stabilize('k', 1, 300 * second, 700 * second)).to.equal(1);
  });

  it('scales up at once by 4 pods or 100% per 15 s, whichever is more', () => {
    const h = new ScalingHistory(second);
    h.recordInitial('default/web', 1, 0);
    const up = h.stabilizeWithBehaviors(arg(1, 10), 1000);
    expect(up.replicas).to.equal(10);
    const limited = h.convertWithBehaviorRate(arg(1, 10), 1000);
    expect(limited).to.deep.include({ replicas: 5, reason: 'ScaleUpLimit' });
    h.storeScaleEvent({ scaleUp: defaultUp, scaleDown: defaultDown }, 'default/web', 1, 5, 1000);
    // Within the same 15 s period the period started at 1: at most 5 (1 + 4).
    expect(h.convertWithBehaviorRate(arg(5, 10), 5000).replicas).to.equal(5);
    // A new period starts from 5: 10 (100%) beats 9 (4 pods).
    expect(h.convertWithBehaviorRate(arg(5, 10), 17_000).replicas).to.equal(10);
  });

  it('keeps the highest recommendation of the 300 s scale-down window', () => {
    const h = new ScalingHistory(second);
    h.recordInitial('default/web', 6, 0);
    expect(h.stabilizeWithBehaviors(arg(6, 2), 15_000)).to.deep.include({
      replicas: 6,
      reason: 'ScaleDownStabilized',
    });
    expect(h.stabilizeWithBehaviors(arg(6, 2), 299_000).replicas).to.equal(6);
    expect(h.stabilizeWithBehaviors(arg(6, 2), 301_000).replicas).to.equal(2);
  });

  it('limits a scale-down by its policies: Pods 1 per 60 s with Min select', () => {
    const h = new ScalingHistory(second);
    const down: HPAScalingRules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Min',
      policies: [
        { type: 'Pods', value: 1, periodSeconds: 60 },
        { type: 'Percent', value: 50, periodSeconds: 60 },
      ],
    };
    const r = h.convertWithBehaviorRate(arg(10, 2, { scaleDown: down }), 0);
    expect(r).to.deep.include({ replicas: 9, reason: 'ScaleDownLimit' });
    h.storeScaleEvent({ scaleUp: defaultUp, scaleDown: down }, 'default/web', 10, 9, 0);
    expect(h.convertWithBehaviorRate(arg(9, 2, { scaleDown: down }), 30_000).replicas).to.equal(9);
    expect(h.convertWithBehaviorRate(arg(9, 2, { scaleDown: down }), 61_000).replicas).to.equal(8);
  });

  it('does not scale in a direction whose policy is Disabled', () => {
    const h = new ScalingHistory(second);
    const disabled: HPAScalingRules = { ...defaultDown, selectPolicy: 'Disabled' };
    expect(h.convertWithBehaviorRate(arg(5, 1, { scaleDown: disabled }), 0).replicas).to.equal(5);
  });
});
