import { expect } from '@esm-bundle/chai';
import { isNotFound } from '../../../src/kernel/api/errors.ts';
import {
  deployments,
  events,
  namespaces,
  pods,
  replicasets,
  type ResourceInfo,
} from '../../../src/kernel/api/resources.ts';
import { createApiServer } from '../../../src/kernel/api/server.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { GarbageCollector } from '../../../src/kernel/controllers/garbage-collector.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Deployment, ReplicaSet } from '../../../src/kernel/types/apps.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import type { DeletionPropagation, KubeObject } from '../../../src/kernel/types/meta.ts';

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

function replicaSet(name: string, owner?: KubeObject): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, ...(owner ? { ownerReferences: [ownerRef(owner, true)] } : {}) },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: template(name) },
  };
}

function deployment(name: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: template(name) },
  };
}

function ownerRef(owner: KubeObject, controller: boolean, blockOwnerDeletion = true) {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller,
    blockOwnerDeletion,
  };
}

function pod(name: string, owners: KubeObject[], extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ownerReferences: owners.map((o, i) => ownerRef(o, i === 0)), ...extra },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
}

describe('garbage collector', () => {
  let clock: FakeClock;
  let client: Client;
  let manager: ControllerManager;

  beforeEach(async () => {
    clock = new FakeClock();
    const store = await openStore(new MemoryBackend());
    const server = await createApiServer({ store, clock });
    client = new Client(server);
    manager = new ControllerManager({ client, clock, timing: kubernetesDefaults });
    manager.add(new GarbageCollector());
    await manager.start();
  });

  afterEach(() => manager.stop());

  /** Lets the collector work (advancing cluster time for its retries) until `predicate` holds. */
  async function until(predicate: () => Promise<boolean>, limit = 2_000): Promise<void> {
    for (let t = 0; t <= limit; t += 5) {
      if (await predicate()) return;
      await clock.advance(5);
    }
    throw new Error('condition not reached');
  }

  async function find<T extends KubeObject>(
    info: ResourceInfo,
    name: string,
    namespace = 'default',
  ): Promise<T | undefined> {
    try {
      return await client.get<T>(info, info.namespaced ? namespace : undefined, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  const gone =
    (info: ResourceInfo, name: string, namespace = 'default') =>
    async () =>
      (await find(info, name, namespace)) === undefined;

  async function quiet(): Promise<void> {
    await until(async () => manager.idle());
    await clock.advance(50);
  }

  async function remove(info: ResourceInfo, name: string, propagationPolicy?: DeletionPropagation) {
    return client.delete(info, 'default', name, propagationPolicy ? { propagationPolicy } : {});
  }

  it('deletes the dependents of an owner deleted in the background', async () => {
    const rs = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('web'));
    await client.create(pods, 'default', pod('web-1', [rs]));
    await client.create(pods, 'default', pod('web-2', [rs]));
    await quiet();
    expect(await find(pods, 'web-1')).to.not.equal(undefined);

    await remove(replicasets, 'web');
    expect(
      await find(replicasets, 'web'),
      'background deletion removes the owner at once',
    ).to.equal(undefined);
    await until(gone(pods, 'web-1'));
    await until(gone(pods, 'web-2'));
  });

  it('keeps a dependent that still has a live owner, dropping the reference to the one gone', async () => {
    const a = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('a'));
    const b = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('b'));
    await client.create(pods, 'default', pod('shared', [a, b]));
    await quiet();

    await remove(replicasets, 'a');
    await until(async () => {
      const p = await find<Pod>(pods, 'shared');
      return p?.metadata.ownerReferences?.length === 1;
    });
    await quiet();
    const p = await find<Pod>(pods, 'shared');
    expect(p?.metadata.ownerReferences?.map((r) => r.uid)).to.deep.equal([b.metadata.uid]);
  });

  it('verifies owners by uid: a dependent pointing at a re-created owner is collected', async () => {
    const old = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('web'));
    await client.create(pods, 'default', pod('web-old', [old]));
    await quiet();
    // Deleting with Orphan keeps the pod; re-creating the owner gives it a new uid.
    await remove(replicasets, 'web', 'Orphan');
    await until(gone(replicasets, 'web'));
    await client.create(replicasets, 'default', replicaSet('web'));
    const stale = pod('web-stale', [old]);
    await client.create(pods, 'default', stale);
    await until(gone(pods, 'web-stale'));
    expect(
      await find(pods, 'web-old'),
      'the orphaned pod no longer references anyone',
    ).to.not.equal(undefined);
  });

  it('deletes in the foreground: the owner stays with deletionTimestamp until its dependents are gone', async () => {
    const rs = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('web'));
    // A finalizer holds one pod, so the owner's wait can be observed.
    await client.create(
      pods,
      'default',
      pod('web-held', [rs], { finalizers: ['example.com/hold'] }),
    );
    await client.create(pods, 'default', pod('web-free', [rs]));
    await quiet();

    const marked = (await remove(replicasets, 'web', 'Foreground')) as ReplicaSet;
    expect(marked.metadata.deletionTimestamp).to.be.a('string');
    expect(marked.metadata.finalizers).to.deep.equal(['foregroundDeletion']);

    await until(gone(pods, 'web-free'));
    await until(async () => !!(await find<Pod>(pods, 'web-held'))?.metadata.deletionTimestamp);
    await quiet();
    const waiting = await find<ReplicaSet>(replicasets, 'web');
    expect(waiting?.metadata.deletionTimestamp, 'owner still visible').to.be.a('string');
    expect(waiting?.metadata.finalizers).to.deep.equal(['foregroundDeletion']);

    await client.patch(pods, 'default', 'web-held', { metadata: { finalizers: null } });
    await until(gone(pods, 'web-held'));
    await until(gone(replicasets, 'web'));
  });

  it('cascades the foreground through a Deployment, its ReplicaSet and their pods', async () => {
    const d = await client.create<Deployment>(deployments, 'default', deployment('app'));
    const rs = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('app-1', d));
    await client.create(
      pods,
      'default',
      pod('app-1-a', [rs], { finalizers: ['example.com/hold'] }),
    );
    await quiet();

    await client.delete(deployments, 'default', 'app', { propagationPolicy: 'Foreground' });
    await until(async () => {
      const r = await find<ReplicaSet>(replicasets, 'app-1');
      return !!r?.metadata.deletionTimestamp;
    });
    const r = await find<ReplicaSet>(replicasets, 'app-1');
    expect(
      r?.metadata.finalizers,
      'a dependent with dependents goes in the foreground too',
    ).to.deep.equal(['foregroundDeletion']);
    expect(await find(deployments, 'app')).to.not.equal(undefined);

    await until(async () => !!(await find<Pod>(pods, 'app-1-a'))?.metadata.deletionTimestamp);
    await client.patch(pods, 'default', 'app-1-a', { metadata: { finalizers: null } });
    await until(gone(replicasets, 'app-1'));
    await until(gone(deployments, 'app'));
  });

  it('does not wait for dependents that do not block the owner', async () => {
    const rs = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('web'));
    const p = pod('loose', [], { finalizers: ['example.com/hold'] });
    p.metadata.ownerReferences = [ownerRef(rs, false, false)];
    await client.create(pods, 'default', p);
    await quiet();

    await remove(replicasets, 'web', 'Foreground');
    await until(gone(replicasets, 'web'));
    await until(async () => !!(await find<Pod>(pods, 'loose'))?.metadata.deletionTimestamp);
  });

  it('orphans: the dependents stay and lose their reference to the owner', async () => {
    const rs = await client.create<ReplicaSet>(replicasets, 'default', replicaSet('web'));
    await client.create(pods, 'default', pod('web-1', [rs]));
    await client.create(pods, 'default', pod('web-2', [rs]));
    await quiet();

    const marked = (await remove(replicasets, 'web', 'Orphan')) as ReplicaSet;
    expect(marked.metadata.finalizers).to.deep.equal(['orphan']);
    await until(gone(replicasets, 'web'));
    await quiet();
    for (const name of ['web-1', 'web-2']) {
      const p = await find<Pod>(pods, name);
      expect(p, name).to.not.equal(undefined);
      expect(p?.metadata.ownerReferences, name).to.equal(undefined);
    }
  });

  it('ignores references to kinds the cluster does not serve', async () => {
    const p = pod('widget-child', []);
    p.metadata.ownerReferences = [
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        name: 'w',
        uid: '0b7c0a4e-1111-4222-8333-944445555666',
      },
    ];
    await client.create(pods, 'default', p);
    await quiet();
    expect(await find(pods, 'widget-child')).to.not.equal(undefined);
  });

  it('collects dependents whose owner never existed', async () => {
    const ghost: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'ghost', uid: '6d1c3b2a-aaaa-4bbb-8ccc-0123456789ab' },
    };
    await client.create(pods, 'default', pod('ghost-child', [ghost]));
    await until(gone(pods, 'ghost-child'));
  });

  it('treats an owner in another namespace as absent and warns with OwnerRefInvalidNamespace', async () => {
    await client.create(namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'other' },
    });
    const rs = await client.create<ReplicaSet>(replicasets, 'other', replicaSet('web'));
    await client.create(pods, 'default', pod('stray', [rs]));
    await until(gone(pods, 'stray'));
    expect(await find(replicasets, 'web', 'other'), 'the real owner is untouched').to.not.equal(
      undefined,
    );

    let warning: Event | undefined;
    await until(async () => {
      const list = await client.list<Event>(events, 'default');
      warning = list.items.find((e) => e.reason === 'OwnerRefInvalidNamespace');
      return !!warning;
    });
    expect(warning?.type).to.equal('Warning');
    expect(warning?.involvedObject.name).to.equal('stray');
    expect(warning?.source?.component).to.equal('garbage-collector-controller');
    expect(warning?.message).to.equal(
      `ownerRef [apps/v1/ReplicaSet, namespace: default, name: web, uid: ${rs.metadata.uid}] does not exist in namespace "default"`,
    );
  });
});
