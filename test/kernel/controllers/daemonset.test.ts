import { expect } from '@esm-bundle/chai';
import {
  controllerrevisions,
  daemonsets,
  events as eventsResource,
  nodes,
  pods,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { DaemonSetController } from '../../../src/kernel/controllers/daemonset.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { Scheduler } from '../../../src/kernel/scheduler/scheduler.ts';
import type { Event, Node, Pod, Taint } from '../../../src/kernel/types/core.ts';
import type { DaemonSet, DaemonSetSpec } from '../../../src/kernel/types/daemonset.ts';
import type { ControllerRevision } from '../../../src/kernel/types/statefulset.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const podName = /^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function daemonSet(spec: Partial<DaemonSetSpec> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'agent:1.0' }] },
      },
      ...spec,
    },
  };
}

const daemonTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

describe('DaemonSet controller', () => {
  let api: TestApi;
  let manager: ControllerManager;
  let scheduler: Scheduler;

  beforeEach(async () => {
    api = await startTestApi();
    manager = new ControllerManager({
      client: api.client,
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new DaemonSetController());
    scheduler = new Scheduler({
      client: api.client,
      clock: api.clock,
      timing: kubernetesDefaults,
      informers: manager.informers,
    });
    await manager.start();
    await scheduler.start();
  });

  afterEach(() => {
    scheduler.stop();
    manager.stop();
  });

  async function addNode(name: string, labels: Record<string, string> = {}, taints?: Taint[]) {
    const now = rfc3339(api.clock.now());
    const capacity = { cpu: '2', memory: '4Gi', pods: '110' };
    await api.client.create<Node>(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
      spec: taints ? { taints } : {},
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now },
        ],
      },
    });
  }

  async function allPods(): Promise<Pod[]> {
    return (await api.client.list<Pod>(pods, 'default')).items;
  }

  async function livePods(): Promise<Pod[]> {
    return (await allPods()).filter((p) => !p.metadata.deletionTimestamp);
  }

  /** Node name → the images of the live daemon pods bound to it. */
  async function placement(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const pod of await livePods()) {
      const node = pod.spec.nodeName ?? '<unbound>';
      (out[node] ??= []).push(pod.spec.containers[0].image ?? '');
    }
    const sorted: Record<string, string[]> = {};
    for (const node of Object.keys(out).sort()) sorted[node] = out[node].sort();
    return sorted;
  }

  async function getDS(): Promise<DaemonSet> {
    return api.client.get<DaemonSet>(daemonsets, 'default', 'agent');
  }

  async function eventsFor(reason: string): Promise<Event[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items.filter((e) => e.involvedObject.name === 'agent' && e.reason === reason);
  }

  /** Plays the kubelets: bound pods become Running and Ready, graceful deletions complete. */
  async function kubelets(): Promise<void> {
    for (const pod of await allPods()) {
      const name = pod.metadata.name!;
      if (pod.metadata.deletionTimestamp) {
        await api.client.delete(pods, 'default', name, { gracePeriodSeconds: 0 }).catch(() => {});
        continue;
      }
      if (!pod.spec.nodeName || pod.status?.phase === 'Running') continue;
      const now = rfc3339(api.clock.now());
      await api.client.updateStatus(pods, {
        ...pod,
        status: {
          ...pod.status,
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
        },
      });
    }
  }

  /** Advances cluster time in small steps, playing the kubelets if asked, until `predicate` holds. */
  async function until(
    predicate: () => Promise<boolean> | boolean,
    { kubelet = true, limitMs = 30_000 } = {},
  ): Promise<void> {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += 100) {
      if (await predicate()) return;
      if (kubelet) await kubelets();
      await api.clock.advance(100);
    }
    throw new Error(
      `not reached within ${limitMs} ms of cluster time: ${JSON.stringify(await placement())}`,
    );
  }

  /** Lets controllers and scheduler run until nothing is queued. */
  async function settle(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < 500 && quiet < 5; turn++) {
      await api.clock.advance(10);
      quiet = manager.idle() ? quiet + 1 : 0;
    }
  }

  const placed = (expected: Record<string, string[]>) => async () =>
    JSON.stringify(await placement()) === JSON.stringify(expected);

  describe('placement', () => {
    it('runs one pod on every node, bound by the default scheduler', async () => {
      for (const name of ['n1', 'n2', 'n3']) await addNode(name);
      const ds = await api.client.create<DaemonSet>(daemonsets, 'default', daemonSet());
      await until(placed({ n1: ['agent:1.0'], n2: ['agent:1.0'], n3: ['agent:1.0'] }), {
        kubelet: false,
      });
      await settle();

      const [revision] = (await api.client.list<ControllerRevision>(controllerrevisions, 'default'))
        .items;
      const hash = revision.metadata.labels?.['controller-revision-hash'];
      expect(revision.metadata.name).to.equal(`agent-${hash}`);
      expect(revision.revision).to.equal(1);
      for (const pod of await livePods()) {
        expect(pod.metadata.name).to.match(podName);
        expect(pod.metadata.labels).to.deep.equal({
          app: 'agent',
          'controller-revision-hash': hash,
          'pod-template-generation': '1',
        });
        expect(pod.metadata.ownerReferences).to.deep.equal([
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'agent',
            uid: ds.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ]);
        expect(pod.spec.tolerations).to.deep.equal(daemonTolerations);
        expect(
          pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
        ).to.deep.equal({
          nodeSelectorTerms: [
            {
              matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName] }],
            },
          ],
        });
      }
      const created = await eventsFor('SuccessfulCreate');
      expect(created.map((e) => e.message).sort()).to.deep.equal(
        (await livePods()).map((p) => `Created pod: ${p.metadata.name}`).sort(),
      );
      expect(created.every((e) => e.source?.component === 'daemonset-controller')).to.equal(true);
      expect((await getDS()).status).to.deep.equal({
        currentNumberScheduled: 3,
        numberMisscheduled: 0,
        desiredNumberScheduled: 3,
        numberReady: 0,
        observedGeneration: 1,
        updatedNumberScheduled: 3,
        numberUnavailable: 3,
      });

      await until(async () => (await getDS()).status?.numberAvailable === 3);
      expect((await getDS()).status).to.deep.equal({
        currentNumberScheduled: 3,
        numberMisscheduled: 0,
        desiredNumberScheduled: 3,
        numberReady: 3,
        observedGeneration: 1,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
      });
    });

    it('runs a pod on a node that joins later', async () => {
      await addNode('n1');
      await api.client.create(daemonsets, 'default', daemonSet());
      await until(placed({ n1: ['agent:1.0'] }));
      await addNode('n2');
      await until(placed({ n1: ['agent:1.0'], n2: ['agent:1.0'] }));
      await until(async () => (await getDS()).status?.numberReady === 2);
      expect((await getDS()).status?.desiredNumberScheduled).to.equal(2);
    });

    it('follows the node selector as node labels change', async () => {
      await addNode('n1', { disk: 'ssd' });
      await addNode('n2');
      await api.client.create(
        daemonsets,
        'default',
        daemonSet({
          template: {
            metadata: { labels: { app: 'agent' } },
            spec: {
              nodeSelector: { disk: 'ssd' },
              containers: [{ name: 'agent', image: 'agent:1.0' }],
            },
          },
        }),
      );
      await until(placed({ n1: ['agent:1.0'] }));
      await api.client.patch(nodes, undefined, 'n2', { metadata: { labels: { disk: 'ssd' } } });
      await until(placed({ n1: ['agent:1.0'], n2: ['agent:1.0'] }));
      await api.client.patch(nodes, undefined, 'n1', { metadata: { labels: { disk: null } } });
      await until(placed({ n2: ['agent:1.0'] }));
      await until(async () => (await getDS()).status?.desiredNumberScheduled === 1);
      const deleted = await eventsFor('SuccessfulDelete');
      expect(deleted).to.have.length(1);
    });

    it('skips nodes whose taints it does not tolerate, and tolerates cordoned ones', async () => {
      await addNode('n1');
      await addNode('gpu', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
      await addNode('cordoned', {}, [
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      ]);
      await api.client.patch(nodes, undefined, 'cordoned', { spec: { unschedulable: true } });
      await api.client.create(daemonsets, 'default', daemonSet());
      await until(placed({ cordoned: ['agent:1.0'], n1: ['agent:1.0'] }));

      // A toleration in the template lets it onto the tainted node too.
      await api.client.patch(daemonsets, 'default', 'agent', {
        spec: {
          template: {
            spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] },
          },
        },
      });
      await until(async () => (await placement()).gpu?.length === 1);

      // An untolerated NoExecute taint takes the pod off a node.
      await api.client.patch(nodes, undefined, 'n1', {
        spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] },
      });
      await until(async () => (await placement()).n1 === undefined);
      const ds = await getDS();
      expect(ds.status?.desiredNumberScheduled).to.equal(2);
    });
  });

  describe('rolling update', () => {
    it('replaces pods one node at a time and records revisions', async () => {
      for (const name of ['n1', 'n2', 'n3']) await addNode(name);
      await api.client.create(daemonsets, 'default', daemonSet());
      await until(async () => (await getDS()).status?.numberAvailable === 3);

      await api.client.patch(daemonsets, 'default', 'agent', {
        spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2.0' }] } } },
      });
      // Without the kubelets, the deleted old pod never goes: only one node is ever down.
      await until(async () => (await allPods()).some((p) => p.metadata.deletionTimestamp), {
        kubelet: false,
      });
      await settle();
      expect((await allPods()).filter((p) => p.metadata.deletionTimestamp)).to.have.length(1);
      expect((await livePods()).map((p) => p.spec.containers[0].image).sort()).to.deep.equal([
        'agent:1.0',
        'agent:1.0',
      ]);

      let maxDown = 0;
      await until(async () => {
        const images = Object.values(await placement()).flat();
        maxDown = Math.max(maxDown, 3 - images.length);
        return images.length === 3 && images.every((i) => i === 'agent:2.0');
      });
      expect(maxDown).to.equal(1);
      await until(async () => (await getDS()).status?.updatedNumberScheduled === 3);

      const ds = await getDS();
      expect(ds.metadata.annotations?.['deprecated.daemonset.template.generation']).to.equal('2');
      expect(ds.metadata.generation).to.equal(2);
      const revisions = (
        await api.client.list<ControllerRevision>(controllerrevisions, 'default')
      ).items.map((r) => r.revision);
      expect(revisions.sort()).to.deep.equal([1, 2]);
      for (const pod of await livePods()) {
        expect(pod.metadata.labels?.['pod-template-generation']).to.equal('2');
      }
    });

    it('surges a new pod next to each old one, then removes the old one', async () => {
      for (const name of ['n1', 'n2']) await addNode(name);
      await api.client.create(
        daemonsets,
        'default',
        daemonSet({
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
          },
        }),
      );
      await until(async () => (await getDS()).status?.numberAvailable === 2);
      await api.client.patch(daemonsets, 'default', 'agent', {
        spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2.0' }] } } },
      });
      await until(
        async () => Object.values(await placement()).some((images) => images.length === 2),
        {
          kubelet: false,
        },
      );
      await settle();
      const during = await placement();
      expect(Object.values(during).flat().sort()).to.deep.equal([
        'agent:1.0',
        'agent:1.0',
        'agent:2.0',
      ]);
      await until(placed({ n1: ['agent:2.0'], n2: ['agent:2.0'] }));
    });

    it('leaves pods alone with OnDelete until they are deleted', async () => {
      await addNode('n1');
      await api.client.create(
        daemonsets,
        'default',
        daemonSet({ updateStrategy: { type: 'OnDelete' } }),
      );
      await until(async () => (await getDS()).status?.numberAvailable === 1);
      await api.client.patch(daemonsets, 'default', 'agent', {
        spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2.0' }] } } },
      });
      await until(async () => (await getDS()).status?.observedGeneration === 2);
      await settle();
      expect(await placement()).to.deep.equal({ n1: ['agent:1.0'] });
      expect((await getDS()).status?.updatedNumberScheduled ?? 0).to.equal(0);
      const [pod] = await livePods();
      await api.client.delete(pods, 'default', pod.metadata.name!);
      await until(placed({ n1: ['agent:2.0'] }));
    });
  });
});
