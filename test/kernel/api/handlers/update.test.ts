import { expect } from '@esm-bundle/chai';
import { createApiServer } from '../../../../src/kernel/api/server.ts';
import { FakeClock } from '../../../../src/kernel/clock/fake-clock.ts';
import { MemoryBackend } from '../../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../../src/kernel/store/mvcc-store.ts';
import type { CommitBatch } from '../../../../src/kernel/store/types.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';

/** A backend whose commits finish a task later, as IndexedDB's transactions do. */
class TaskLatencyBackend extends MemoryBackend {
  override async commit(batch: CommitBatch): Promise<void> {
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
    await super.commit(batch);
  }
}

describe('guaranteed update', () => {
  it('retries unconditional patches that race on one object until each applies', async () => {
    const store = await openStore(new TaskLatencyBackend());
    const server = await createApiServer({ store, clock: new FakeClock() });
    const path = '/api/v1/namespaces/default/pods/web';
    const created = await server.handle({
      verb: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
      },
    });
    expect(created.status).to.equal(201);

    const responses = await Promise.all(
      ['a', 'b', 'c', 'd'].map((label) =>
        server.handle({
          verb: 'PATCH',
          path,
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { [label]: 'set' } } },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
    const pod = (await server.handle({ verb: 'GET', path })).body as Pod;
    expect(pod.metadata.labels).to.deep.equal({ a: 'set', b: 'set', c: 'set', d: 'set' });
  });
});
