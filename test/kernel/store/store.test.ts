import { expect } from '@esm-bundle/chai';
import { deleteIdbBackend, openIdbBackend } from '../../../src/kernel/store/idb-backend.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore, type StoreOptions } from '../../../src/kernel/store/mvcc-store.ts';
import {
  StoreError,
  type CommitBatch,
  type KeyValue,
  type PersistenceBackend,
  type Store,
  type StoreErrorCode,
  type StoreEvent,
} from '../../../src/kernel/store/types.ts';

/** How the shared suite gets backends of one kind. */
interface BackendKind {
  name: string;
  /** A fresh, empty backend. */
  create(): Promise<PersistenceBackend>;
  /** A backend over the same persisted data as the last `create()`: what a reload opens. */
  reopen(): Promise<PersistenceBackend>;
  /** Removes what `create()` made; every store on it is closed by then. */
  dispose(): Promise<void>;
}

function memoryKind(): BackendKind {
  let backend = new MemoryBackend();
  return {
    name: 'memory backend',
    create: async () => (backend = new MemoryBackend()),
    reopen: async () => backend,
    dispose: async () => {},
  };
}

let dbCounter = 0;

function idbKind(): BackendKind {
  let dbName = '';
  return {
    name: 'IndexedDB backend',
    create: () => {
      dbName = `store-test-${Date.now()}-${dbCounter++}`;
      return openIdbBackend(dbName);
    },
    reopen: () => openIdbBackend(dbName),
    dispose: () => deleteIdbBackend(dbName),
  };
}

/**
 * Wraps a backend to count its commits, hold one open, or make one fail. A held commit reaches
 * the inner backend (so the data is really written) but is not reported done until released.
 */
class ControlledBackend implements PersistenceBackend {
  readonly batches: CommitBatch[] = [];
  private hold?: { started: (batch: CommitBatch) => void; gate: Promise<void> };
  private failure?: Error;

  constructor(private readonly inner: PersistenceBackend) {}

  load(): Promise<{ revision: number; items: KeyValue[] }> {
    return this.inner.load();
  }

