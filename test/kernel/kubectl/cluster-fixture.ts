import { deployments, pods } from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import { createKernel, type Kernel } from '../../../src/kernel/kernel.ts';
import type { KubectlContext } from '../../../src/kernel/kubectl/context.ts';
import { kubectl, type KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import { FakeNode } from '../../helpers/fake-node.ts';

/**
 * A real control plane (API server, scheduler, controllers) on a FakeClock with two nodes
 * that have no kubelet: tests play the kubelet by marking pods Running and Ready, and by
 * confirming graceful deletions.
 */
export interface KubectlCluster {
  kernel: Kernel;
  clock: FakeClock;
  context: Omit<KubectlContext, 'stdout' | 'stderr'>;
  run(line: string, signal?: AbortSignal): Promise<KubectlResult>;
  /** Marks every scheduled, live pod Running and Ready (what kubelets would report). */
  markPodsReady(): Promise<number>;
  /** Removes pods whose graceful deletion a kubelet would confirm. */
  confirmDeletions(): Promise<void>;
  /** Steps cluster time, playing the kubelet between steps, until `predicate` holds. */
  settle(predicate?: () => Promise<boolean>, limit?: number): Promise<void>;
  createDeployment(name: string, image: string, replicas?: number): Promise<void>;
  stop(): void;
}

export async function startCluster(): Promise<KubectlCluster> {
  const clock = new FakeClock();
  const store = await openStore(new MemoryBackend());
  const kernel = await createKernel({ store, clock, timing: tutorialTiming });
  const nodes: FakeNode[] = [];
  for (const name of ['node-a', 'node-b']) {
    const node = new FakeNode(name, kernel.client, clock, tutorialTiming);
    await node.register();
    nodes.push(node);
  }
  const client = kernel.client;
  const context = { client, clock, config: { namespace: 'default' } };

  async function markPodsReady(): Promise<number> {
    const list = await client.list<Pod>(pods, 'default');
    let changed = 0;
    for (const pod of list.items) {
      if (!pod.spec.nodeName || pod.metadata.deletionTimestamp) continue;
      if (pod.status?.phase === 'Running') continue;
      const now = rfc3339(clock.now());
      pod.status = {
        ...pod.status,
        phase: 'Running',
        startTime: now,
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
          type,
          status: 'True',
          lastTransitionTime: now,
        })),
        containerStatuses: pod.spec.containers.map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: now } },
        })),
      };
      await client.updateStatus(pods, pod);
      changed++;
    }
    return changed;
  }

  async function confirmDeletions(): Promise<void> {
    const list = await client.list<Pod>(pods, 'default');
    for (const pod of list.items) {
      if (!pod.metadata.deletionTimestamp) continue;
      await client
        .delete(pods, 'default', pod.metadata.name!, { gracePeriodSeconds: 0 })
        .catch(() => {});
    }
  }

  async function settle(predicate?: () => Promise<boolean>, limit = 5_000): Promise<void> {
    for (let elapsed = 0; elapsed <= limit; elapsed += 50) {
      await markPodsReady();
      await confirmDeletions();
      if (predicate && (await predicate())) return;
      await clock.advance(50);
    }
    if (predicate) throw new Error(`not settled within ${limit} ms of cluster time`);
  }

  return {
    kernel,
    clock,
    context,
    run: (line, signal) => kubectl(line, { ...context, signal }),
    markPodsReady,
    confirmDeletions,
    settle,
    async createDeployment(name, image, replicas = 2) {
      const d: Deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name, image }] },
          },
        },
      };
      await client.create(deployments, 'default', d);
    },
    stop() {
      for (const n of nodes) n.stop();
      kernel.stop();
    },
  };
}

/** Resolves when the Deployment's rollout is complete as `rollout status` judges it. */
export function rolledOut(cluster: KubectlCluster, name: string): () => Promise<boolean> {
  return async () => {
    const d = await cluster.kernel.client.get<Deployment>(deployments, 'default', name);
    const s = d.status ?? {};
    return (
      (d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0) &&
      s.updatedReplicas === d.spec.replicas &&
      s.replicas === d.spec.replicas &&
      s.availableReplicas === d.spec.replicas
    );
  };
}
