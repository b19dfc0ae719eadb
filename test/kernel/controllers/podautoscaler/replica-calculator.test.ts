import { expect } from '@esm-bundle/chai';
import { rfc3339 } from '../../../../src/kernel/clock/clock.ts';
import {
  calculateRequests,
  groupPods,
  rawResourceReplicas,
  resourceReplicas,
  type CalculatorOptions,
  type PodMetricsInfo,
} from '../../../../src/kernel/controllers/podautoscaler/replica-calculator.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';

const now = Date.UTC(2026, 0, 1, 12);
const minute = 60_000;
const options: CalculatorOptions = {
  tolerance: 0.1,
  cpuInitializationPeriod: 5 * minute,
  delayOfInitialReadinessStatus: 30_000,
  now,
};

interface PodShape {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready?: boolean;
  /** ms before now it started; 10 min by default (past the initialization period). */
  startedAgo?: number;
  /** ms before now its Ready condition last changed; as started by default. */
  readyChangedAgo?: number;
  request?: string;
  deleting?: boolean;
}

function pod(name: string, shape: PodShape = {}): Pod {
  const started = now - (shape.startedAgo ?? 10 * minute);
  return {
    metadata: {
      name,
      namespace: 'default',
      ...(shape.deleting ? { deletionTimestamp: rfc3339(now) } : {}),
    },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'x',
          ...(shape.request === ''
            ? {}
            : { resources: { requests: { cpu: shape.request ?? '1' } } }),
        },
      ],
    },
    status: {
      phase: shape.phase ?? 'Running',
      startTime: rfc3339(started),
      conditions: [
        {
          type: 'Ready',
          status: shape.ready === false ? 'False' : 'True',
          lastTransitionTime: rfc3339(
            now - (shape.readyChangedAgo ?? shape.startedAgo ?? 10 * minute),
          ),
        },
      ],
    },
  };
}

/** Metrics in milli-cores, measured over the minute before now. */
function usage(values: Record<string, number>): PodMetricsInfo {
  return new Map(
    Object.entries(values).map(([name, value]) => [
      name,
      { timestamp: now, window: minute, value },
    ]),
  );
}

