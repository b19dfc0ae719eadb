import { expect } from '@esm-bundle/chai';
import {
  configmaps,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  secrets,
} from '../../../src/kernel/api/resources.ts';
import type { ConfigMap, Secret } from '../../../src/kernel/types/config.ts';
import type { Container, Pod, PodSpec } from '../../../src/kernel/types/core.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../src/kernel/types/storage.ts';
import { VolumeHost } from '../../../src/workers/node/volumes/volume-host.ts';
import { MemoryVolumeStore } from '../../../src/workers/node/volumes/volume-store.ts';
import { eventually } from '../../helpers/api.ts';
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

const container = (name: string, fields: Partial<Container> = {}): Container => ({
  name,
  image: 'ticker:1.0',
  ...fields,
});

const withVolumes = (spec: Partial<PodSpec>, name = 'app-1'): Pod => podManifest(name, spec);

describe('kubelet: volumes', () => {
  let f: KubeletFixture;
  let store: MemoryVolumeStore;

  beforeEach(async () => {
    store = new MemoryVolumeStore();
    f = await startKubelet({ volumeHost: new VolumeHost({ store, flushDelayMs: 1 }) });
  });

  afterEach(() => {
    f.kubelet.stop();
  });

  async function runningByName(pod: string, name = 'app'): Promise<FakeContainer> {
    const p = await waitForPod(f.client, pod, (x) =>
      (x.status?.containerStatuses ?? []).some((s) => s.name === name && s.state?.running),
    );
    return f.runtime.byId(containerStatus(p, name)!.containerID);
  }

  async function podUid(name: string): Promise<string> {
    return (await f.client.get<Pod>(pods, 'default', name)).metadata.uid!;
  }

  it('writes a ConfigMap volume: every key, or only the items at their paths with their modes', async () => {
    await f.client.create<ConfigMap>(configmaps, 'default', {
      metadata: { name: 'game' },
      data: { 'game.properties': 'lives=3\n', 'ui.properties': 'color=blue\n' },
      binaryData: { 'logo.bin': 'AAEC' },
    });
    await createBound(
      f.client,
      withVolumes({
        containers: [
          container('app', {
            volumeMounts: [
              { name: 'all', mountPath: '/etc/all' },
              { name: 'some', mountPath: '/etc/some' },
            ],
          }),
        ],
        volumes: [
          { name: 'all', configMap: { name: 'game' } },
          {
            name: 'some',
            configMap: {
              name: 'game',
              defaultMode: 0o600,
              items: [
                { key: 'game.properties', path: 'conf/game', mode: 0o400 },
                { key: 'ui.properties', path: 'ui' },
              ],
            },
          },
        ],
      }),
    );
    const app = await runningByName('app-1');
    expect(app.read('/etc/all/game.properties')).to.equal('lives=3\n');
    expect(app.read('/etc/all/ui.properties')).to.equal('color=blue\n');
    expect([
      ...app.volumes.get(`pod/${await podUid('app-1')}/all`)!.file('logo.bin')!,
    ]).to.deep.equal([0, 1, 2]);
    expect(app.read('/etc/some/conf/game')).to.equal('lives=3\n');
    expect(app.read('/etc/some/ui')).to.equal('color=blue\n');
    expect(app.read('/etc/some/game.properties')).to.equal(undefined);
    const some = f.kubelet.volumeHost.data(`pod/${await podUid('app-1')}/some`)!;
    expect(some.entry('conf/game')?.mode).to.equal(0o400);
    expect(some.entry('ui')?.mode).to.equal(0o600);
    const all = f.kubelet.volumeHost.data(`pod/${await podUid('app-1')}/all`)!;
    expect(all.entry('game.properties')?.mode).to.equal(0o644);
    // Mounted read-only, with the container's own root and /tmp after its mounts.
    expect(app.spec.filesystem!.mounts.map((m) => [m.path, m.readOnly])).to.deep.equal([
      ['/etc/all', true],
      ['/etc/some', true],
      ['/tmp', false],
      ['/', false],
    ]);
  });

  it('writes Secret, downward API and projected volumes', async () => {
    await f.client.create<Secret>(secrets, 'default', {
      metadata: { name: 'db' },
      stringData: { password: 's3cr3t' },
    });
    await f.client.create<ConfigMap>(configmaps, 'default', {
      metadata: { name: 'cfg' },
      data: { mode: 'fast' },
    });
    const pod = withVolumes({
      containers: [
        container('app', {
          volumeMounts: [
            { name: 'secret', mountPath: '/secret' },
            { name: 'info', mountPath: '/info' },
            { name: 'all', mountPath: '/all' },
          ],
        }),
      ],
      volumes: [
        { name: 'secret', secret: { secretName: 'db' } },
        {
          name: 'info',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
            ],
          },
        },
        {
          name: 'all',
          projected: {
            sources: [
              { configMap: { name: 'cfg' } },
              { secret: { name: 'db', items: [{ key: 'password', path: 'creds/pw' }] } },
              {
                downwardAPI: {
                  items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }],
                },
              },
            ],
          },
        },
      ],
    });
    pod.metadata.labels = { app: 'web', tier: 'front' };
    await createBound(f.client, pod);
    const app = await runningByName('app-1');
    expect(app.read('/secret/password')).to.equal('s3cr3t');
    expect(app.read('/info/labels')).to.equal('app="web"\ntier="front"');
    expect(app.read('/info/name')).to.equal('app-1');
    expect(app.read('/all/mode')).to.equal('fast');
    expect(app.read('/all/creds/pw')).to.equal('s3cr3t');
    expect(app.read('/all/ns')).to.equal('default');
  });

  it('updates mounted files after the refresh period, but not a subPath mount nor the env', async () => {
    await f.client.create<ConfigMap>(configmaps, 'default', {
      metadata: { name: 'cfg' },
      data: { color: 'blue' },
    });
    await createBound(
      f.client,
      withVolumes({
        containers: [
          container('app', {
            env: [{ name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } }],
            volumeMounts: [
              { name: 'cfg', mountPath: '/etc/cfg' },
              { name: 'cfg', mountPath: '/etc/color', subPath: 'color' },
            ],
          }),
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      }),
    );
    const app = await runningByName('app-1');
    const cm = await f.client.get<ConfigMap>(configmaps, 'default', 'cfg');
    await f.client.update<ConfigMap>(configmaps, { ...cm, data: { color: 'red' } });
    // Not before the kubelet's next sync of the pod...
    await f.clock.advance(f.timing.volumeRefreshPeriod - 1);
    expect(app.read('/etc/cfg/color')).to.equal('blue');
    await f.clock.advance(1);
    await eventually(() => app.read('/etc/cfg/color') === 'red');
    expect(app.volumeChanges.map((c) => c.change.op)).to.deep.equal(['replace']);
    expect(app.read('/etc/color')).to.equal('blue');
    expect(app.env('COLOR')).to.equal('blue');
  });

  it('keeps the pod in ContainerCreating with FailedMount while a ConfigMap is missing', async () => {
    await createBound(
      f.client,
      withVolumes({
        containers: [
          container('app', { volumeMounts: [{ name: 'config', mountPath: '/config' }] }),
        ],
        volumes: [
          { name: 'config', configMap: { name: 'app-config' } },
          { name: 'unused', configMap: { name: 'nowhere' } },
        ],
      }),
    );
    const message =
      'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found';
    await eventually(async () =>
      (await podEvents(f.client, 'app-1')).some(
        ([, reason, text]) => reason === 'FailedMount' && text === message,
      ),
    );
    const waiting = await waitForPod(
      f.client,
      'app-1',
      (p) => containerStatus(p)?.state?.waiting?.reason === 'ContainerCreating',
    );
    expect(waiting.status?.phase).to.equal('Pending');
    expect(f.runtime.of('app-1')).to.have.length(0);
    await f.client.create<ConfigMap>(configmaps, 'default', {
      metadata: { name: 'app-config' },
      data: { k: 'v' },
    });
    await f.clock.advance(f.timing.imagePullBackOffBase);
    const app = await runningByName('app-1');
    expect(app.read('/config/k')).to.equal('v');
  });

  it('mounts nothing for an optional ConfigMap that is missing, and a missing key fails', async () => {
    await f.client.create<ConfigMap>(configmaps, 'default', {
      metadata: { name: 'cfg' },
      data: { a: '1' },
    });
    await createBound(
      f.client,
      withVolumes({
        containers: [
          container('app', {
            volumeMounts: [
              { name: 'opt', mountPath: '/opt' },
              { name: 'keys', mountPath: '/keys' },
            ],
          }),
        ],
        volumes: [
          { name: 'opt', configMap: { name: 'none', optional: true } },
          { name: 'keys', configMap: { name: 'cfg', items: [{ key: 'b', path: 'b' }] } },
        ],
      }),
    );
    await eventually(async () =>
      (await podEvents(f.client, 'app-1')).some(
        ([, reason, text]) =>
          reason === 'FailedMount' &&
          text ===
            'MountVolume.SetUp failed for volume "keys" : configmap references non-existent config key: b',
      ),
    );
  });

  it('shares an emptyDir between the containers of a pod and drops it with the pod', async () => {
    await createBound(
      f.client,
      withVolumes({
        containers: [
          container('app', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }),
          container('sidecar', { volumeMounts: [{ name: 'cache', mountPath: '/shared' }] }),
        ],
        volumes: [{ name: 'cache', emptyDir: {} }],
      }),
    );
    const uid = await podUid('app-1');
    const app = await runningByName('app-1', 'app');
    const sidecar = await runningByName('app-1', 'sidecar');
    app.write('/cache/note', 'hi');
    expect(sidecar.read('/shared/note')).to.equal('hi');
    expect(app.read('/tmp/x')).to.equal(undefined);
    app.write('/tmp/x', 'mine');
    expect(sidecar.read('/tmp/x')).to.equal(undefined);
    expect(f.kubelet.volumeHost.has(`pod/${uid}/cache`)).to.equal(true);

    // A restarted container finds the emptyDir as it was, but a fresh root.
    app.exit(1);
    await f.clock.advance(f.timing.containerBackOffBase);
    const again = await eventually(async () => {
      const p = await f.client.get<Pod>(pods, 'default', 'app-1');
      return containerStatus(p, 'app')?.restartCount === 1;
    }).then(() => runningByName('app-1', 'app'));
    expect(again.read('/cache/note')).to.equal('hi');
    expect(again.read('/tmp/x')).to.equal(undefined);

    await f.client.delete(pods, 'default', 'app-1');
    await eventually(async () => {
      try {
        await f.client.get(pods, 'default', 'app-1');
        return false;
      } catch {
        return true;
      }
    });
    expect(f.kubelet.volumeHost.has(`pod/${uid}/cache`)).to.equal(false);
  });

  it('mounts the volume bound to a claim, and writes it back when the pod is deleted', async () => {
    await f.client.create<PersistentVolume>(persistentvolumes, undefined, {
      metadata: { name: 'pv-1' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/mnt/data' },
        storageClassName: '',
      },
    });
    const claim = await f.client.create<PersistentVolumeClaim>(persistentvolumeclaims, 'default', {
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: '',
        volumeName: 'pv-1',
      },
    });
    const spec: Partial<PodSpec> = {
      containers: [container('app', { volumeMounts: [{ name: 'data', mountPath: '/data' }] })],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    };
    await createBound(f.client, withVolumes(spec));
    const message =
      'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[data]: error processing PVC default/data: PVC is not bound';
    await eventually(async () =>
      (await podEvents(f.client, 'app-1')).some(([, , text]) => text === message),
    );
    // The PV controller would bind it; here the test does.
    await f.client.update(
      persistentvolumeclaims,
      { ...claim, status: { phase: 'Bound' } },
      'status',
    );
    await f.clock.advance(f.timing.imagePullBackOffBase);
    const app = await runningByName('app-1');
    app.write('/data/saved.txt', 'kept');
    await f.client.delete(pods, 'default', 'app-1');
    await eventually(async () => (await store.load('pv-1')).length === 1);
    const [entry] = await store.load('pv-1');
    expect(entry.path).to.equal('saved.txt');

    // A new pod finds it.
    await eventually(async () => {
      try {
        await f.client.get(pods, 'default', 'app-1');
        return false;
      } catch {
        return true;
      }
    });
    await createBound(f.client, withVolumes(spec, 'app-2'));
    const second = await runningByName('app-2');
    expect(second.read('/data/saved.txt')).to.equal('kept');
  });

  it("runs an exec'd process with the container's files, shared both ways", async () => {
    f.registry.add('toolbox:1.0', 2048);
    await createBound(
      f.client,
      withVolumes({
        containers: [container('app', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })],
        volumes: [{ name: 'cache', emptyDir: {} }],
      }),
    );
    const app = await runningByName('app-1');
    app.write('/tmp/made-by-app', 'one');
    app.write('/cache/shared', 'two');
    const before = f.runtime.containers.length;
    const done = f.kubelet.exec('default', 'app-1', 'app', ['sh'], () => {});
    await eventually(() => f.runtime.containers.length > before);
    const process = f.runtime.containers[before];
    expect(process.read('/tmp/made-by-app')).to.equal('one');
    expect(process.read('/cache/shared')).to.equal('two');
    process.write('/cache/from-exec', 'three');
    expect(app.read('/cache/from-exec')).to.equal('three');
    process.exit(0);
    expect(await done).to.deep.equal({ exitCode: 0 });
    // The container's own files outlive the exec.
    expect(f.kubelet.volumeHost.data(app.spec.filesystem!.volumes[0].id)).to.not.equal(undefined);
  });
});
