import { FakeClock } from '../../src/kernel/clock/fake-clock.ts';
import { createApiServer, type ApiServer } from '../../src/kernel/api/server.ts';
import { Client } from '../../src/kernel/client/client.ts';
import { openStore } from '../../src/kernel/store/mvcc-store.ts';
import { MemoryBackend } from '../../src/kernel/store/memory-backend.ts';
import type { Store } from '../../src/kernel/store/types.ts';

export interface TestApi {
  clock: FakeClock;
  store: Store;
  server: ApiServer;
  client: Client;
}

/** An API server on a fresh in-memory store with a fake clock, for tests. */
export async function startTestApi(options: { historyLimit?: number } = {}): Promise<TestApi> {
  const clock = new FakeClock();
  const store = await openStore(new MemoryBackend(), { historyLimit: options.historyLimit });
  const server = await createApiServer({ store, clock });
  return { clock, store, server, client: new Client(server) };
}

/** Resolves once `predicate` holds, checking after each turn of the event loop; fails after `turns`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  turns = 500,
): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('condition not reached');
}
