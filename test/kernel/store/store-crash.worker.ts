/**
 * The kernel-worker side of crash.test.ts: opens the IndexedDB store named in the first message
 * and creates `writes` keys from `concurrency` writers, posting each key to the page as soon as
 * its write is acknowledged, until the page terminates this worker.
 */
import { openIdbBackend } from '../../../src/kernel/store/idb-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';

export interface CrashCommand {
  dbName: string;
  writes: number;
  concurrency: number;
  checkpointWrites?: number;
}

export type CrashReport =
  | { type: 'ready' }
  | { type: 'ack'; key: string; value: string; modRevision: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

function report(message: CrashReport): void {
  postMessage(message);
}

async function burst(command: CrashCommand): Promise<void> {
  const backend = await openIdbBackend(command.dbName, {
    checkpointWrites: command.checkpointWrites,
  });
  const store = await openStore(backend);
  report({ type: 'ready' });
  let next = 0;
  const writer = async () => {
    while (next < command.writes) {
      const i = next++;
      const key = `/crash/${String(i).padStart(6, '0')}`;
      const kv = await store.create(key, JSON.stringify({ i, payload: 'x'.repeat(i % 200) }));
      report({ type: 'ack', key, value: kv.value, modRevision: kv.modRevision });
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, writer));
  report({ type: 'done' });
}

onmessage = (event: MessageEvent<CrashCommand>) => {
  burst(event.data).catch((err: unknown) => report({ type: 'error', message: String(err) }));
};
