import { expect } from '@esm-bundle/chai';
import { jobs, pods } from '../../../src/kernel/api/resources.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { GarbageCollector } from '../../../src/kernel/controllers/garbage-collector.ts';
import { JobController } from '../../../src/kernel/controllers/job.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import type { Job } from '../../../src/kernel/types/batch.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { nodeName, startKubelet, type KubeletFixture } from '../../workers/node/kubelet-fixture.ts';

/**
 * The Job controller with a real kubelet (on a fake container runtime): the pods it creates
 * run, end in a terminal phase and are counted; deleted pods go despite the tracking finalizer.
 */
describe('Job controller with a kubelet', () => {
  let api: TestApi;
  let manager: ControllerManager;
  let node: KubeletFixture;

  beforeEach(async () => {
    api = await startTestApi();
    node = await startKubelet({ client: api.client, clock: api.clock });
    node.registry.add('pi:1.0');
    manager = new ControllerManager({
      client: new Client(api.server),
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new JobController());
    manager.add(new GarbageCollector());
    await manager.start();
  });

  afterEach(() => {
    manager.stop();
    node.kubelet.stop();
  });

  /** Binds the Job's unscheduled pods to the node (the scheduler's part) until `predicate` holds. */
  async function until(predicate: () => Promise<boolean>, limitMs = 120_000) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += 250) {
      for (const pod of (await api.client.list<Pod>(pods, 'default')).items) {
        if (!pod.spec.nodeName && !pod.metadata.deletionTimestamp) {
          await api.client.bind('default', pod.metadata.name!, nodeName, pod.metadata.uid);
        }
      }
      if (await predicate()) return;
      await api.clock.advance(250);
    }
    throw new Error(`not reached within ${limitMs} ms of cluster time`);
  }

  const job = (name: string, spec: Partial<Job['spec']> = {}): Job => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'pi', image: 'pi:1.0', command: ['pi', '10'] }],
          restartPolicy: 'Never',
        },
      },
      ...spec,
    },
  });

  const getJob = (name: string) => api.client.get<Job>(jobs, 'default', name);

  it('completes once its pods ran to completion, retrying a failed one', async () => {
    await api.client.create(jobs, 'default', job('pi', { completions: 2, backoffLimit: 3 }));
    // The first pod fails, the retry and the second run succeed.
    const exits = [1, 0, 0];
    await until(async () => {
      for (const c of node.runtime.running()) c.exit(exits.shift() ?? 0);
      return (await getJob('pi')).status?.completionTime !== undefined;
    });
    const status = (await getJob('pi')).status;
    expect(status?.succeeded).to.equal(2);
    expect(status?.failed).to.equal(1);
    expect(status?.conditions?.map((c) => c.type)).to.deep.equal([
      'SuccessCriteriaMet',
      'Complete',
    ]);
    const left = (await api.client.list<Pod>(pods, 'default')).items;
    expect(left.map((p) => p.status?.phase).sort()).to.deep.equal([
      'Failed',
      'Succeeded',
      'Succeeded',
    ]);
    expect(left.every((p) => (p.metadata.finalizers ?? []).length === 0)).to.equal(true);
  });

  it('takes its running pods along when deleted in the background', async () => {
    await api.client.create(jobs, 'default', job('long', { parallelism: 2, completions: 2 }));
    await until(async () => node.runtime.running().length === 2);
    await api.client.delete(jobs, 'default', 'long', { propagationPolicy: 'Background' });
    await until(async () => (await api.client.list(pods, 'default')).items.length === 0);
  });

  it('stops its pods when activeDeadlineSeconds passes', async () => {
    await api.client.create(jobs, 'default', job('late', { activeDeadlineSeconds: 20 }));
    await until(async () => node.runtime.running().length === 1);
    await until(async () => (await getJob('late')).status?.conditions?.length === 2);
    expect((await getJob('late')).status?.conditions?.[1]).to.include({
      type: 'Failed',
      reason: 'DeadlineExceeded',
    });
    expect(node.runtime.running()).to.have.length(0);
  });
});