  async commit(batch: CommitBatch): Promise<void> {
    this.batches.push(batch);
    const failure = this.failure;
    const hold = this.hold;
    this.failure = undefined;
    this.hold = undefined;
    if (failure) throw failure;
    await this.inner.commit(batch);
    if (hold) {
      hold.started(batch);
      await hold.gate;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Holds the next commit open; `written` resolves once the inner backend has it. */
  holdNextCommit(): { written: Promise<CommitBatch>; release: () => void } {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = (_batch: CommitBatch) => {};
    const written = new Promise<CommitBatch>((resolve) => (started = resolve));
    this.hold = { started, gate };
    return { written, release };
  }

  failNextCommit(err: Error): void {
    this.failure = err;
  }
}

/** Lets every queued microtask and task run: gives a wrong delivery the chance to happen. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected the call to fail with a StoreError');
}

function thrownStoreError(call: () => unknown): StoreError {
  try {
    call();
  } catch (err) {
    expect(err).to.be.instanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected the call to throw a StoreError');
}

function summary(events: StoreEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.kv.key}=${e.kv.value}@${e.kv.modRevision}`);
}

/** Collects a watch's events and resolves once `count` have arrived. */
function collect(
  store: Store,
  prefix: string,
  afterRevision: number,
): { events: StoreEvent[]; until(count: number): Promise<StoreEvent[]>; cancel(): void } {
  const events: StoreEvent[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  const handle = store.watch(prefix, afterRevision, (event) => {
    events.push(event);
    if (waiter && events.length >= waiter.count) waiter.resolve();
  });
  return {
    events,
    until: async (count) => {
      if (events.length < count) {
        await new Promise<void>((resolve) => (waiter = { count, resolve }));
      }
      return events;
    },
    cancel: () => handle.cancel(),
  };
}

for (const makeKind of [memoryKind, idbKind]) {
  const kind = makeKind();

  describe(`store on the ${kind.name}`, () => {
    let backend: ControlledBackend;
    let opened: Store[];

    async function open(options?: StoreOptions): Promise<Store> {
      const store = await openStore(backend, options);
      opened.push(store);
      return store;
    }

    /** A new store over the same persisted data, as after a page reload. */
    async function reopen(options?: StoreOptions): Promise<Store> {
      backend = new ControlledBackend(await kind.reopen());
      return open(options);
    }

    beforeEach(async () => {
      opened = [];
      backend = new ControlledBackend(await kind.create());
    });

    afterEach(async () => {
      for (const store of opened) await store.close();
      await kind.dispose();
    });

    describe('key-value operations', () => {
      it('creates, gets, updates and deletes a key', async () => {
        const store = await open();
        const created = await store.create('/a/x', 'one');
        expect(created).to.deep.equal({
          key: '/a/x',
          value: 'one',
          createRevision: 1,
          modRevision: 1,
        });
        expect(await store.get('/a/x')).to.deep.equal(created);

        const updated = await store.update('/a/x', 'two', created.modRevision);
        expect(updated).to.deep.equal({
          key: '/a/x',
          value: 'two',
          createRevision: 1,
          modRevision: 2,
        });
        expect(await store.get('/a/x')).to.deep.equal(updated);

        const deleted = await store.delete('/a/x', updated.modRevision);
        expect(deleted).to.deep.equal({ ...updated, modRevision: 3 });
        expect(await store.get('/a/x')).to.equal(undefined);
        expect(await store.get('/a/missing')).to.equal(undefined);
      });

      it('advances one global revision by one per write, across keys', async () => {
        const store = await open();
        expect(store.revision()).to.equal(0);
        const a = await store.create('/a/1', 'a');
        const b = await store.create('/b/1', 'b');
        const a2 = await store.update('/a/1', 'a2', a.modRevision);
        await store.delete('/b/1');
        expect([a.modRevision, b.modRevision, a2.modRevision]).to.deep.equal([1, 2, 3]);
        expect(store.revision()).to.equal(4);
        const c = await store.create('/b/1', 'again');
        expect(c).to.include({ createRevision: 5, modRevision: 5 });
      });

      it('keeps the create revision across updates and moves the mod revision', async () => {
        const store = await open();
        await store.create('/other', '-');
        let kv = await store.create('/a/x', 'v0');
        for (let i = 1; i <= 3; i++) kv = await store.update('/a/x', `v${i}`, kv.modRevision);
        expect(kv).to.include({ createRevision: 2, modRevision: 5, value: 'v3' });
      });

      const failures: {
        name: string;
        code: StoreErrorCode;
        current?: Partial<KeyValue>;
        call: (store: Store, existing: KeyValue) => Promise<unknown>;
      }[] = [
        {
          name: 'create of an existing key',
          code: 'KeyExists',
          current: { key: '/a/x', value: 'v2', modRevision: 2 },
          call: (s) => s.create('/a/x', 'dup'),
        },
        {
          name: 'update of a missing key',
          code: 'KeyNotFound',
          call: (s) => s.update('/a/missing', 'v', 1),
        },
        {
          name: 'delete of a missing key',
          code: 'KeyNotFound',
          call: (s) => s.delete('/a/missing'),
        },
        {
          name: 'update with a stale revision',
          code: 'RevisionMismatch',
          current: { value: 'v2', modRevision: 2 },
          call: (s) => s.update('/a/x', 'lost', 1),
        },
        {
          name: 'delete with a stale revision',
          code: 'RevisionMismatch',
          current: { value: 'v2', modRevision: 2 },
          call: (s) => s.delete('/a/x', 1),
        },
      ];
      for (const failure of failures) {
        it(`refuses ${failure.name} with ${failure.code}`, async () => {
          const store = await open();
          const first = await store.create('/a/x', 'v1');
          const existing = await store.update('/a/x', 'v2', first.modRevision);
          const err = await storeError(failure.call(store, existing));
          expect(err.code).to.equal(failure.code);
          if (failure.current) expect(err.current).to.include(failure.current);
          expect(await store.get('/a/x')).to.deep.equal(existing);
          expect(store.revision()).to.equal(2);
        });
      }

      it('checks compare-and-swap against writes that are not yet durable', async () => {
        const store = await open();
        const held = backend.holdNextCommit();
        const first = store.create('/a/x', 'v1');
        await held.written;
        const duplicate = storeError(store.create('/a/x', 'v1 again'));
        const second = store.update('/a/x', 'v2', 1);
        held.release();
        await first;
        expect((await duplicate).code).to.equal('KeyExists');
        expect(await second).to.include({ value: 'v2', modRevision: 2 });
      });

      it('refuses a write only once the writes that caused the refusal are durable', async () => {
        const store = await open();
        const v1 = await store.create('/a/x', 'v1');
        const held = backend.holdNextCommit();
        const v2 = store.update('/a/x', 'v2', v1.modRevision);
        await held.written;
        let refused = false;
        const stale = storeError(store.update('/a/x', 'lost', v1.modRevision)).then((err) => {
          refused = true;
          return err;
        });
        await nextTask();
        // Until v2 is durable a reader still sees v1: a refusal now would send a retrying
        // writer back to the same stale value.
        expect(refused).to.equal(false);
        expect((await store.get('/a/x'))?.value).to.equal('v1');
        held.release();
        expect((await stale).code).to.equal('RevisionMismatch');
        expect((await store.get('/a/x'))?.value).to.equal('v2');
        await v2;
      });

      it('answers a refusal held for a failed commit with Closed', async () => {
        const store = await open();
        const v1 = await store.create('/a/x', 'v1');
        backend.failNextCommit(new Error('disk full'));
        const [v2, stale] = await Promise.allSettled([
          store.update('/a/x', 'v2', v1.modRevision),
          store.update('/a/x', 'lost', v1.modRevision),
        ]);
        expect(v2.status === 'rejected' && (v2.reason as Error).message).to.equal('disk full');
        expect(stale.status === 'rejected' && (stale.reason as StoreError).code).to.equal('Closed');
      });

      it('refuses every call after close with Closed', async () => {
        const store = await open();
        await store.create('/a/x', 'v');
        await store.close();
        expect((await storeError(store.create('/a/y', 'v'))).code).to.equal('Closed');
        expect((await storeError(store.update('/a/x', 'v', 1))).code).to.equal('Closed');
        expect((await storeError(store.delete('/a/x'))).code).to.equal('Closed');
        expect((await storeError(store.get('/a/x'))).code).to.equal('Closed');
        expect((await storeError(store.list('/a/'))).code).to.equal('Closed');
        expect(thrownStoreError(() => store.watch('/a/', 0, () => {})).code).to.equal('Closed');
      });
    });

    describe('list', () => {
      it('lists the keys under a prefix sorted by key, at the current revision', async () => {
        const store = await open();
        for (const key of ['/a/c', '/b/a', '/a/a', '/ab', '/a/b/deep', '/a/b']) {
          await store.create(key, key.toUpperCase());
        }
        const listed = await store.list('/a/');
        expect(listed.revision).to.equal(6);
        expect(listed.items.map((kv) => kv.key)).to.deep.equal([
          '/a/a',
          '/a/b',
          '/a/b/deep',
          '/a/c',
        ]);
        expect(listed.items[0]).to.deep.equal({
          key: '/a/a',
          value: '/A/A',
          createRevision: 3,
          modRevision: 3,
        });
        expect((await store.list('/zzz/')).items).to.deep.equal([]);
      });

      it('lists the state as it was at an older revision', async () => {
        const store = await open();
        const x = await store.create('/a/x', 'x1'); // 1
        const y = await store.create('/a/y', 'y1'); // 2
        await store.update('/a/x', 'x2', x.modRevision); // 3
        await store.delete('/a/y', y.modRevision); // 4
        await store.create('/a/z', 'z1'); // 5
        await store.create('/b/w', 'w1'); // 6

        const values = async (revision: number) => {
          const listed = await store.list('/a/', { revision });
          expect(listed.revision).to.equal(revision);
          return listed.items.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`);
        };
        expect(await values(0)).to.deep.equal([]);
        expect(await values(2)).to.deep.equal(['/a/x=x1@1', '/a/y=y1@2']);
        expect(await values(3)).to.deep.equal(['/a/x=x2@3', '/a/y=y1@2']);
        expect(await values(4)).to.deep.equal(['/a/x=x2@3']);
        expect(await values(6)).to.deep.equal(['/a/x=x2@3', '/a/z=z1@5']);
      });

      it('refuses a compacted revision with Compacted and a future one with FutureRevision', async () => {
        const store = await open();
        for (let i = 1; i <= 5; i++) await store.create(`/a/${i}`, 'v');
        store.compact(3);
        expect(store.compactRevision()).to.equal(3);

        const compacted = await storeError(store.list('/a/', { revision: 2 }));
        expect(compacted.code).to.equal('Compacted');
        expect(compacted.compactRevision).to.equal(3);
        expect((await store.list('/a/', { revision: 3 })).items).to.have.length(3);
        expect((await storeError(store.list('/a/', { revision: 6 }))).code).to.equal(
          'FutureRevision',
        );
      });
    });

    describe('watch', () => {
      it('replays history after a revision, then delivers live events in order', async () => {
        const store = await open();
        const x = await store.create('/a/x', 'x1'); // 1
        await store.create('/a/y', 'y1'); // 2
        await store.update('/a/x', 'x2', x.modRevision); // 3

        const watch = collect(store, '/a/', 1);
        const deleted = store.delete('/a/y'); // 4
        const created = store.create('/a/z', 'z1'); // 5
        await Promise.all([deleted, created]);
        expect(summary(await watch.until(4))).to.deep.equal([
          'put /a/y=y1@2',
          'put /a/x=x2@3',
          'delete /a/y=y1@4',
          'put /a/z=z1@5',
        ]);
        expect(watch.events[1].prevKv).to.include({ value: 'x1', modRevision: 1 });
        expect(watch.events[2].prevKv).to.include({ value: 'y1', modRevision: 2 });
        expect(watch.events[3].prevKv).to.equal(undefined);
      });

      it('delivers only the events under its prefix', async () => {
        const store = await open();
        await store.create('/a/1', 'in');
        await store.create('/ab', 'out');
        const watch = collect(store, '/a/', 0);
        await store.create('/b/1', 'out');
        await store.create('/a/2', 'in');
        await store.create('/a/3', 'in');
        expect(summary(await watch.until(3))).to.deep.equal([
          'put /a/1=in@1',
          'put /a/2=in@4',
          'put /a/3=in@5',
        ]);
        await nextTask();
        expect(watch.events).to.have.length(3);
      });

      it('stops delivering once cancelled', async () => {
        const store = await open();
        const watch = collect(store, '/', 0);
        await store.create('/a', '1');
        await watch.until(1);
        watch.cancel();
        await store.create('/b', '2');
        await nextTask();
        expect(summary(watch.events)).to.deep.equal(['put /a=1@1']);
      });

      it('throws Compacted for a watch from before the compacted revision', async () => {
        const store = await open();
        for (let i = 1; i <= 4; i++) await store.create(`/a/${i}`, 'v');
        store.compact(2);
        const err = thrownStoreError(() => store.watch('/a/', 1, () => {}));
        expect(err.code).to.equal('Compacted');
        expect(err.compactRevision).to.equal(2);

        const watch = collect(store, '/a/', 2);
        expect(summary(await watch.until(2))).to.deep.equal(['put /a/3=v@3', 'put /a/4=v@4']);
      });

      it('compacts history automatically beyond historyLimit', async () => {
        const store = await open({ historyLimit: 5 });
        for (let i = 1; i <= 8; i++) await store.create(`/a/${i}`, 'v');
        expect(store.compactRevision()).to.equal(3);
        expect(thrownStoreError(() => store.watch('/a/', 2, () => {})).code).to.equal('Compacted');
        expect((await storeError(store.list('/a/', { revision: 2 }))).code).to.equal('Compacted');
        const watch = collect(store, '/a/', 3);
        expect((await watch.until(5)).map((e) => e.kv.modRevision)).to.deep.equal([4, 5, 6, 7, 8]);
      });
    });

    describe('durability', () => {
      it('groups writes issued while a commit is in flight into one next commit', async () => {
        const store = await open();
        const held = backend.holdNextCommit();
        const first = store.create('/g/first', 'v');
        await held.written;
        // Issued across many turns while the first commit is held open.
        const rest: Promise<KeyValue>[] = [];
        for (let i = 0; i < 50; i++) {
          rest.push(store.create(`/g/${i}`, 'v'));
          if (i % 10 === 0) await nextTask();
        }
        held.release();
        await Promise.all([first, ...rest]);
        expect(backend.batches.map((b) => b.puts.length)).to.deep.equal([1, 50]);
        expect(backend.batches.map((b) => b.revision)).to.deep.equal([1, 51]);
        expect(store.revision()).to.equal(51);
      });

      it('turns many concurrent writes into few commits', async () => {
        const store = await open();
        await Promise.all(Array.from({ length: 500 }, (_, i) => store.create(`/c/${i}`, 'v')));
        expect(backend.batches.length).to.be.within(1, 2);
        expect((await store.list('/c/')).items).to.have.length(500);
      });

      it('acknowledges a write and sends its event only after its commit is durable', async () => {
        const store = await open();
        const watch = collect(store, '/a/', 0);
        const held = backend.holdNextCommit();
        let acked = false;
        const write = store.create('/a/x', 'v').then((kv) => {
          acked = true;
          return kv;
        });
        await held.written;
        await nextTask();
        expect(acked).to.equal(false);
        expect(watch.events).to.deep.equal([]);
        // Readers see committed data only.
        expect(await store.get('/a/x')).to.equal(undefined);
        expect((await store.list('/a/')).items).to.deep.equal([]);
        expect(store.revision()).to.equal(0);

        held.release();
        expect(await write).to.include({ key: '/a/x', modRevision: 1 });
        expect(acked).to.equal(true);
        expect(summary(await watch.until(1))).to.deep.equal(['put /a/x=v@1']);
        expect(store.revision()).to.equal(1);
      });

      it('rejects the writes of a failed commit and every write after it', async () => {
        const store = await open();
        await store.create('/a/kept', 'v');
        const watch = collect(store, '/a/', 0);
        await watch.until(1);
        const failure = new Error('disk full');
        backend.failNextCommit(failure);
        const lost = [store.create('/a/x', 'v'), store.create('/a/y', 'v')];
        const results = await Promise.allSettled(lost);
        expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).to.deep.equal([
          failure,
          failure,
        ]);
        expect((await storeError(store.create('/a/z', 'v'))).code).to.equal('Closed');
        expect((await storeError(store.get('/a/kept'))).code).to.equal('Closed');
        await nextTask();
        expect(summary(watch.events)).to.deep.equal(['put /a/kept=v@1']);
      });

      it('finds the same data and revision after a close and reopen', async () => {
        const first = await open();
        const x = await first.create('/a/x', 'x1');
        await first.create('/a/y', 'y1');
        await first.update('/a/x', 'x2', x.modRevision);
        await first.delete('/a/y');
        await first.create('/b/z', 'z1');
        const before = await first.list('/');
        await first.close();

        const second = await reopen();
        expect(second.revision()).to.equal(5);
        expect(await second.list('/')).to.deep.equal(before);
        expect(await second.get('/a/y')).to.equal(undefined);
        expect(await second.update('/a/x', 'x3', 3)).to.include({
          createRevision: 1,
          modRevision: 6,
        });
        // History does not survive a reopen: older watches must relist.
        expect(second.compactRevision()).to.equal(5);
        expect(thrownStoreError(() => second.watch('/', 4, () => {})).code).to.equal('Compacted');
      });

      it('finds every acknowledged write after a reopen without a close', async () => {
        const first = await open();
        await Promise.all(Array.from({ length: 300 }, (_, i) => first.create(`/r/${i}`, `${i}`)));
        const second = await reopen();
        expect(second.revision()).to.equal(300);
        expect(await second.list('/r/')).to.deep.equal(await first.list('/r/'));
      });
    });
  });
}

describe('IndexedDB backend checkpoints', () => {
  const dbName = `store-test-checkpoint-${Date.now()}`;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await deleteIdbBackend(dbName);
  });

  it('keeps the same state across checkpoints, in every reopen', async () => {
    const model = new Map<string, string>();
    store = await openStore(await openIdbBackend(dbName, { checkpointWrites: 7 }));
    for (let round = 0; round < 6; round++) {
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 5 + round; i++) {
        const key = `/k/${(round * 3 + i) % 11}`;
        const current = model.get(key);
        if (current === undefined) {
          writes.push(store.create(key, `r${round}`));
          model.set(key, `r${round}`);
        } else if (i % 2 === 0) {
          writes.push(store.delete(key));
          model.delete(key);
        } else {
          writes.push(store.update(key, `r${round}`, (await store.get(key))!.modRevision));
          model.set(key, `r${round}`);
        }
      }
      await Promise.all(writes);
      const revision = store.revision();
      await store.close();
      store = await openStore(await openIdbBackend(dbName, { checkpointWrites: 7 }));
      expect(store.revision()).to.equal(revision);
      const listed = (await store.list('/k/')).items.map((kv) => [kv.key, kv.value]);
      expect(listed).to.deep.equal([...model].sort(([a], [b]) => (a < b ? -1 : 1)));
    }
  });
});
