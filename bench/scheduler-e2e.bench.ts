import { createApiServer } from '../src/kernel/api/server.ts';
import { nodes, pods } from '../src/kernel/api/resources.ts';
import { ScaledClock } from '../src/kernel/clock/scaled-clock.ts';
import { tutorialTiming } from '../src/kernel/clock/presets.ts';
import { Client } from '../src/kernel/client/client.ts';
import { Scheduler } from '../src/kernel/scheduler/scheduler.ts';
import { deleteIdbBackend, openIdbBackend } from '../src/kernel/store/idb-backend.ts';
import { MemoryBackend } from '../src/kernel/store/memory-backend.ts';
import { openStore } from '../src/kernel/store/mvcc-store.ts';
import type { PersistenceBackend } from '../src/kernel/store/types.ts';
import type { Node, Pod } from '../src/kernel/types/core.ts';

/**
 * The scheduler end to end: 10,000 pending Pods and 1,000 Nodes stored in a real API server;
 * the scheduler lists and watches them through informers, decides, and binds every pod
 * through the pods/binding subresource (a compare-and-swap write each, plus its watch event
 * and Scheduled Event). Timed from the scheduler's start until the last binding is stored.
 */
export const name = 'scheduler-e2e';

const NODES = 1_000;
const PODS = 10_000;

function node(i: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` } },
    status: {
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function pod(i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, labels: { app: `app-${i % 100}` } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          resources: { requests: { cpu: '50m', memory: '64Mi' } },
        },
      ],
    },
  };
}

async function measure(backend: PersistenceBackend): Promise<number> {
  const store = await openStore(backend, { historyLimit: 200_000 });
  const clock = new ScaledClock(1);
  const client = new Client(await createApiServer({ store, clock }));
  const creates: Promise<unknown>[] = [];
  for (let i = 0; i < NODES; i++) creates.push(client.create(nodes, undefined, node(i)));
  for (let i = 0; i < PODS; i++) creates.push(client.create(pods, 'default', pod(i)));
  await Promise.all(creates);

  let bound = 0;
  let done!: () => void;
  const allBound = new Promise<void>((resolve) => (done = resolve));
  const list = await client.list<Pod>(pods, 'default');
  const watch = await client.watch<Pod>(
    pods,
    'default',
    { resourceVersion: list.metadata.resourceVersion },
    (event) => {
      if (
        event.type === 'MODIFIED' &&
        event.object.spec.nodeName &&
        event.object.metadata.generation
      ) {
        bound++;
        if (bound === PODS) done();
      }
    },
  );
  const started = performance.now();
  const scheduler = new Scheduler({ client, clock, timing: tutorialTiming });
  await scheduler.start();
  await allBound;
  const seconds = (performance.now() - started) / 1000;
  scheduler.stop();
  watch.stop();
  // Let the last bindings' Scheduled events land before the store closes under them.
  await scheduler.bindingsSettled();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await store.close();
  return Math.round(PODS / seconds);
}

export async function run(): Promise<Record<string, number>> {
  const memory = await measure(new MemoryBackend());
  const dbName = `bench-sched-${crypto.randomUUID()}`;
  const idb = await measure(await openIdbBackend(dbName));
  await deleteIdbBackend(dbName);
  return {
    scheduler_e2e_memory_pods_bound_per_sec: memory,
    scheduler_e2e_idb_pods_bound_per_sec: idb,
  };
}
