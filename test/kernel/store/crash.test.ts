import { expect } from '@esm-bundle/chai';
import { deleteIdbBackend, openIdbBackend } from '../../../src/kernel/store/idb-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Store } from '../../../src/kernel/store/types.ts';
import type { CrashCommand, CrashReport } from './store-crash.worker.ts';

interface Ack {
  value: string;
  modRevision: number;
}

/**
 * Runs the worker's write burst on `dbName` and terminates the worker once `killAfterAcks`
 * writes are acknowledged. Resolves with the acknowledged writes by key, and whether the
 * worker had finished (it must not have: the kill has to land mid-burst).
 */
async function burstAndKill(
  command: CrashCommand,
  killAfterAcks: number,
): Promise<{ acks: Map<string, Ack>; finished: boolean }> {
  const worker = new Worker(new URL('./store-crash.worker.ts', import.meta.url), {
    type: 'module',
  });
  const acks = new Map<string, Ack>();
  let finished = false;
  await new Promise<void>((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.onmessage = (event: MessageEvent<CrashReport>) => {
      const report = event.data;
      if (report.type === 'error') reject(new Error(report.message));
      if (report.type === 'done') finished = true;
      if (report.type !== 'ack') return;
      acks.set(report.key, { value: report.value, modRevision: report.modRevision });
      if (acks.size === killAfterAcks) {
        worker.terminate();
        resolve();
      }
    };
    worker.postMessage(command);
  });
  return { acks, finished };
}

async function expectAcknowledged(store: Store, acks: Map<string, Ack>): Promise<void> {
  const stored = new Map((await store.list('/crash/')).items.map((kv) => [kv.key, kv]));
  const missing: string[] = [];
  for (const [key, ack] of acks) {
    const kv = stored.get(key);
    if (!kv) missing.push(key);
    else expect(kv, key).to.include({ value: ack.value, modRevision: ack.modRevision });
  }
  expect(missing).to.deep.equal([]);
  const highest = Math.max(...[...acks.values()].map((ack) => ack.modRevision));
  expect(store.revision()).to.be.at.least(highest);
}

describe('store crash safety on IndexedDB', () => {
  let dbName: string;
  let store: Store | undefined;
  let counter = 0;

  beforeEach(() => {
    dbName = `store-crash-${Date.now()}-${counter++}`;
    store = undefined;
  });

  afterEach(async () => {
    await store?.close();
    await deleteIdbBackend(dbName);
  });

  const cases = [
    { name: 'between checkpoints', checkpointWrites: undefined },
    { name: 'with a checkpoint every few hundred writes', checkpointWrites: 300 },
  ];
  for (const { name, checkpointWrites } of cases) {
    it(`keeps every acknowledged write when the kernel worker is terminated mid-burst, ${name}`, async () => {
      const writes = 100_000;
      const { acks, finished } = await burstAndKill(
        { dbName, writes, concurrency: 64, checkpointWrites },
        2_000,
      );
      expect(finished, 'the worker finished before it was terminated').to.equal(false);
      expect(acks.size).to.be.below(writes);

      store = await openStore(await openIdbBackend(dbName));
      await expectAcknowledged(store, acks);
      expect(store.revision(), 'the burst was cut short').to.be.below(writes);
      // Whatever else became durable is a whole prefix of revisions: no holes.
      const items = (await store.list('/crash/')).items;
      expect(items).to.have.length(store.revision());
    });
  }

  it('keeps every acknowledged write across a page-level close and reopen', async () => {
    const first = await openStore(await openIdbBackend(dbName));
    const acks = new Map<string, Ack>();
    await Promise.all(
      Array.from({ length: 3_000 }, async (_, i) => {
        const kv = await first.create(`/crash/${i}`, `value-${i}`);
        acks.set(kv.key, { value: kv.value, modRevision: kv.modRevision });
      }),
    );
    await first.close();

    store = await openStore(await openIdbBackend(dbName));
    await expectAcknowledged(store, acks);
    expect(store.revision()).to.equal(3_000);
  });
});
