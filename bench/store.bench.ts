import {
  deleteIdbBackend,
  openIdbBackend,
  type IdbBackendOptions,
} from '../src/kernel/store/idb-backend.ts';
import { MemoryBackend } from '../src/kernel/store/memory-backend.ts';
import { openStore } from '../src/kernel/store/mvcc-store.ts';
import type { PersistenceBackend, Store } from '../src/kernel/store/types.ts';

/**
 * Acknowledged store writes per second. "Burst" issues every create at once and times until
 * the last is acknowledged (group commit turns them into few batches); "clients" runs many
 * writers that each await their previous write before the next, the shape of controllers
 * under load; "sequential" is one such writer, so it measures one commit's latency. Values
 * are about the size of a small serialized Pod.
 */
export const name = 'store';

const BURST_WRITES = 20_000;
const CLIENTS = 200;
const WRITES_PER_CLIENT = 50;
const ROUNDS = 3;
const VALUE = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'x', namespace: 'default', labels: { app: 'bench' } },
  spec: { containers: [{ name: 'app', image: 'hello:1.0' }], padding: 'p'.repeat(600) },
});

export async function run(): Promise<Record<string, number>> {
  const memory = () => Promise.resolve(new MemoryBackend());
  const idb = (options: IdbBackendOptions) => () => freshIdb(options);
  return {
    store_value_bytes: VALUE.length,
    store_memory_writes_per_sec: await median(() => burst(memory)),
    store_idb_writes_per_sec: await median(() => burst(idb({ durability: 'relaxed' }))),
    store_idb_strict_writes_per_sec: await median(() => burst(idb({ durability: 'strict' }))),
    store_memory_client_writes_per_sec: await median(() => clients(memory)),
    store_idb_client_writes_per_sec: await median(() => clients(idb({ durability: 'relaxed' }))),
    store_idb_strict_client_writes_per_sec: await median(() =>
      clients(idb({ durability: 'strict' })),
    ),
    store_idb_sequential_writes_per_sec: await median(() =>
      clients(idb({ durability: 'relaxed' }), 1, 500),
    ),
    store_idb_strict_sequential_writes_per_sec: await median(() =>
      clients(idb({ durability: 'strict' }), 1, 500),
    ),
    store_idb_load_10k_ms: await idbLoadMs(10_000),
  };
}

interface Fresh {
  backend: PersistenceBackend;
  dispose(): Promise<void>;
}

let dbCounter = 0;

async function freshIdb(options: IdbBackendOptions): Promise<Fresh> {
  const dbName = `bench-store-${Date.now()}-${dbCounter++}`;
  const backend = await openIdbBackend(dbName, options);
  return { backend, dispose: () => deleteIdbBackend(dbName) };
}

async function withStore(
  make: () => Promise<PersistenceBackend | Fresh>,
  body: (store: Store) => Promise<number>,
): Promise<number> {
  const made = await make();
  const fresh: Fresh = 'dispose' in made ? made : { backend: made, dispose: async () => {} };
  const store = await openStore(fresh.backend);
  try {
    return await body(store);
  } finally {
    await store.close();
    await fresh.dispose();
  }
}

/** Writes per second for BURST_WRITES creates issued together. */
function burst(make: () => Promise<PersistenceBackend | Fresh>): Promise<number> {
  return withStore(make, async (store) => {
    const started = performance.now();
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < BURST_WRITES; i++) acks.push(store.create(key(i), VALUE));
    await Promise.all(acks);
    return perSecond(BURST_WRITES, performance.now() - started);
  });
}

/** Writes per second for `writers` writers doing `each` sequential creates each. */
function clients(
  make: () => Promise<PersistenceBackend | Fresh>,
  writers = CLIENTS,
  each = WRITES_PER_CLIENT,
): Promise<number> {
  return withStore(make, async (store) => {
    const started = performance.now();
    const writer = async (c: number) => {
      for (let i = 0; i < each; i++) await store.create(key(c * 1_000_000 + i), VALUE);
    };
    await Promise.all(Array.from({ length: writers }, (_, c) => writer(c)));
    return perSecond(writers * each, performance.now() - started);
  });
}

/** Milliseconds to open a store over an IndexedDB database holding `count` keys. */
async function idbLoadMs(count: number): Promise<number> {
  const dbName = `bench-store-load-${Date.now()}`;
  const writer = await openStore(await openIdbBackend(dbName));
  await Promise.all(Array.from({ length: count }, (_, i) => writer.create(key(i), VALUE)));
  await writer.close();
  const started = performance.now();
  const reader = await openStore(await openIdbBackend(dbName));
  const elapsed = performance.now() - started;
  if ((await reader.list('/registry/')).items.length !== count) throw new Error('load lost keys');
  await reader.close();
  await deleteIdbBackend(dbName);
  return Math.round(elapsed);
}

/** The median of ROUNDS runs. */
async function median(measure: () => Promise<number>): Promise<number> {
  const runs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) runs.push(await measure());
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

function key(i: number): string {
  return `/registry/pods/default/pod-${String(i).padStart(8, '0')}`;
}

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}
