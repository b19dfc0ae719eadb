import { expect } from '@esm-bundle/chai';
import { configmaps, pods, secrets } from '../../../src/kernel/api/resources.ts';
import type { ConfigMap, Secret } from '../../../src/kernel/types/config.ts';
import type { Container, Pod } from '../../../src/kernel/types/core.ts';
import { eventually } from '../../helpers/api.ts';
import {
  containerStatus,
  createBound,
  hostIP,
  nodeName,
  podEvents,
  podManifest,
  startKubelet,
  waitForPod,
  type KubeletFixture,
} from './kubelet-fixture.ts';

const appWith = (fields: Partial<Container>): Pod =>
  podManifest('app-1', { containers: [{ name: 'app', image: 'ticker:1.0', ...fields }] });

const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });

describe('kubelet: environment from ConfigMaps, Secrets and the downward API', () => {
  let f: KubeletFixture;

  beforeEach(async () => {
    f = await startKubelet();
  });

  afterEach(() => {
    f.kubelet.stop();
  });

  async function createConfigMap(name: string, data: Record<string, string>): Promise<void> {
    await f.client.create<ConfigMap>(configmaps, 'default', { metadata: { name }, data });
  }

  async function createSecret(name: string, stringData: Record<string, string>): Promise<void> {
    await f.client.create<Secret>(secrets, 'default', { metadata: { name }, stringData });
  }

  async function runningEnv(name = 'app-1'): Promise<[string, string][]> {
    await waitForPod(f.client, name, (p) => p.status?.phase === 'Running');
    return f.runtime.of(name)[0].spec.env;
  }

  it('sets envFrom variables first, then env, reading key references and prefixes', async () => {
    await createConfigMap('game', { lives: '3', 'enemy.kind': 'aliens', LEVEL: 'easy' });
    await createSecret('db', { password: 's3cr3t', user: 'admin' });
    await createBound(
      f.client,
      appWith({
        envFrom: [{ configMapRef: { name: 'game' } }, { prefix: 'DB_', secretRef: { name: 'db' } }],
        env: [
          { name: 'LIVES', valueFrom: { configMapKeyRef: { name: 'game', key: 'lives' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          { name: 'LEVEL', value: 'hard ($(LIVES) lives, was $(LEVEL))' },
        ],
      }),
    );
    expect(await runningEnv()).to.deep.equal([
      ['HOSTNAME', 'app-1'],
      // Relaxed names (GA in 1.34): a key with a dot is a variable like any other.
      ['LEVEL', 'hard (3 lives, was easy)'],
      ['enemy.kind', 'aliens'],
      ['lives', '3'],
      ['DB_password', 's3cr3t'],
      ['DB_user', 'admin'],
      ['LIVES', '3'],
      ['PASSWORD', 's3cr3t'],
    ]);
  });

  const missing: [string, Partial<Container>, string][] = [
    [
      'a config map',
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] },
      'configmap "cfg" not found',
    ],
    [
      'a key of a config map',
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'other', key: 'k' } } }] },
      "couldn't find key k in ConfigMap default/other",
    ],
    ['a secret', { envFrom: [{ secretRef: { name: 'creds' } }] }, 'secret "creds" not found'],
    [
      'a key of a secret',
      { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'token' } } }] },
      "couldn't find key token in Secret default/db",
    ],
    [
      'an envFrom config map',
      { envFrom: [{ configMapRef: { name: 'cfg' } }] },
      'configmap "cfg" not found',
    ],
  ];
  for (const [what, fields, message] of missing) {
    it(`waits in CreateContainerConfigError for a missing ${what}`, async () => {
      await createConfigMap('other', { x: '1' });
      await createSecret('db', { password: 'hunter2' });
      await createBound(f.client, appWith(fields));
      const pod = await waitForPod(
        f.client,
        'app-1',
        (p) => containerStatus(p)?.state?.waiting?.reason === 'CreateContainerConfigError',
      );
      expect(containerStatus(pod)!.state!.waiting!.message).to.equal(message);
      expect(containerStatus(pod)!.imageID).to.equal('');
      expect(pod.status!.phase).to.equal('Pending');
      const events = await podEvents(f.client, 'app-1');
      expect(events).to.deep.include(['Warning', 'Failed', `Error: ${message}`, 1]);
      expect(JSON.stringify(events)).to.not.include('hunter2');
      expect(f.runtime.of('app-1')).to.have.length(0);
    });
  }

  it('starts the container once the missing config map is created', async () => {
    await createBound(
      f.client,
      appWith({
        env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }],
      }),
    );
    await waitForPod(
      f.client,
      'app-1',
      (p) => containerStatus(p)?.state?.waiting?.reason === 'CreateContainerConfigError',
    );
    await createConfigMap('cfg', { mode: 'fast' });
    // The kubelet tries again after its 10 s back-off.
    await f.clock.advance(10_000);
    expect(await runningEnv()).to.deep.include(['MODE', 'fast']);
    const events = await podEvents(f.client, 'app-1');
    expect(events.filter(([, reason]) => reason === 'Started')).to.have.length(1);
  });

  it('leaves out optional variables whose object or key is missing', async () => {
    await createConfigMap('cfg', { a: '1' });
    await createBound(
      f.client,
      appWith({
        envFrom: [
          { configMapRef: { name: 'nope', optional: true } },
          { secretRef: { name: 'nope', optional: true } },
        ],
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a', optional: true } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'b', optional: true } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'nope', key: 'c', optional: true } } },
        ],
      }),
    );
    expect(await runningEnv()).to.deep.equal([
      ['HOSTNAME', 'app-1'],
      ['A', '1'],
    ]);
  });

  it('gives the pod fields the downward API names', async () => {
    const pod = appWith({
      env: [
        { name: 'POD_NAME', valueFrom: fieldRef('metadata.name') },
        { name: 'POD_NAMESPACE', valueFrom: fieldRef('metadata.namespace') },
        { name: 'POD_UID', valueFrom: fieldRef('metadata.uid') },
        { name: 'APP', valueFrom: fieldRef("metadata.labels['app']") },
        { name: 'NOTE', valueFrom: fieldRef("metadata.annotations['note']") },
        { name: 'MISSING', valueFrom: fieldRef("metadata.labels['nope']") },
        { name: 'NODE', valueFrom: fieldRef('spec.nodeName') },
        { name: 'SA', valueFrom: fieldRef('spec.serviceAccountName') },
        { name: 'HOST_IP', valueFrom: fieldRef('status.hostIP') },
        { name: 'POD_IP', valueFrom: fieldRef('status.podIP') },
        { name: 'POD_IPS', valueFrom: fieldRef('status.podIPs') },
      ],
    });
    pod.metadata.labels = { app: 'web' };
    pod.metadata.annotations = { note: 'hello' };
    const created = await createBound(f.client, pod);
    const env = new Map(await runningEnv());
    const running = await f.client.get<Pod>(pods, 'default', 'app-1');
    expect(Object.fromEntries(env)).to.deep.equal({
      HOSTNAME: 'app-1',
      POD_NAME: 'app-1',
      POD_NAMESPACE: 'default',
      POD_UID: created.metadata.uid,
      APP: 'web',
      NOTE: 'hello',
      MISSING: '',
      NODE: nodeName,
      SA: 'default',
      HOST_IP: hostIP,
      POD_IP: running.status!.podIP,
      POD_IPS: running.status!.podIP,
    });
  });

  it("gives resources in whole divisors, a missing limit being the node's allocatable", async () => {
    const resource = (name: string, resourceName: string, divisor?: string) => ({
      name,
      valueFrom: { resourceFieldRef: { resource: resourceName, ...(divisor ? { divisor } : {}) } },
    });
    await createBound(
      f.client,
      appWith({
        resources: { requests: { cpu: '250m', memory: '100M' }, limits: { memory: '128Mi' } },
        env: [
          resource('CPU_LIMIT', 'limits.cpu'),
          resource('CPU_LIMIT_M', 'limits.cpu', '1m'),
          resource('CPU_REQUEST', 'requests.cpu'),
          resource('CPU_REQUEST_M', 'requests.cpu', '1m'),
          resource('MEM_LIMIT_MI', 'limits.memory', '1Mi'),
          resource('MEM_REQUEST_MI', 'requests.memory', '1Mi'),
          resource('MEM_REQUEST', 'requests.memory'),
        ],
      }),
    );
    const env = Object.fromEntries(await runningEnv());
    // The fixture's node has 4 cpus and 8Gi allocatable.
    expect(env).to.deep.include({
      CPU_LIMIT: '4',
      CPU_LIMIT_M: '4000',
      CPU_REQUEST: '1',
      CPU_REQUEST_M: '250',
      MEM_LIMIT_MI: '128',
      MEM_REQUEST_MI: '96',
      MEM_REQUEST: '100000000',
    });
  });

  it('keeps the environment a container started with when the config map changes', async () => {
    await createConfigMap('cfg', { mode: 'slow' });
    await createBound(f.client, appWith({ envFrom: [{ configMapRef: { name: 'cfg' } }] }));
    expect(await runningEnv()).to.deep.include(['mode', 'slow']);
    await f.client.patch(configmaps, 'default', 'cfg', { data: { mode: 'fast' } });
    await f.clock.advance(60_000);
    expect(f.runtime.of('app-1')).to.have.length(1);
    expect(f.runtime.of('app-1')[0].env('mode')).to.equal('slow');
    // A new instance reads the sources again.
    f.runtime.of('app-1')[0].exit(1);
    await f.clock.advance(10_000);
    await eventually(() => f.runtime.of('app-1').length === 2);
    expect(f.runtime.of('app-1')[1].env('mode')).to.equal('fast');
  });

  it('runs exec with the environment the container started with', async () => {
    f.registry.add('toolbox:1.0', 2048);
    await createConfigMap('cfg', { mode: 'slow' });
    await createBound(f.client, appWith({ envFrom: [{ configMapRef: { name: 'cfg' } }] }));
    await runningEnv();
    await f.client.patch(configmaps, 'default', 'cfg', { data: { mode: 'fast' } });
    const before = f.runtime.containers.length;
    const result = f.kubelet.exec('default', 'app-1', 'app', ['printenv', 'mode'], () => {});
    await eventually(() => f.runtime.containers.length > before);
    const process = f.runtime.containers[before];
    expect(process.env('mode')).to.equal('slow');
    process.exit(0);
    expect(await result).to.deep.equal({ exitCode: 0 });
  });
});
