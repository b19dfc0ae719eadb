import { expect } from '@esm-bundle/chai';
import type { Container, Pod } from '../../../src/kernel/types/core.ts';
import type { FakeContainer } from '../../helpers/fake-runtime.ts';
import {
  containerStatus,
  createBound,
  podEvents,
  podManifest,
  startKubelet,
  waitForPod,
  type KubeletFixture,
} from './kubelet-fixture.ts';

/** What a fake container's module holds (FakeContainer.memoryBytes). */
const moduleBytes = 65536;

const container = (name: string, fields: Partial<Container> = {}): Container => ({
  name,
  image: 'ticker:1.0',
  ...fields,
});

/** A pod whose `app` mounts the emptyDir `cache` at /cache and whose `side` mounts nothing. */
const cachePod = (emptyDir: Record<string, unknown>, app: Partial<Container> = {}): Pod =>
  podManifest('app-1', {
    restartPolicy: 'Never',
    containers: [
      container('app', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }], ...app }),
      container('side'),
    ],
    volumes: [{ name: 'cache', emptyDir }],
  });

describe('kubelet: emptyDir medium and sizeLimit', () => {
  let f: KubeletFixture;
  beforeEach(async () => {
    f = await startKubelet();
  });
  afterEach(() => f.kubelet.stop());

  async function running(name: string): Promise<FakeContainer> {
    const p = await waitForPod(f.client, 'app-1', (x) =>
      (x.status?.containerStatuses ?? []).every((s) => s.state?.running),
    );
    return f.runtime.byId(containerStatus(p, name)!.containerID);
  }

  const memoryOf = (name: string) =>
    f.kubelet.usage().find((s) => s.pod === 'app-1' && s.name === name)?.memoryWorkingSetBytes;

  it("counts a Memory emptyDir's bytes in the memory of the containers that mount it", async () => {
    await createBound(f.client, cachePod({ medium: 'Memory' }));
    const app = await running('app');
    expect(memoryOf('app')).to.equal(moduleBytes);
    app.write('/cache/blob', 'x'.repeat(100_000));
    expect(memoryOf('app')).to.equal(moduleBytes + 100_000);
    expect(memoryOf('side')).to.equal(moduleBytes);
  });

  it('OOMKills a container whose module memory plus the tmpfs it mounts exceeds its limit', async () => {
    const limits = { resources: { limits: { memory: '128Ki' } } };
    await createBound(f.client, cachePod({ medium: 'Memory' }, limits));
    const app = await running('app');
    // 64 KiB of module and 60 000 bytes of files: still within 128 KiB.
    app.write('/cache/a', 'x'.repeat(60_000));
    expect(app.ended).to.equal(undefined);
    app.write('/cache/b', 'x'.repeat(10_000));
    const pod = await waitForPod(
      f.client,
      'app-1',
      (p) => !!containerStatus(p, 'app')?.state?.terminated,
    );
    const terminated = containerStatus(pod, 'app')!.state!.terminated!;
    expect(terminated.reason).to.equal('OOMKilled');
    expect(terminated.exitCode).to.equal(137);
    expect(containerStatus(pod, 'side')?.state?.running).to.not.equal(undefined);
  });

  it('evicts the pod when an emptyDir holds more than its sizeLimit', async () => {
    await createBound(f.client, cachePod({ sizeLimit: '1Ki' }));
    const app = await running('app');
    app.write('/cache/a', 'x'.repeat(1024));
    expect(app.ended).to.equal(undefined);
    app.write('/cache/b', 'x');
    const message = 'Usage of EmptyDir volume "cache" exceeds the limit "1Ki". ';
    const pod = await waitForPod(f.client, 'app-1', (p) => p.status?.phase === 'Failed');
    expect(pod.status?.reason).to.equal('Evicted');
    expect(pod.status?.message).to.equal(message);
    const disruption = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    expect(disruption?.status).to.equal('True');
    expect(disruption?.reason).to.equal('TerminationByKubelet');
    expect(f.runtime.of('app-1').every((c) => c.ended)).to.equal(true);
    await f.kubelet.idle();
    const evicted = (await podEvents(f.client, 'app-1')).filter(
      ([, reason]) => reason === 'Evicted',
    );
    expect(evicted.map(([type, , text]) => [type, text])).to.deep.equal([['Warning', message]]);
    // Nothing restarts an evicted pod.
    await f.clock.advance(f.timing.containerBackOffBase * 2);
    expect(f.runtime.of('app-1')).to.have.length(2);
  });

  it('leaves a disk emptyDir without sizeLimit out of memory and eviction', async () => {
    const limits = { resources: { limits: { memory: '128Ki' } } };
    await createBound(f.client, cachePod({}, limits));
    const app = await running('app');
    app.write('/cache/blob', 'x'.repeat(200_000));
    expect(memoryOf('app')).to.equal(moduleBytes);
    await f.clock.advance(f.timing.volumeRefreshPeriod);
    expect(app.ended).to.equal(undefined);
    const pod = await waitForPod(f.client, 'app-1', (p) => p.status?.phase === 'Running');
    expect(pod.status?.reason).to.equal(undefined);
    expect((await podEvents(f.client, 'app-1')).some(([, r]) => r === 'Evicted')).to.equal(false);
  });
});
