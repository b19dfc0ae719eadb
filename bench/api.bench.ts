import { createApiServer, type ApiServer } from '../src/kernel/api/server.ts';
import { ScaledClock } from '../src/kernel/clock/scaled-clock.ts';
import { deleteIdbBackend, openIdbBackend } from '../src/kernel/store/idb-backend.ts';
import { MemoryBackend } from '../src/kernel/store/memory-backend.ts';
import { openStore } from '../src/kernel/store/mvcc-store.ts';
import type { PersistenceBackend } from '../src/kernel/store/types.ts';
import type { WatchEvent } from '../src/kernel/types/meta.ts';

/**
 * API create→watch-event latency: the time from a client's POST of a Pod to a watcher of
 * the namespace receiving its ADDED event, through the full API server (admission,
 * defaulting, validation, compare-and-swap write, group commit, watch fan-out). "Serial" is
 * one create at a time, what a user's kubectl sees; "burst" creates many at once, as a
 * ReplicaSet scaling up does, and times each create's own event.
 */
export const name = 'api';

const SERIAL = 500;
const BURST = 2_000;

function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(server: ApiServer, count: number, concurrent: boolean): Promise<number[]> {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const prefix = `p${concurrent ? 'b' : 's'}-${Math.random().toString(36).slice(2, 7)}-`;
  const watch = await server.watch(
    { verb: 'GET', path: '/api/v1/namespaces/default/pods', query: { resourceVersion: '1' } },
    (event: WatchEvent) => {
      const start = sent.get(event.object.metadata.name ?? '');
      if (event.type !== 'ADDED' || start === undefined) return;
      latencies.push(performance.now() - start);
      if (latencies.length === count) resolveAll();
    },
  );
  if (!('stop' in watch)) throw new Error(`watch failed: ${JSON.stringify(watch.body)}`);
  const create = async (i: number) => {
    const name = `${prefix}${i}`;
    sent.set(name, performance.now());
    const res = await server.handle({
      verb: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: pod(name),
    });
    if (res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
  };
  if (concurrent) {
    await Promise.all(Array.from({ length: count }, (_, i) => create(i)));
  } else {
    for (let i = 0; i < count; i++) await create(i);
  }
  await all;
  watch.stop();
  return latencies.sort((a, b) => a - b);
}

async function withServer(
  backend: () => Promise<PersistenceBackend>,
  fn: (server: ApiServer) => Promise<Record<string, number>>,
): Promise<Record<string, number>> {
  const store = await openStore(await backend());
  const server = await createApiServer({ store, clock: new ScaledClock(1) });
  try {
    return await fn(server);
  } finally {
    await store.close();
  }
}

async function figures(label: string, server: ApiServer): Promise<Record<string, number>> {
  const serial = await measure(server, SERIAL, false);
  const burst = await measure(server, BURST, true);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    [`api_${label}_create_to_watch_ms_median`]: round(percentile(serial, 50)),
    [`api_${label}_create_to_watch_ms_p99`]: round(percentile(serial, 99)),
    [`api_${label}_burst_create_to_watch_ms_median`]: round(percentile(burst, 50)),
    [`api_${label}_burst_create_to_watch_ms_p99`]: round(percentile(burst, 99)),
    // Every create of the burst started at once, so the slowest one's latency spans the burst.
    [`api_${label}_burst_creates_per_sec`]: Math.round(BURST / (burst[burst.length - 1] / 1000)),
  };
}

export async function run(): Promise<Record<string, number>> {
  const dbName = `bench-api-${crypto.randomUUID()}`;
  const idb = await withServer(
    () => openIdbBackend(dbName),
    (server) => figures('idb', server),
  );
  await deleteIdbBackend(dbName);
  const memory = await withServer(
    () => Promise.resolve(new MemoryBackend()),
    (server) => figures('memory', server),
  );
  return { ...idb, ...memory };
}
