import { expect } from '@esm-bundle/chai';
import { isNotFound } from '../../../src/kernel/api/errors.ts';
import { pods } from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { WatchEvent } from '../../../src/kernel/types/meta.ts';
import type { ApiHandler } from '../../../src/kernel/api/types.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { eventually, startTestApi } from '../../helpers/api.ts';
import {
  containerStatus,
  createBound,
  hostIP,
  podEvents,
  podManifest,
  startKubelet,
  waitForPod,
  type KubeletFixture,
} from './kubelet-fixture.ts';

describe('kubelet: running pods', () => {
  let f: KubeletFixture;

  beforeEach(async () => {
    f = await startKubelet();
  });

  afterEach(() => {
    f.kubelet.stop();
  });

  it('takes a pod from Pending to Running with the status shaped as Kubernetes shapes it', async () => {
    const release = f.registry.hold('ticker:1.0');
    const bound = await createBound(f.client, podManifest('web-1'));
    const scheduled = bound.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
    const acceptedAt = rfc3339(f.clock.now());

    const pending = await waitForPod(f.client, 'web-1', (p) => !!p.status?.podIP);
    expect(pending.status).to.deep.equal({
      observedGeneration: 1,
      phase: 'Pending',
      conditions: [
        {
          type: 'PodReadyToStartContainers',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: acceptedAt,
          observedGeneration: 1,
        },
        {
          type: 'Initialized',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: acceptedAt,
          observedGeneration: 1,
        },
        {
          type: 'Ready',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: acceptedAt,
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [app]',
          observedGeneration: 1,
        },
        {
          type: 'ContainersReady',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: acceptedAt,
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [app]',
          observedGeneration: 1,
        },
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: scheduled.lastTransitionTime,
          observedGeneration: 1,
        },
      ],
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP: '10.244.1.2',
      podIPs: [{ ip: '10.244.1.2' }],
      startTime: acceptedAt,
      containerStatuses: [
        {
          name: 'app',
          state: { waiting: { reason: 'ContainerCreating' } },
          lastState: {},
          ready: false,
          restartCount: 0,
          image: 'ticker:1.0',
          imageID: '',
          started: false,
        },
      ],
      qosClass: 'BestEffort',
    });

    await f.clock.advance(2_000);
    release();
    const running = await waitForPod(f.client, 'web-1', (p) => p.status?.phase === 'Running');
    const startedAt = rfc3339(f.clock.now());
    const [container] = f.runtime.containers;
    expect(running.status!.containerStatuses).to.deep.equal([
      {
        name: 'app',
        state: { running: { startedAt } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'ticker:1.0',
        imageID: container.spec.image.imageID,
        containerID: container.containerID,
        started: true,
      },
    ]);
    expect(container.containerID).to.match(/^wasi:\/\/[0-9a-f]{64}$/);
    const conditions = running.status!.conditions!.map((c) => [
      c.type,
      c.status,
      c.lastTransitionTime,
    ]);
    expect(conditions).to.deep.equal([
      ['PodReadyToStartContainers', 'True', acceptedAt],
      ['Initialized', 'True', acceptedAt],
      ['Ready', 'True', startedAt],
      ['ContainersReady', 'True', startedAt],
      ['PodScheduled', 'True', scheduled.lastTransitionTime],
    ]);
    expect(container.env('HOSTNAME')).to.equal('web-1');
    expect(container.spec.args).to.deep.equal([]);

    expect(await podEvents(f.client, 'web-1')).to.deep.equal([
      ['Normal', 'Pulling', 'Pulling image "ticker:1.0"', 1],
      [
        'Normal',
        'Pulled',
        'Successfully pulled image "ticker:1.0" in 2s (2s including waiting). Image size: 4096 bytes.',
        1,
      ],
      ['Normal', 'Created', 'Created container: app', 1],
      ['Normal', 'Started', 'Started container app', 1],
    ]);
  });

  it('passes env and expanded command and args, and pulls an image once per node', async () => {
    await createBound(
      f.client,
      podManifest('env-1', {
        containers: [
          {
            name: 'app',
            image: 'ticker:1.0',
            command: ['ticker'],
            args: ['--every=$(PERIOD)', '--name=$(HOSTNAME)', '$$(PERIOD)', '$(UNSET)'],
            env: [
              { name: 'PERIOD', value: '1s' },
              { name: 'FROM_FIELD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
          },
        ],
      }),
    );
    await createBound(f.client, podManifest('env-2'));
    await waitForPod(f.client, 'env-2', (p) => p.status?.phase === 'Running');
    await waitForPod(f.client, 'env-1', (p) => p.status?.phase === 'Running');
    const [container] = f.runtime.of('env-1');
    expect(container.spec.args).to.deep.equal([
      'ticker',
      '--every=1s',
      '--name=env-1',
      '$(PERIOD)',
      '$(UNSET)',
    ]);
    expect(container.spec.env).to.deep.equal([
      ['HOSTNAME', 'env-1'],
      ['PERIOD', '1s'],
      ['FROM_FIELD', 'env-1'],
    ]);
    expect(f.registry.pulls).to.deep.equal(['ticker:1.0']);
    expect((await podEvents(f.client, 'env-2'))[0]).to.deep.equal([
      'Normal',
      'Pulled',
      'Container image "ticker:1.0" already present on machine',
      1,
    ]);
  });

  it('serves logs of the current and previous instance, and says why there are none', async () => {
    f.registry.hold('ticker:1.0');
    await createBound(f.client, podManifest('logs-1'));
    await waitForPod(f.client, 'logs-1', (p) => !!p.status?.podIP);
    expect(f.kubelet.logs('default', 'logs-1', undefined)).to.deep.include({
      error: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'container "app" in pod "logs-1" is waiting to start: ContainerCreating',
        reason: 'BadRequest',
        code: 400,
      },
    });
    expect(errorOf(f.kubelet.logs('default', 'nope', undefined))).to.deep.equal([
      'NotFound',
      'pods "nope" not found',
    ]);
    expect(errorOf(f.kubelet.logs('default', 'logs-1', 'other'))).to.deep.equal([
      'BadRequest',
      'container other is not valid for pod logs-1',
    ]);
  });

  it('keeps each instance output with timestamps, tail and previous', async () => {
    await createBound(f.client, podManifest('logs-2'));
    await waitForPod(f.client, 'logs-2', (p) => p.status?.phase === 'Running');
    const [first] = f.runtime.of('logs-2');
    first.log('tick 1\ntick 2\n');
    await f.clock.advance(1_500);
    first.log('tick 3\n', 'stderr');
    expect(textOf(f.kubelet.logs('default', 'logs-2', undefined))).to.equal(
      'tick 1\ntick 2\ntick 3\n',
    );
    expect(
      textOf(f.kubelet.logs('default', 'logs-2', 'app', { tailLines: 1, timestamps: true })),
    ).to.equal(`${new Date(f.clock.now()).toISOString().slice(0, 19)}.500000000Z tick 3\n`);
    expect(errorOf(f.kubelet.logs('default', 'logs-2', 'app', { previous: true }))).to.deep.equal([
      'BadRequest',
      'previous terminated container "app" in pod "logs-2" not found',
    ]);

    first.exit(2);
    await waitForPod(f.client, 'logs-2', (p) => containerStatus(p)?.restartCount === 1);
    const [, second] = f.runtime.of('logs-2');
    second.log('again\n');
    expect(textOf(f.kubelet.logs('default', 'logs-2', 'app'))).to.equal('again\n');
    expect(textOf(f.kubelet.logs('default', 'logs-2', 'app', { previous: true }))).to.equal(
      'tick 1\ntick 2\ntick 3\n',
    );

    // In CrashLoopBackOff both read the instance that just ended; a third start drops the first's log.
    second.exit(1);
    await waitForPod(f.client, 'logs-2', (p) => !!containerStatus(p)?.state?.waiting);
    expect(textOf(f.kubelet.logs('default', 'logs-2', 'app'))).to.equal('again\n');
    expect(textOf(f.kubelet.logs('default', 'logs-2', 'app', { previous: true }))).to.equal(
      'again\n',
    );
    await f.clock.advance(10_000);
    await eventually(() => f.runtime.of('logs-2').length === 3);
    expect(textOf(f.kubelet.logs('default', 'logs-2', 'app', { previous: true }))).to.equal(
      'again\n',
    );
    expect(f.kubelet.logStore.read(first.containerID)).to.equal(undefined);
  });

  it('asks for a container name when a pod has several', async () => {
    await createBound(
      f.client,
      podManifest('multi', {
        initContainers: [{ name: 'setup', image: 'ticker:1.0' }],
        containers: [
          { name: 'a', image: 'ticker:1.0' },
          { name: 'b', image: 'ticker:1.0' },
        ],
      }),
    );
    await waitForPod(f.client, 'multi', (p) => !!p.status?.podIP);
    expect(errorOf(f.kubelet.logs('default', 'multi', undefined))).to.deep.equal([
      'BadRequest',
      'a container name must be specified for pod multi, choose one of: [a b] or one of the init containers: [setup]',
    ]);
    expect(errorOf(f.kubelet.logs('default', 'multi', 'a'))).to.deep.equal([
      'BadRequest',
      'container "a" in pod "multi" is waiting to start: PodInitializing',
    ]);
  });

  it('restarts a crashing container with back-off, CrashLoopBackOff between restarts', async () => {
    const pod = await createBound(f.client, podManifest('crash'));
    const formatted = `crash_default(${pod.metadata.uid})`;
    await waitForPod(f.client, 'crash', (p) => p.status?.phase === 'Running');

    // The first crash is restarted at once.
    f.runtime.of('crash')[0].exit(1);
    let live = await waitForPod(f.client, 'crash', (p) => containerStatus(p)?.restartCount === 1);
    const firstID = f.runtime.of('crash')[0].containerID;
    expect(containerStatus(live)!.state!.running).to.not.equal(undefined);
    expect(containerStatus(live)!.lastState).to.deep.equal({
      terminated: {
        exitCode: 1,
        reason: 'Error',
        startedAt: rfc3339(f.clock.now()),
        finishedAt: rfc3339(f.clock.now()),
        containerID: firstID,
      },
    });

    // The second waits 10 s in CrashLoopBackOff.
    await f.clock.advance(3_000);
    f.runtime.of('crash')[1].exit(1);
    live = await waitForPod(f.client, 'crash', (p) => !!containerStatus(p)?.state?.waiting);
    const waiting = containerStatus(live)!;
    expect(live.status!.phase).to.equal('Running');
    expect(waiting.state).to.deep.equal({
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 10s restarting failed container=app pod=${formatted}`,
      },
    });
    expect(waiting.ready).to.equal(false);
    expect(waiting.restartCount).to.equal(1);
    expect(waiting.lastState!.terminated!.containerID).to.equal(
      f.runtime.of('crash')[1].containerID,
    );
    const ready = live.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect([ready.status, ready.reason, ready.message]).to.deep.equal([
      'False',
      'ContainersNotReady',
      'containers with unready status: [app]',
    ]);
    expect(await podEvents(f.client, 'crash')).to.deep.include([
      'Warning',
      'BackOff',
      `Back-off restarting failed container app in pod ${formatted}`,
      1,
    ]);

    await f.clock.advance(9_000);
    expect(f.runtime.of('crash')).to.have.length(2);
    await f.clock.advance(1_000);
    live = await waitForPod(f.client, 'crash', (p) => containerStatus(p)?.restartCount === 2);
    expect(containerStatus(live)!.state!.running).to.not.equal(undefined);

    // Then 20 s.
    f.runtime.of('crash')[2].exit(1);
    live = await waitForPod(f.client, 'crash', (p) => !!containerStatus(p)?.state?.waiting);
    expect(containerStatus(live)!.state!.waiting!.message).to.equal(
      `back-off 20s restarting failed container=app pod=${formatted}`,
    );
    await f.clock.advance(19_999);
    expect(f.runtime.of('crash')).to.have.length(3);
    await f.clock.advance(1);
    await eventually(() => f.runtime.of('crash').length === 4);
  });

  it('forgets the back-off once a container ran for twice the ceiling', async () => {
    await createBound(f.client, podManifest('steady'));
    await waitForPod(f.client, 'steady', (p) => p.status?.phase === 'Running');
    f.runtime.of('steady')[0].exit(1);
    await eventually(() => f.runtime.of('steady').length === 2);
    f.runtime.of('steady')[1].exit(1);
    await waitForPod(f.client, 'steady', (p) => !!containerStatus(p)?.state?.waiting);
    await f.clock.advance(10_000);
    await eventually(() => f.runtime.of('steady').length === 3);
    // Ten minutes of running (twice the 5-minute ceiling), then a crash: restarted at once.
    await f.clock.advance(600_001);
    f.runtime.of('steady')[2].exit(1);
    await eventually(() => f.runtime.of('steady').length === 4);
  });

  const policies: {
    policy: 'OnFailure' | 'Never';
    exits: number[];
    phase: string;
    starts: number;
    reason: string;
  }[] = [
    { policy: 'OnFailure', exits: [1, 0], phase: 'Succeeded', starts: 2, reason: 'PodCompleted' },
    { policy: 'Never', exits: [1], phase: 'Failed', starts: 1, reason: 'PodFailed' },
    { policy: 'Never', exits: [0], phase: 'Succeeded', starts: 1, reason: 'PodCompleted' },
  ];
  for (const { policy, exits, phase, starts, reason } of policies) {
    it(`restartPolicy ${policy}: exits ${exits.join(', ')} end ${phase}`, async () => {
      const name = `job-${policy.toLowerCase()}-${exits.join('')}`;
      await createBound(f.client, podManifest(name, { restartPolicy: policy }));
      for (const [i, code] of exits.entries()) {
        await eventually(() => f.runtime.of(name).length === i + 1);
        f.runtime.of(name)[i].exit(code);
      }
      const done = await waitForPod(f.client, name, (p) => p.status?.phase === phase);
      await f.clock.advance(600_000);
      expect(f.runtime.of(name)).to.have.length(starts);
      const status = containerStatus(done)!;
      expect(status.state!.terminated).to.deep.include({
        exitCode: exits[exits.length - 1],
        reason: exits[exits.length - 1] === 0 ? 'Completed' : 'Error',
      });
      expect(status.restartCount).to.equal(starts - 1);
      const byType = Object.fromEntries(done.status!.conditions!.map((c) => [c.type, c]));
      expect([byType.Ready.status, byType.Ready.reason]).to.deep.equal(['False', reason]);
      expect([byType.ContainersReady.status, byType.ContainersReady.reason]).to.deep.equal([
        'False',
        reason,
      ]);
      expect(byType.PodReadyToStartContainers.status).to.equal('False');
      if (phase === 'Succeeded') expect(byType.Initialized.reason).to.equal('PodCompleted');
      // The pod keeps the IP it had.
      expect(done.status!.podIP).to.equal(done.status!.podIPs![0].ip);
    });
  }

  it('runs init containers to completion in order before the containers', async () => {
    await createBound(
      f.client,
      podManifest('init', {
        initContainers: [
          { name: 'first', image: 'ticker:1.0', args: ['one'] },
          { name: 'second', image: 'ticker:1.0', args: ['two'] },
        ],
      }),
    );
    let pod = await waitForPod(
      f.client,
      'init',
      (p) => !!p.status?.initContainerStatuses?.[0]?.state?.running,
    );
    expect(pod.status!.phase).to.equal('Pending');
    expect(pod.status!.initContainerStatuses![1].state).to.deep.equal({
      waiting: { reason: 'PodInitializing' },
    });
    expect(containerStatus(pod)!.state).to.deep.equal({ waiting: { reason: 'PodInitializing' } });
    const initialized = pod.status!.conditions!.find((c) => c.type === 'Initialized')!;
    expect([initialized.status, initialized.reason, initialized.message]).to.deep.equal([
      'False',
      'ContainersNotInitialized',
      'containers with incomplete status: [first second]',
    ]);

    // A failed init container is retried (restartPolicy Always).
    f.runtime.containers[0].exit(3);
    await eventually(() => f.runtime.containers.length === 2);
    expect(f.runtime.containers[1].spec.args).to.deep.equal(['one']);
    f.runtime.containers[1].exit(0);
    await eventually(() => f.runtime.containers.length === 3);
    expect(f.runtime.containers[2].spec.args).to.deep.equal(['two']);
    f.runtime.containers[2].exit(0);
    pod = await waitForPod(f.client, 'init', (p) => p.status?.phase === 'Running');
    const [first, second] = pod.status!.initContainerStatuses!;
    expect([first.ready, first.restartCount, first.state!.terminated!.reason]).to.deep.equal([
      true,
      1,
      'Completed',
    ]);
    expect([second.ready, second.started, second.state!.terminated!.exitCode]).to.deep.equal([
      true,
      false,
      0,
    ]);
    expect(pod.status!.conditions!.find((c) => c.type === 'Initialized')!.status).to.equal('True');
  });

  it('fails a pod whose init container fails under restartPolicy Never', async () => {
    await createBound(
      f.client,
      podManifest('init-never', {
        restartPolicy: 'Never',
        initContainers: [{ name: 'setup', image: 'ticker:1.0' }],
      }),
    );
    await eventually(() => f.runtime.containers.length === 1);
    f.runtime.containers[0].exit(1);
    const pod = await waitForPod(f.client, 'init-never', (p) => p.status?.phase === 'Failed');
    expect(f.runtime.containers).to.have.length(1);
    expect(containerStatus(pod)!.state).to.deep.equal({ waiting: { reason: 'PodInitializing' } });
  });

  it('reports ErrImagePull, then ImagePullBackOff, and runs once the image exists', async () => {
    await createBound(
      f.client,
      podManifest('bad-image', { containers: [{ name: 'app', image: 'nope:1.0' }] }),
    );
    const notFound = 'failed to resolve reference "docker.io/library/nope:1.0": not found';
    let pod = await waitForPod(
      f.client,
      'bad-image',
      (p) => containerStatus(p)?.state?.waiting?.reason === 'ErrImagePull',
    );
    expect(containerStatus(pod)!.state!.waiting!.message).to.equal(notFound);
    expect(pod.status!.phase).to.equal('Pending');
    expect(await podEvents(f.client, 'bad-image')).to.deep.equal([
      ['Normal', 'Pulling', 'Pulling image "nope:1.0"', 1],
      ['Warning', 'Failed', `Failed to pull image "nope:1.0": ${notFound}`, 1],
      ['Warning', 'Failed', 'Error: ErrImagePull', 1],
    ]);
    expect(errorOf(f.kubelet.logs('default', 'bad-image', undefined))[1]).to.equal(
      `container "app" in pod "bad-image" is waiting to start: image can't be pulled`,
    );

    // After 10 s the kubelet pulls again (the 10 s back-off has passed); then it backs off 20 s.
    await f.clock.advance(10_000);
    await eventually(() => f.registry.pulls.length === 2);
    await f.clock.advance(10_000);
    pod = await waitForPod(
      f.client,
      'bad-image',
      (p) => containerStatus(p)?.state?.waiting?.reason === 'ImagePullBackOff',
    );
    expect(containerStatus(pod)!.state!.waiting!.message).to.equal(
      `Back-off pulling image "nope:1.0": ErrImagePull: ${notFound}`,
    );
    expect(f.registry.pulls).to.have.length(2);
    const events = await podEvents(f.client, 'bad-image');
    expect(events).to.deep.include(['Normal', 'BackOff', 'Back-off pulling image "nope:1.0"', 1]);
    expect(events).to.deep.include(['Warning', 'Failed', 'Error: ImagePullBackOff', 1]);
    expect(errorOf(f.kubelet.logs('default', 'bad-image', undefined))[1]).to.equal(
      `container "app" in pod "bad-image" is waiting to start: trying and failing to pull image`,
    );

    f.registry.add('nope:1.0');
    await f.clock.advance(10_000);
    await waitForPod(f.client, 'bad-image', (p) => p.status?.phase === 'Running');
    expect(f.registry.pulls).to.have.length(3);
  });

  it('reports an image that cannot be named as InvalidImageName', async () => {
    f.registry.markInvalid('Bad:Image');
    await createBound(
      f.client,
      podManifest('invalid', { containers: [{ name: 'app', image: 'Bad:Image' }] }),
    );
    const pod = await waitForPod(
      f.client,
      'invalid',
      (p) => containerStatus(p)?.state?.waiting?.reason === 'InvalidImageName',
    );
    const message =
      'Failed to apply default image tag "Bad:Image": couldn\'t parse image name "Bad:Image": invalid reference format';
    expect(containerStatus(pod)!.state!.waiting!.message).to.equal(message);
    const events = await podEvents(f.client, 'invalid');
    expect(events).to.deep.include(['Warning', 'InspectFailed', message, 1]);
    expect(events).to.deep.include(['Warning', 'Failed', 'Error: InvalidImageName', 1]);
  });

  it('kills the containers of a deleted pod and confirms the deletion', async () => {
    const created = await createBound(f.client, podManifest('doomed'));
    await waitForPod(f.client, 'doomed', (p) => p.status?.phase === 'Running');
    const seen: WatchEvent<Pod>[] = [];
    const watch = await f.client.watch<Pod>(
      pods,
      'default',
      { fieldSelector: 'metadata.name=doomed', resourceVersion: created.metadata.resourceVersion },
      (event) => seen.push(event),
    );
    await f.client.delete(pods, 'default', 'doomed');
    await eventually(() => seen.some((e) => e.type === 'DELETED'));
    watch.stop();
    expect(f.runtime.running()).to.have.length(0);
    const last = seen.filter((e) => e.type === 'MODIFIED').pop()!.object;
    expect(last.metadata.deletionTimestamp).to.be.a('string');
    expect(last.status!.phase).to.equal('Failed');
    expect(containerStatus(last)!.state!.terminated).to.deep.include({
      exitCode: 137,
      reason: 'Error',
    });
    expect(await podEvents(f.client, 'doomed')).to.deep.include([
      'Normal',
      'Killing',
      'Stopping container app',
      1,
    ]);
    try {
      await f.client.get(pods, 'default', 'doomed');
      expect.fail('the pod should be gone');
    } catch (err) {
      expect(isNotFound(err)).to.equal(true);
    }
  });

  it('stops a container that handles SIGTERM with exit code 0 when its pod is deleted', async () => {
    const created = await createBound(f.client, podManifest('graceful'));
    await waitForPod(f.client, 'graceful', (p) => p.status?.phase === 'Running');
    f.runtime.of('graceful')[0].stopsOnSigterm = true;
    const seen: WatchEvent<Pod>[] = [];
    const watch = await f.client.watch<Pod>(
      pods,
      'default',
      {
        fieldSelector: 'metadata.name=graceful',
        resourceVersion: created.metadata.resourceVersion,
      },
      (event) => seen.push(event),
    );
    await f.client.delete(pods, 'default', 'graceful');
    await eventually(() => seen.some((e) => e.type === 'DELETED'));
    watch.stop();
    const last = seen.filter((e) => e.type === 'MODIFIED').pop()!.object;
    expect(last.status!.phase).to.equal('Succeeded');
    const terminated = containerStatus(last)!.state!.terminated!;
    expect(terminated).to.deep.include({ exitCode: 0, reason: 'Completed' });
    expect(terminated).not.to.have.property('message');
    expect(terminated).not.to.have.property('signal');
    expect(await podEvents(f.client, 'graceful')).to.deep.include([
      'Normal',
      'Killing',
      'Stopping container app',
      1,
    ]);
  });

  it('confirms the deletion of a pod whose image never came', async () => {
    await createBound(
      f.client,
      podManifest('never', { containers: [{ name: 'app', image: 'nope:2' }] }),
    );
    await waitForPod(f.client, 'never', (p) => !!containerStatus(p)?.state?.waiting?.message);
    await f.client.delete(pods, 'default', 'never');
    await eventually(async () => {
      try {
        await f.client.get(pods, 'default', 'never');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    });
  });

  it('runs again, as restarted containers, the pods bound to it after a restart', async () => {
    await createBound(f.client, podManifest('survivor'));
    await waitForPod(f.client, 'survivor', (p) => p.status?.phase === 'Running');
    const before = (await f.client.get<Pod>(pods, 'default', 'survivor')).status!;

    await f.restart();
    const after = await waitForPod(
      f.client,
      'survivor',
      (p) => !!containerStatus(p)?.state?.running && containerStatus(p)!.restartCount === 1,
    );
    expect(f.runtime.of('survivor')).to.have.length(1);
    expect(containerStatus(after)!.lastState).to.deep.equal({
      terminated: {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message:
          'The container could not be located when the pod was deleted.  The container used to be Running',
      },
    });
    expect(after.status!.podIP).to.equal(before.podIP);
    expect(after.status!.startTime).to.equal(before.startTime);
    expect(after.status!.phase).to.equal('Running');
    expect(await podEvents(f.client, 'survivor')).to.deep.include([
      'Normal',
      'SandboxChanged',
      'Pod sandbox changed, it will be killed and re-created.',
      1,
    ]);
  });

  it('confirms after a restart the deletion of a pod deleted while it was down', async () => {
    await createBound(f.client, podManifest('gone-while-down'));
    await waitForPod(f.client, 'gone-while-down', (p) => p.status?.phase === 'Running');
    f.kubelet.stop();
    f.runtime.killAll();
    await f.client.delete(pods, 'default', 'gone-while-down');
    const seen: WatchEvent<Pod>[] = [];
    const marked = await f.client.get<Pod>(pods, 'default', 'gone-while-down');
    const watch = await f.client.watch<Pod>(
      pods,
      'default',
      {
        fieldSelector: 'metadata.name=gone-while-down',
        resourceVersion: marked.metadata.resourceVersion,
      },
      (event) => seen.push(event),
    );
    await f.restart();
    await eventually(() => seen.some((e) => e.type === 'DELETED'));
    watch.stop();
    expect(f.runtime.containers).to.have.length(0);
    const last = seen.filter((e) => e.type === 'MODIFIED').pop()!.object;
    expect(last.status!.phase).to.equal('Failed');
    expect(containerStatus(last)).to.deep.include({
      restartCount: 0,
      state: {
        terminated: {
          exitCode: 137,
          reason: 'ContainerStatusUnknown',
          message: 'The container could not be located when the pod was terminated',
        },
      },
    });
  });

  it('shows a container the runtime could not start as RunContainerError and retries it', async () => {
    f.runtime.failNextStart = 'module instantiation failed';
    await createBound(f.client, podManifest('unstartable'));
    const pod = await waitForPod(
      f.client,
      'unstartable',
      (p) => containerStatus(p)?.state?.waiting?.reason === 'RunContainerError',
    );
    expect(containerStatus(pod)!.state!.waiting!.message).to.equal('module instantiation failed');
    expect(await podEvents(f.client, 'unstartable')).to.deep.include([
      'Warning',
      'Failed',
      'Error: module instantiation failed',
      1,
    ]);
    await f.clock.advance(10_000);
    await waitForPod(f.client, 'unstartable', (p) => p.status?.phase === 'Running');
  });

  it('resumes a crash loop after a restart without counting the lost back-off', async () => {
    await createBound(f.client, podManifest('looper'));
    await waitForPod(f.client, 'looper', (p) => p.status?.phase === 'Running');
    f.runtime.of('looper')[0].exit(1);
    await eventually(() => f.runtime.of('looper').length === 2);
    f.runtime.of('looper')[1].exit(1);
    await waitForPod(f.client, 'looper', (p) => !!containerStatus(p)?.state?.waiting);

    await f.restart();
    const pod = await waitForPod(f.client, 'looper', (p) => containerStatus(p)?.restartCount === 2);
    expect(containerStatus(pod)!.state!.running).to.not.equal(undefined);
    expect(containerStatus(pod)!.lastState!.terminated).to.deep.include({
      exitCode: 1,
      reason: 'Error',
    });
  });
});

function errorOf(result: { text: string } | { error: { reason?: string; message?: string } }) {
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return [result.error.reason, result.error.message];
}

function textOf(result: { text: string } | { error: { message?: string } }): string {
  if ('error' in result) throw new Error(`expected logs, got ${result.error.message}`);
  return result.text;
}

describe('kubelet: status writes', () => {
  it('writes a pod status only when it changes', async () => {
    const api = await startTestApi();
    const writes: string[] = [];
    const counting: ApiHandler = {
      handle(request) {
        if (
          request.verb === 'PUT' &&
          request.path.endsWith('/status') &&
          request.path.includes('/pods/')
        ) {
          const body = request.body as Pod;
          writes.push(
            `${body.status?.phase}/${Object.keys(containerStatus(body)?.state ?? {})[0]}`,
          );
        }
        return api.server.handle(request);
      },
      watch: (request, onEvent) => api.server.watch(request, onEvent),
    };
    const f = await startKubelet({ client: new Client(counting), clock: api.clock });
    try {
      await createBound(f.client, podManifest('quiet'));
      await waitForPod(f.client, 'quiet', (p) => p.status?.phase === 'Running');
      await f.clock.advance(120_000);
      await f.kubelet.idle();
      expect(writes).to.deep.equal(['Pending/waiting', 'Running/running']);
    } finally {
      f.kubelet.stop();
    }
  });
});

describe('kubelet: container definition changes', () => {
  let f: KubeletFixture;

  beforeEach(async () => {
    f = await startKubelet();
  });

  afterEach(() => {
    f.kubelet.stop();
  });

  it('shows Completed, exit code 0, as the last state of a replaced container that handles SIGTERM', async () => {
    f.registry.add('ticker:2.0', 4096);
    await createBound(f.client, podManifest('respec-graceful'));
    const before = await waitForPod(
      f.client,
      'respec-graceful',
      (p) => p.status?.phase === 'Running',
    );
    f.runtime.of('respec-graceful')[0].stopsOnSigterm = true;
    await f.client.update<Pod>(pods, {
      ...before,
      spec: {
        ...before.spec,
        containers: [{ ...before.spec.containers[0], image: 'ticker:2.0' }],
      },
    });
    const after = await waitForPod(
      f.client,
      'respec-graceful',
      (p) => containerStatus(p)?.restartCount === 1 && !!containerStatus(p)?.state?.running,
    );
    expect(containerStatus(after)!.lastState!.terminated).to.deep.include({
      exitCode: 0,
      reason: 'Completed',
    });
  });

  for (const restartPolicy of ['Always', 'Never'] as const) {
    it(`restartPolicy ${restartPolicy}: restarts a running container whose image was changed`, async () => {
      f.registry.add('ticker:2.0', 4096);
      await createBound(f.client, podManifest('respec', { restartPolicy }));
      const before = await waitForPod(f.client, 'respec', (p) => p.status?.phase === 'Running');
      await f.client.update<Pod>(pods, {
        ...before,
        spec: {
          ...before.spec,
          containers: [{ ...before.spec.containers[0], image: 'ticker:2.0' }],
        },
      });
      const after = await waitForPod(
        f.client,
        'respec',
        (p) => containerStatus(p)?.restartCount === 1 && !!containerStatus(p)?.state?.running,
      );
      expect(f.runtime.of('respec').map((c) => c.spec.image.image)).to.deep.equal([
        'ticker:1.0',
        'ticker:2.0',
      ]);
      expect(after.status!.phase).to.equal('Running');
      expect(containerStatus(after)!.image).to.equal('ticker:2.0');
      expect(containerStatus(after)!.lastState!.terminated!.exitCode).to.equal(137);
      expect(await podEvents(f.client, 'respec')).to.deep.include([
        'Normal',
        'Killing',
        'Container app definition changed, will be restarted',
        1,
      ]);
    });
  }
});
