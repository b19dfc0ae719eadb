import { expect } from '@esm-bundle/chai';
import {
  deployments,
  events as eventsResource,
  horizontalpodautoscalers,
  nodes,
  pods,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { HorizontalPodAutoscalerController } from '../../../src/kernel/controllers/horizontal-pod-autoscaler.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { HorizontalPodAutoscaler } from '../../../src/kernel/types/autoscaling.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import type { KubeletMetricsScrape } from '../../../src/kernel/types/metrics.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const minute = 60_000;

/**
 * An API server on a fake clock with only the HPA controller running, a Deployment `web`
 * (its pods made by hand: no ReplicaSet controller here) and a kubelet stand-in that posts
 * each pod's CPU use every 15 s.
 */
class Fixture {
  manager!: ControllerManager;
  /** Cores each pod uses now. */
  readonly cores = new Map<string, number>();
  private readonly cpuNanos = new Map<string, number>();

  constructor(readonly api: TestApi) {}

  static async start(): Promise<Fixture> {
    const f = new Fixture(await startTestApi());
    await f.api.client.create(nodes, undefined, { metadata: { name: 'node-a' } });
    await f.api.client.create<Deployment>(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'php-apache' }] },
        },
      },
    });
    f.manager = new ControllerManager({
      client: f.api.client,
      clock: f.api.clock,
      timing: kubernetesDefaults,
    });
    f.manager.add(new HorizontalPodAutoscalerController());
    await f.manager.start();
    return f;
  }

  /** A running, ready pod of `web` that started long ago (past the CPU initialization period). */
  async pod(name: string, cores: number): Promise<void> {
    const now = this.api.clock.now();
    const created = await this.api.client.create<Pod>(pods, 'default', {
      metadata: { name, labels: { app: 'web' } },
      spec: {
        nodeName: 'node-a',
        containers: [
          { name: 'web', image: 'php-apache', resources: { requests: { cpu: '200m' } } },
        ],
      },
    });
    await this.api.client.updateStatus<Pod>(pods, {
      ...created,
      status: {
        phase: 'Running',
        startTime: rfc3339(now - 10 * minute),
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: rfc3339(now - 10 * minute) },
        ],
      },
    });
    this.cores.set(name, cores);
  }

  /** Posts the node's counters as its kubelet would. */
  async scrape(): Promise<void> {
    const now = this.api.clock.now();
    const containers = [...this.cores.keys()].map((pod) => ({
      namespace: 'default',
      pod,
      name: 'web',
      containerID: `wasi://${pod}`,
      startTime: now - 10 * minute,
      startWallTime: now - 10 * minute,
      cpuUsageNanoseconds: this.cpuNanos.get(pod) ?? 0,
      memoryWorkingSetBytes: 4 * 1024 * 1024,
    }));
    const body: KubeletMetricsScrape = {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'KubeletMetricsScrape',
      timestamp: now,
      wallTime: now,
      interval: 15_000,
      containers,
    };
    await this.api.server.handle({
      verb: 'POST',
      path: '/apis/metrics.k8s.io/v1beta1/nodes/node-a/scrape',
      body,
    });
  }

  /** Lets `ms` pass in 15 s steps, the pods using their CPU and the kubelet posting each step. */
  async run(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 15_000) {
      const step = Math.min(15_000, left);
      for (const [pod, cores] of this.cores) {
        this.cpuNanos.set(pod, (this.cpuNanos.get(pod) ?? 0) + cores * step * 1e6);
      }
      await this.api.clock.advance(step);
      await this.scrape();
    }
    await this.api.clock.advance(1);
  }

  async hpa(spec: Partial<HorizontalPodAutoscaler['spec']> = {}, name = 'web'): Promise<void> {
    await this.api.client.create<HorizontalPodAutoscaler>(horizontalpodautoscalers, 'default', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
        ...spec,
      },
    });
  }

  async replicas(): Promise<number> {
    return (
      (await this.api.client.get<Deployment>(deployments, 'default', 'web')).spec.replicas ?? 0
    );
  }

  async status(name = 'web') {
    return (
      await this.api.client.get<HorizontalPodAutoscaler>(horizontalpodautoscalers, 'default', name)
    ).status!;
  }

  async events(): Promise<string[]> {
    const list = await this.api.client.list<Event>(eventsResource, 'default');
    return list.items
      .filter((e) => e.source?.component === 'horizontal-pod-autoscaler')
      .map((e) => `${e.type} ${e.reason} ${e.message}`);
  }

  condition(status: HorizontalPodAutoscaler['status'], type: string): string {
    const c = status?.conditions?.find((x) => x.type === type);
    return c ? `${c.status} ${c.reason}: ${c.message}` : '';
  }

  stop(): void {
    this.manager.stop();
  }
}