describe('the HPA replica calculation', () => {
  const cases: {
    name: string;
    current: number;
    target: number;
    pods: Pod[];
    metrics: Record<string, number>;
    replicas: number;
    utilization: number;
  }[] = [
    {
      name: 'scales up by ceil(current × usage / target)',
      current: 3,
      target: 30,
      pods: [pod('a'), pod('b'), pod('c')],
      metrics: { a: 300, b: 500, c: 700 },
      replicas: 5,
      utilization: 50,
    },
    {
      name: 'scales down',
      current: 5,
      target: 50,
      pods: ['a', 'b', 'c', 'd', 'e'].map((n) => pod(n)),
      metrics: { a: 100, b: 100, c: 100, d: 100, e: 100 },
      replicas: 1,
      utilization: 10,
    },
    {
      name: 'keeps the count within the 10% tolerance',
      current: 3,
      target: 50,
      pods: [pod('a'), pod('b'), pod('c')],
      metrics: { a: 540, b: 540, c: 540 },
      replicas: 3,
      utilization: 54,
    },
    {
      name: 'acts just past the tolerance',
      current: 3,
      target: 50,
      pods: [pod('a'), pod('b'), pod('c')],
      metrics: { a: 560, b: 560, c: 560 },
      replicas: 4,
      utilization: 56,
    },
    {
      name: 'counts unready pods as 0% on a scale-up',
      current: 3,
      target: 50,
      pods: [pod('a'), pod('b'), pod('c', { ready: false, startedAgo: minute })],
      metrics: { a: 900, b: 900, c: 0 },
      // a and b alone are at 90%; with c at 0: 1800 / 3000 = 60%, ceil(1.2 × 3) = 4.
      replicas: 4,
      utilization: 90,
    },
    {
      name: 'a pending pod holds a scale-up back as 0% usage',
      current: 4,
      target: 50,
      pods: [pod('a'), pod('b'), pod('c'), pod('d', { phase: 'Pending' })],
      metrics: { a: 700, b: 700, c: 700 },
      // 70% over a, b, c asks ceil(1.4 × 3) = 5; with d at 0: 2100 / 4000 = 52%, within tolerance.
      replicas: 4,
      utilization: 70,
    },
    {
      name: 'treats pods without metrics as at 100% of their request on a scale-down',
      current: 3,
      target: 50,
      pods: [pod('a'), pod('b'), pod('c')],
      metrics: { a: 100, b: 100 },
      // 10% asks to scale down; with c at 1000m: 1200 / 3000 = 40%: ceil(0.8 × 3) = 3.
      replicas: 3,
      utilization: 10,
    },
    {
      name: 'treats pods without metrics as at 0% on a scale-up',
      current: 3,
      target: 50,
      pods: [pod('a'), pod('b'), pod('c')],
      metrics: { a: 1000, b: 1000 },
      // 100% asks to scale up; with c at 0: 2000 / 3000 = 66%: ceil(1.33 × 3) = 4.
      replicas: 4,
      utilization: 100,
    },
    {
      name: 'ignores pods being deleted and finished pods',
      current: 2,
      target: 50,
      pods: [pod('a'), pod('b', { deleting: true }), pod('c', { phase: 'Failed' })],
      metrics: { a: 1000, b: 0, c: 0 },
      replicas: 2,
      utilization: 100,
    },
    {
      name: 'does not count a CPU sample taken within a window of the pod becoming ready',
      current: 2,
      target: 50,
      pods: [pod('a'), pod('b', { startedAgo: 2 * minute, readyChangedAgo: 30_000 })],
      metrics: { a: 1000, b: 1000 },
      // b is unready for CPU: a at 100% over one ready pod, b rebalanced at 0%: 1000 / 2000 = 50%.
      replicas: 2,
      utilization: 100,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = resourceReplicas(
        c.current,
        c.target,
        'cpu',
        '',
        c.pods,
        usage(c.metrics),
        options,
      );
      expect(result.replicas).to.equal(c.replicas);
      expect(result.utilization).to.equal(c.utilization);
    });
  }

  it('reports the average usage per counted pod in milli-units', () => {
    const result = resourceReplicas(
      2,
      50,
      'cpu',
      '',
      [pod('a'), pod('b')],
      usage({ a: 300, b: 500 }),
      options,
    );
    expect(result.rawUsage).to.equal(400);
  });

  it('fails as upstream does without pods, without usable metrics or without requests', () => {
    expect(() => resourceReplicas(1, 50, 'cpu', '', [], usage({}), options)).to.throw(
      'no pods returned by selector while calculating replica count',
    );
    expect(() =>
      resourceReplicas(1, 50, 'cpu', '', [pod('a', { phase: 'Pending' })], usage({}), options),
    ).to.throw('did not receive metrics for targeted pods (pods might be unready)');
    expect(() =>
      resourceReplicas(1, 50, 'cpu', '', [pod('a', { request: '' })], usage({ a: 10 }), options),
    ).to.throw('missing request for cpu in container main of Pod a');
    expect(() => calculateRequests([pod('a')], 'other', 'cpu')).to.throw(
      'container other not found in Pod a',
    );
  });

  it('groups pods: ready, unready, missing metrics, ignored', () => {
    const groups = groupPods(
      [
        pod('ready'),
        pod('pending', { phase: 'Pending' }),
        pod('nometrics'),
        pod('gone', { deleting: true }),
        pod('notready', { ready: false, startedAgo: minute }),
      ],
      usage({ ready: 1, notready: 1 }),
      'cpu',
      options,
    );
    expect(groups.readyPodCount).to.equal(1);
    expect([...groups.unreadyPods].sort()).to.deep.equal(['notready', 'pending']);
    expect([...groups.missingPods]).to.deep.equal(['nometrics']);
    expect([...groups.ignoredPods]).to.deep.equal(['gone']);
  });

  it('scales on an average value: ceil(pods × average / target)', () => {
    const pods = [pod('a'), pod('b')];
    const mib = 1024 * 1024 * 1000;
    const { replicas, usage: average } = rawResourceReplicas(
      2,
      100 * mib,
      'memory',
      pods,
      usage({ a: 150 * mib, b: 250 * mib }),
      options,
    );
    expect(average).to.equal(200 * mib);
    expect(replicas).to.equal(4);
  });
});
