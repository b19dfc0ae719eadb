import { expect } from '@esm-bundle/chai';
import { events as eventsResource, jobs, pods } from '../../../src/kernel/api/resources.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { GarbageCollector } from '../../../src/kernel/controllers/garbage-collector.ts';
import { JobController } from '../../../src/kernel/controllers/job.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { TtlAfterFinishedController } from '../../../src/kernel/controllers/ttl-after-finished.ts';
import type { Job, JobSpec } from '../../../src/kernel/types/batch.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const suffix = '[bcdfghjklmnpqrstvwxz2456789]{5}';

function job(name: string, spec: Partial<JobSpec> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'work', image: 'pi:1.0', command: ['pi', '10'] }],
          restartPolicy: 'Never',
        },
      },
      ...spec,
    },
  };
}

describe('Job controller', () => {
  let api: TestApi;
  let manager: ControllerManager;

  beforeEach(async () => {
    api = await startTestApi();
    manager = new ControllerManager({
      client: new Client(api.server),
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new JobController());
    manager.add(new TtlAfterFinishedController());
    manager.add(new GarbageCollector());
    await manager.start();
  });

  afterEach(() => manager.stop());

  /** Advances cluster time in steps of `step` ms until `predicate` holds. */
  async function until(predicate: () => Promise<boolean> | boolean, limitMs = 10_000, step = 100) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += step) {
      if (await predicate()) return;
      await api.clock.advance(step);
    }
    throw new Error(`not reached within ${limitMs} ms of cluster time`);
  }

  async function podsOf(name: string): Promise<Pod[]> {
    const list = await api.client.list<Pod>(pods, 'default', { labelSelector: `job-name=${name}` });
    return list.items;
  }

  async function activePods(name: string): Promise<Pod[]> {
    return (await podsOf(name)).filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
  }

  async function getJob(name: string): Promise<Job> {
    return api.client.get<Job>(jobs, 'default', name);
  }

  async function eventsFor(name: string, reason?: string): Promise<Event[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items.filter(
      (e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason),
    );
  }

  /** What the kubelet reports when the pod's container exits with `code`. */
  async function finish(pod: Pod, code: number) {
    const now = rfc3339(api.clock.now());
    const fresh = await api.client.get<Pod>(pods, 'default', pod.metadata.name!);
    await api.client.updateStatus(pods, {
      ...fresh,
      status: {
        ...fresh.status,
        phase: code === 0 ? 'Succeeded' : 'Failed',
        conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }],
        containerStatuses: [
          {
            name: 'work',
            ready: false,
            restartCount: 0,
            image: 'pi:1.0',
            imageID: '',
            state: {
              terminated: {
                exitCode: code,
                reason: code === 0 ? 'Completed' : 'Error',
                startedAt: now,
                finishedAt: now,
              },
            },
          },
        ],
      },
    });
  }

  it('runs completions with parallelism, counts through the finalizer, then completes', async () => {
    const created = await api.client.create<Job>(
      jobs,
      'default',
      job('pi', { completions: 3, parallelism: 2 }),
    );
    await until(async () => (await activePods('pi')).length === 2);
    const first = await activePods('pi');
    for (const pod of first) {
      expect(pod.metadata.name).to.match(new RegExp(`^pi-${suffix}$`));
      expect(pod.metadata.finalizers).to.deep.equal(['batch.kubernetes.io/job-tracking']);
      expect(pod.metadata.ownerReferences).to.deep.equal([
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: 'pi',
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(pod.metadata.labels).to.deep.equal(created.spec.template.metadata?.labels);
      expect(pod.spec.restartPolicy).to.equal('Never');
    }
    await until(async () => (await getJob('pi')).status?.active === 2);
    const running = (await getJob('pi')).status;
    expect(running).to.deep.equal({
      startTime: running?.startTime,
      active: 2,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(running?.startTime).to.equal(rfc3339(Date.UTC(2026, 0, 1)));

    await finish(first[0], 0);
    await until(async () => (await getJob('pi')).status?.succeeded === 1);
    // The counted pod lost its finalizer; a third pod replaced it.
    const done = await api.client.get<Pod>(pods, 'default', first[0].metadata.name!);
    expect(done.metadata.finalizers ?? []).to.deep.equal([]);
    await until(async () => (await activePods('pi')).length === 2);

    await api.clock.advance(60_000);
    for (const pod of await activePods('pi')) await finish(pod, 0);
    await until(async () => (await getJob('pi')).status?.completionTime !== undefined);
    const finished = await getJob('pi');
    const at = finished.status?.completionTime;
    expect(finished.status?.succeeded).to.equal(3);
    expect(finished.status?.active).to.equal(undefined);
    expect(
      finished.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
    ).to.deep.equal([
      [
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      ],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(finished.status?.conditions?.[1].lastTransitionTime).to.equal(at);
    expect(finished.status?.uncountedTerminatedPods).to.deep.equal({});

    const createdEvents = await eventsFor('pi', 'SuccessfulCreate');
    expect(createdEvents).to.have.length(3);
    expect(createdEvents.every((e) => /^Created pod: pi-/.test(e.message ?? ''))).to.equal(true);
    expect(createdEvents[0].source?.component).to.equal('job-controller');
    const [completed] = await eventsFor('pi', 'Completed');
    expect(completed).to.deep.include({ type: 'Normal', message: 'Job completed' });
  });

  it('without completions, finishes once a pod succeeded and the others stopped', async () => {
    await api.client.create(jobs, 'default', job('queue', { parallelism: 2 }));
    const spec = (await getJob('queue')).spec;
    expect(spec.completions).to.equal(undefined);
    await until(async () => (await activePods('queue')).length === 2);
    const [a, b] = await activePods('queue');
    await finish(a, 0);
    await api.clock.advance(30_000);
    // One success: nothing new starts, the other pod keeps running.
    expect((await activePods('queue')).map((p) => p.metadata.name)).to.deep.equal([
      b.metadata.name,
    ]);
    expect((await getJob('queue')).status?.conditions).to.equal(undefined);
    await finish(b, 0);
    await until(async () => (await getJob('queue')).status?.completionTime !== undefined);
    expect((await getJob('queue')).status?.succeeded).to.equal(2);
  });

  it('retries failed pods after 10 s, 20 s, ... and fails past backoffLimit', async () => {
    await api.client.create(jobs, 'default', job('flaky', { backoffLimit: 2 }));
    await until(async () => (await activePods('flaky')).length === 1);
    const failedAt: number[] = [];
    const createdAt: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [pod] = await activePods('flaky');
      createdAt.push(Date.parse(pod.metadata.creationTimestamp!));
      failedAt.push(Math.floor(api.clock.now() / 1000) * 1000);
      await finish(pod, 1);
      if (attempt < 2) await until(async () => (await activePods('flaky')).length === 1, 60_000);
    }
    // Each replacement waited for its back-off: 10 s after the first failure, 20 s after the second.
    expect(createdAt[1] - failedAt[0]).to.be.within(10_000, 11_000);
    expect(createdAt[2] - failedAt[1]).to.be.within(20_000, 21_000);

    await until(async () => (await getJob('flaky')).status?.conditions?.length === 2, 10_000);
    const status = (await getJob('flaky')).status;
    expect(status?.failed).to.equal(3);
    expect(status?.completionTime).to.equal(undefined);
    expect(status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).to.deep.equal([
      [
        'FailureTarget',
        'True',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      ],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    const [warning] = await eventsFor('flaky', 'BackoffLimitExceeded');
    expect(warning).to.deep.include({
      type: 'Warning',
      message: 'Job has reached the specified backoff limit',
    });
    // No pod is left holding the finalizer.
    expect((await podsOf('flaky')).every((p) => !p.metadata.finalizers?.length)).to.equal(true);
  });

  it('counts container restarts against backoffLimit with restartPolicy OnFailure', async () => {
    const j = job('restarts', { backoffLimit: 2 });
    j.spec.template.spec.restartPolicy = 'OnFailure';
    await api.client.create(jobs, 'default', j);
    await until(async () => (await activePods('restarts')).length === 1);
    const [pod] = await activePods('restarts');
    await api.client.updateStatus(pods, {
      ...pod,
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'work', ready: false, restartCount: 2, image: 'pi:1.0', imageID: '' },
        ],
      },
    });
    await until(async () => (await getJob('restarts')).status?.conditions?.length === 2);
    const status = (await getJob('restarts')).status;
    expect(status?.conditions?.[1]).to.include({ type: 'Failed', reason: 'BackoffLimitExceeded' });
    // The running pod was stopped and counted as failed.
    expect(status?.failed).to.equal(1);
    expect(await podsOf('restarts')).to.have.length(0);
  });

  it('fails a Job active longer than activeDeadlineSeconds and stops its pods', async () => {
    await api.client.create(
      jobs,
      'default',
      job('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }),
    );
    await until(async () => (await activePods('slow')).length === 2);
    await api.clock.advance(25_000);
    expect((await getJob('slow')).status?.conditions).to.equal(undefined);
    await until(async () => (await getJob('slow')).status?.conditions?.length === 2, 10_000);
    const status = (await getJob('slow')).status;
    expect(status?.conditions?.map((c) => [c.type, c.reason, c.message])).to.deep.equal([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    expect(status?.failed).to.equal(2);
    expect(await podsOf('slow')).to.have.length(0);
    expect((await eventsFor('slow', 'DeadlineExceeded'))[0].type).to.equal('Warning');
  });

  it('gives an Indexed Job one pod per index, named <job>-<index>-xxxxx', async () => {
    await api.client.create(
      jobs,
      'default',
      job('idx', { completions: 3, parallelism: 2, completionMode: 'Indexed' }),
    );
    await until(async () => (await activePods('idx')).length === 2);
    const first = (await activePods('idx')).sort((a, b) =>
      a.metadata.name!.localeCompare(b.metadata.name!),
    );
    expect(first.map((p) => p.metadata.name)).to.satisfy(
      (names: string[]) =>
        names[0].match(new RegExp(`^idx-0-${suffix}$`)) &&
        names[1].match(new RegExp(`^idx-1-${suffix}$`)),
    );
    const pod0 = first[0];
    expect(pod0.metadata.annotations).to.deep.equal({
      'batch.kubernetes.io/job-completion-index': '0',
    });
    expect(pod0.metadata.labels?.['batch.kubernetes.io/job-completion-index']).to.equal('0');
    expect(pod0.spec.hostname).to.equal('idx-0');
    expect(pod0.spec.containers[0].env).to.deep.equal([
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: {
          fieldRef: {
            apiVersion: 'v1',
            fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
          },
        },
      },
    ]);
    await finish(pod0, 0);
    await until(async () => (await getJob('idx')).status?.completedIndexes === '0');
    await until(async () =>
      (await activePods('idx')).some((p) => p.metadata.name!.startsWith('idx-2-')),
    );
    for (const pod of await activePods('idx')) await finish(pod, 0);
    await until(async () => (await getJob('idx')).status?.completionTime !== undefined);
    const status = (await getJob('idx')).status;
    expect(status?.completedIndexes).to.equal('0-2');
    expect(status?.succeeded).to.equal(3);
  });

  it('starts nothing while suspended, and resets startTime when resumed', async () => {
    await api.client.create(
      jobs,
      'default',
      job('paused', { suspend: true, parallelism: 2, completions: 2 }),
    );
    await until(async () => (await getJob('paused')).status?.conditions !== undefined);
    let status = (await getJob('paused')).status;
    expect(await podsOf('paused')).to.have.length(0);
    expect(status?.startTime).to.equal(undefined);
    expect(status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).to.deep.equal([
      ['Suspended', 'True', 'JobSuspended', 'Job suspended'],
    ]);
    await api.clock.advance(60_000);
    await api.client.patch(jobs, 'default', 'paused', { spec: { suspend: false } });
    await until(async () => (await activePods('paused')).length === 2);
    await until(async () => (await getJob('paused')).status?.conditions?.[0].status === 'False');
    status = (await getJob('paused')).status;
    expect(status?.conditions?.[0]).to.include({
      type: 'Suspended',
      reason: 'JobResumed',
      message: 'Job resumed',
    });
    expect(Date.parse(status!.startTime!)).to.be.at.least(Date.UTC(2026, 0, 1, 0, 1));
    expect((await eventsFor('paused', 'Suspended'))[0].message).to.equal('Job suspended');
    expect((await eventsFor('paused', 'Resumed'))[0].message).to.equal('Job resumed');

    // Suspending again deletes the running pods without counting them as failures.
    await api.client.patch(jobs, 'default', 'paused', { spec: { suspend: true } });
    await until(async () => (await podsOf('paused')).length === 0);
    await until(async () => (await getJob('paused')).status?.conditions?.[0].status === 'True');
    status = (await getJob('paused')).status;
    expect(status?.failed).to.equal(undefined);
    expect(status?.active).to.equal(undefined);
    expect((await eventsFor('paused', 'SuccessfulDelete')).length).to.equal(2);
  });

  it('applies the pod failure policy: ignored disruptions, FailJob on an exit code', async () => {
    await api.client.create(
      jobs,
      'default',
      job('policy', {
        completions: 2,
        parallelism: 2,
        backoffLimit: 6,
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onExitCodes: { containerName: 'work', operator: 'In', values: [42] },
            },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
          ],
        },
      }),
    );
    expect((await getJob('policy')).spec.podReplacementPolicy).to.equal('Failed');
    await until(async () => (await activePods('policy')).length === 2);
    const [disrupted, failing] = await activePods('policy');
    // A pod evicted by a disruption fails without counting against backoffLimit.
    await api.client.updateStatus(pods, {
      ...disrupted,
      status: {
        phase: 'Failed',
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }],
      },
    });
    await until(async () => (await activePods('policy')).length === 2, 30_000);
    expect((await getJob('policy')).status?.failed).to.equal(undefined);
    await finish(failing, 42);
    await until(async () => (await getJob('policy')).status?.conditions?.length === 2);
    const status = (await getJob('policy')).status;
    expect(status?.conditions?.map((c) => [c.type, c.reason, c.message])).to.deep.equal(
      ['FailureTarget', 'Failed'].map((type) => [
        type,
        'PodFailurePolicy',
        `Container work for pod default/${failing.metadata.name} failed with exit code 42 matching FailJob rule at index 0`,
      ]),
    );
    // The stopped pod and the one that failed; the disruption stays uncounted.
    expect(status?.failed).to.equal(2);
  });

  it('leaves a Job managed by another controller alone', async () => {
    await api.client.create(jobs, 'default', job('external', { managedBy: 'example.com/queue' }));
    await api.clock.advance(30_000);
    expect(await podsOf('external')).to.have.length(0);
    expect((await getJob('external')).status).to.equal(undefined);
  });

  it('deletes a finished Job ttlSecondsAfterFinished after it finished', async () => {
    await api.client.create(jobs, 'default', job('short', { ttlSecondsAfterFinished: 100 }));
    await until(async () => (await activePods('short')).length === 1);
    await finish((await activePods('short'))[0], 0);
    await until(async () => (await getJob('short')).status?.completionTime !== undefined);
    const finishedAt = Date.parse((await getJob('short')).status!.completionTime!);
    await api.clock.advance(finishedAt + 95_000 - api.clock.now());
    expect((await api.client.list(jobs, 'default')).items).to.have.length(1);
    await until(async () => (await api.client.list(jobs, 'default')).items.length === 0, 10_000);
    expect(api.clock.now() - finishedAt).to.be.within(100_000, 101_000);
    await until(async () => (await podsOf('short')).length === 0);
  });

  it('lets a Job deleted in the background take its pods, finalizers and all', async () => {
    await api.client.create(jobs, 'default', job('gone', { parallelism: 3, completions: 3 }));
    await until(async () => (await activePods('gone')).length === 3);
    await api.client.delete(jobs, 'default', 'gone', { propagationPolicy: 'Background' });
    await until(async () => (await podsOf('gone')).length === 0);
  });
});