describe('HorizontalPodAutoscaler controller', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await Fixture.start();
  });
  afterEach(() => f.stop());

  it('scales a Deployment up on CPU above target and reports why', async () => {
    await f.pod('web-a', 0.3);
    await f.pod('web-b', 0.3);
    await f.run(30_000);
    await f.hpa();
    await f.run(1_000);
    // 300m of a 200m request is 150%: ceil(2 × 150 / 50) = 6, at most doubled (4).
    expect(await f.replicas()).to.equal(4);
    const status = await f.status();
    expect(status.currentReplicas).to.equal(2);
    expect(status.desiredReplicas).to.equal(4);
    expect(status.lastScaleTime).to.be.a('string');
    expect(status.currentMetrics).to.deep.equal([
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 150, averageValue: '300m' } },
      },
    ]);
    expect(f.condition(status, 'AbleToScale')).to.equal(
      'True SucceededRescale: the HPA controller was able to update the target scale to 4',
    );
    expect(f.condition(status, 'ScalingActive')).to.equal(
      'True ValidMetricFound: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    );
    expect(f.condition(status, 'ScalingLimited')).to.equal(
      'True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate',
    );
    expect(await f.events()).to.deep.equal([
      'Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target',
    ]);
  });

  it('scales down only after the 5 minute stabilization window', async () => {
    await f.pod('web-a', 0.3);
    await f.pod('web-b', 0.3);
    await f.run(30_000);
    await f.hpa();
    await f.run(1_000);
    expect(await f.replicas()).to.equal(4);
    f.cores.set('web-a', 0.01);
    f.cores.set('web-b', 0.01);
    // The next sync still sees the last window's usage (150% over 2 of 4 pods: 6), then low.
    await f.run(60_000);
    expect(await f.replicas()).to.equal(6);
    expect(f.condition(await f.status(), 'AbleToScale')).to.equal(
      'True ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation',
    );
    await f.run(5 * minute);
    expect(await f.replicas()).to.equal(1);
    const events = await f.events();
    expect(events.at(-1)).to.equal(
      'Normal SuccessfulRescale New size: 1; reason: All metrics below target',
    );
  });

  it('follows its behavior: a short scale-down window and at most one pod a minute', async () => {
    await f.pod('web-a', 0.01);
    await f.pod('web-b', 0.01);
    await f.api.client.patch(deployments, 'default', 'web', { spec: { replicas: 4 } });
    await f.run(30_000);
    await f.hpa({
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 30,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
      },
    });
    await f.run(15_000);
    expect(await f.replicas()).to.equal(4);
    await f.run(30_000);
    expect(await f.replicas()).to.equal(3);
    expect(f.condition(await f.status(), 'ScalingLimited')).to.equal(
      'True ScaleDownLimit: the desired replica count is decreasing faster than the maximum scale rate',
    );
    await f.run(60_000);
    expect(await f.replicas()).to.equal(2);
  });

  it('keeps within min and max replicas', async () => {
    await f.pod('web-a', 2);
    await f.pod('web-b', 2);
    await f.run(30_000);
    await f.hpa({ minReplicas: 1, maxReplicas: 3 });
    await f.run(1_000);
    expect(await f.replicas()).to.equal(3);
    expect(f.condition(await f.status(), 'ScalingLimited')).to.equal(
      'True TooManyReplicas: the desired replica count is more than the maximum replica count',
    );
    await f.api.client.patch(deployments, 'default', 'web', { spec: { replicas: 7 } });
    await f.run(15_000);
    expect(await f.replicas()).to.equal(3);
    expect((await f.events()).at(-1)).to.equal(
      'Normal SuccessfulRescale New size: 3; reason: Current number of replicas above Spec.MaxReplicas',
    );
  });

  it('says why it cannot scale: no metrics, or no such target', async () => {
    await f.pod('web-a', 0.3);
    await f.hpa();
    await f.run(1_000);
    const status = await f.status();
    expect(status.currentMetrics).to.deep.equal([{ type: '' }]);
    expect(f.condition(status, 'ScalingActive')).to.equal(
      'False FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
    expect(await f.events()).to.include.members([
      'Warning FailedGetResourceMetric failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      'Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    ]);

    await f.api.client.create<HorizontalPodAutoscaler>(horizontalpodautoscalers, 'default', {
      metadata: { name: 'lost' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nope' },
        maxReplicas: 3,
      },
    });
    await f.run(1_000);
    expect(f.condition(await f.status('lost'), 'AbleToScale')).to.equal(
      'False FailedGetScale: the HPA controller was unable to get the target\'s current scale: deployments.apps "nope" not found',
    );
  });

  it('refuses pods selected by two HPAs', async () => {
    await f.pod('web-a', 0.1);
    await f.run(30_000);
    await f.hpa({}, 'one');
    await f.run(1_000);
    await f.hpa({}, 'two');
    await f.run(15_000);
    expect(f.condition(await f.status('two'), 'ScalingActive')).to.equal(
      'False AmbiguousSelector: pods by selector app=web are controlled by more than one HPA (e.g. [default/one default/two])',
    );
  });
});
