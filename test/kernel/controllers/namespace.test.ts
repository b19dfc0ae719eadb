import { expect } from '@esm-bundle/chai';
import { isNotFound } from '../../../src/kernel/api/errors.ts';
import {
  deployments,
  events,
  leases,
  namespaces,
  pods,
  replicasets,
  type ResourceInfo,
} from '../../../src/kernel/api/resources.ts';
import { createApiServer } from '../../../src/kernel/api/server.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import {
  kubernetesDefaults,
  tutorialTiming,
  type Timing,
} from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { NamespaceController } from '../../../src/kernel/controllers/namespace.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Namespace, Pod } from '../../../src/kernel/types/core.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';

interface Cluster {
  clock: FakeClock;
  client: Client;
  manager: ControllerManager;
}

async function startCluster(timing: Timing): Promise<Cluster> {
  const clock = new FakeClock();
  const store = await openStore(new MemoryBackend());
  const server = await createApiServer({ store, clock, declaredSecond: timing.declaredSecond });
  const client = new Client(server);
  const manager = new ControllerManager({ client, clock, timing });
  manager.add(new NamespaceController());
  await manager.start();
  return { clock, client, manager };
}

function pod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...(nodeName ? { nodeName } : {}) },
  };
}

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
};

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

describe('namespace controller', () => {
  let cluster: Cluster;
  afterEach(() => cluster.manager.stop());

  async function until(
    predicate: () => Promise<boolean>,
    limit: number,
    step = 10,
  ): Promise<number> {
    for (let t = 0; t <= limit; t += step) {
      if (await predicate()) return t;
      await cluster.clock.advance(step);
    }
    throw new Error(`not reached within ${limit} ms of cluster time`);
  }

  async function find<T extends KubeObject>(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await cluster.client.get<T>(info, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  const namespaceGone = (name: string) => async () =>
    (await find(namespaces, undefined, name)) === undefined;

  async function createNamespace(name: string, finalizers?: string[]): Promise<void> {
    await cluster.client.create(namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, ...(finalizers ? { finalizers } : {}) },
    });
  }

  function conditionsOf(ns: Namespace | undefined): Map<string, Condition> {
    return new Map(((ns?.status?.conditions ?? []) as Condition[]).map((c) => [c.type, c]));
  }

  it('empties a deleted namespace, then removes it, leaving other namespaces alone', async () => {
    cluster = await startCluster(kubernetesDefaults);
    const { client } = cluster;
    await createNamespace('team');
    await client.create(pods, 'team', pod('a'));
    await client.create(pods, 'team', pod('b'));
    await client.create(pods, 'default', pod('keep'));
    await client.create(replicasets, 'team', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template },
    });
    await client.create(deployments, 'team', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template },
    });
    await client.create(leases, 'team', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'lock' },
      spec: { holderIdentity: 'me' },
    });

    const deleted = (await client.delete(namespaces, undefined, 'team')) as Namespace;
    expect(deleted.status?.phase).to.equal('Terminating');
    expect(deleted.spec?.finalizers).to.deep.equal(['kubernetes']);

    await until(namespaceGone('team'), 1_000);
    for (const info of [pods, replicasets, deployments, leases, events]) {
      const left = await client.list(info, 'team');
      expect(left.items, info.resource).to.have.length(0);
    }
    expect(await find(pods, 'default', 'keep')).to.not.equal(undefined);
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const ns = await find<Namespace>(namespaces, undefined, name);
      expect(ns?.status?.phase, name).to.equal('Active');
    }
  });

  it('reports content held by finalizers in its conditions and waits for it', async () => {
    cluster = await startCluster(kubernetesDefaults);
    const { client } = cluster;
    await createNamespace('held');
    await client.create(leases, 'held', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'lock', finalizers: ['example.com/hold'] },
      spec: {},
    });
    await client.delete(namespaces, undefined, 'held');

    let ns: Namespace | undefined;
    await until(async () => {
      ns = await find<Namespace>(namespaces, undefined, 'held');
      return conditionsOf(ns).get('NamespaceContentRemaining')?.status === 'True';
    }, 1_000);
    const conditions = conditionsOf(ns);
    expect(ns?.status?.phase).to.equal('Terminating');
    expect(conditions.get('NamespaceContentRemaining')).to.include({
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: leases.coordination.k8s.io has 1 resource instances',
    });
    expect(conditions.get('NamespaceFinalizersRemaining')).to.include({
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message:
        'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    for (const [type, reason] of [
      ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'ContentDeleted'],
    ]) {
      expect(conditions.get(type), type).to.include({ status: 'False', reason });
    }
    expect(conditions.get('NamespaceContentRemaining')?.lastTransitionTime).to.be.a('string');

    await client.patch(leases, 'held', 'lock', { metadata: { finalizers: null } });
    // Content held by finalizers is looked at again after (15 / 2 + 1) = 8 declared seconds.
    const waited = await until(namespaceGone('held'), 20_000, 100);
    expect(waited).to.be.at.most(8_100);
  });

  it('keeps a namespace whose metadata.finalizers remain once its content is gone', async () => {
    cluster = await startCluster(kubernetesDefaults);
    const { client } = cluster;
    await createNamespace('kept', ['example.com/ns-hold']);
    await client.create(pods, 'kept', pod('a'));
    await client.delete(namespaces, undefined, 'kept');

    await until(async () => {
      const ns = await find<Namespace>(namespaces, undefined, 'kept');
      return (ns?.spec?.finalizers ?? []).length === 0;
    }, 1_000);
    const ns = await find<Namespace>(namespaces, undefined, 'kept');
    expect(ns?.status?.phase).to.equal('Terminating');
    expect(ns?.metadata.finalizers).to.deep.equal(['example.com/ns-hold']);
    expect(conditionsOf(ns).get('NamespaceContentRemaining')).to.include({
      status: 'False',
      reason: 'ContentRemoved',
      message: 'All content successfully removed',
    });
    expect((await client.list(pods, 'kept')).items).to.have.length(0);

    await client.patch(namespaces, undefined, 'kept', { metadata: { finalizers: null } });
    await until(namespaceGone('kept'), 100);
  });

  for (const [preset, timing] of [
    ['Kubernetes defaults', kubernetesDefaults],
    ['tutorial', tutorialTiming],
  ] as const) {
    it(`waits for pods in their grace period (${preset})`, async () => {
      cluster = await startCluster(timing);
      const { client } = cluster;
      await createNamespace('graceful');
      await client.create(pods, 'graceful', pod('running', 'node-1'));
      await client.delete(namespaces, undefined, 'graceful');

      await until(
        async () => !!(await find<Pod>(pods, 'graceful', 'running'))?.metadata.deletionTimestamp,
        100,
      );
      await cluster.clock.advance(5 * timing.declaredSecond);
      const ns = await find<Namespace>(namespaces, undefined, 'graceful');
      expect(ns?.status?.phase, 'still terminating while the pod is').to.equal('Terminating');

      // The kubelet confirms: the pod goes; the controller looks again within (30 / 2 + 1) declared seconds.
      await client.delete(pods, 'graceful', 'running', { gracePeriodSeconds: 0 });
      const step = timing.declaredSecond;
      const waited = await until(namespaceGone('graceful'), 20 * timing.declaredSecond, step);
      expect(waited).to.be.at.most(16 * timing.declaredSecond);
    });
  }
});
