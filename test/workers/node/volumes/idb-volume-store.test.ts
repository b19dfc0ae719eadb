import { expect } from '@esm-bundle/chai';
import type { VolumeEntry } from '../../../../src/workers/runtime/fs/fs-protocol.ts';
import {
  deleteVolumeDatabase,
  IdbVolumeStore,
} from '../../../../src/workers/node/volumes/idb-volume-store.ts';

const file = (path: string, bytes: number): VolumeEntry => ({
  kind: 'file',
  path,
  mode: 0o644,
  data: new Uint8Array(bytes).fill(7),
});

describe('IdbVolumeStore', function () {
  this.timeout(30_000);
  let name: string;
  let store: IdbVolumeStore;
  beforeEach(() => {
    name = `volumes-test-${crypto.randomUUID()}`;
    store = new IdbVolumeStore(name);
  });
  afterEach(async () => {
    await store.close();
    await deleteVolumeDatabase(name);
  });

  it('keeps each volume apart, one record per entry, and deletes a whole volume', async () => {
    await store.save(
      'pvc-a',
      [{ kind: 'dir', path: 'd', mode: 0o755 }, file('d/x', 3), file('top', 2)],
      [],
    );
    await store.save('pvc-b', [file('other', 1)], []);
    await store.save('pvc-a', [file('top', 5)], ['d/x']);
    const a = await store.load('pvc-a');
    expect(a.map((e) => [e.path, e.kind === 'file' ? e.data.length : 'dir'])).to.deep.equal([
      ['d', 'dir'],
      ['top', 5],
    ]);
    // A second connection (another worker) sees the same records.
    const other = new IdbVolumeStore(name);
    expect((await other.load('pvc-b')).map((e) => e.path)).to.deep.equal(['other']);
    await store.remove('pvc-a');
    expect(await other.load('pvc-a')).to.deep.equal([]);
    expect(await other.load('pvc-b')).to.have.length(1);
    await other.close();
  });

  it('measures: writes per file, in one transaction and one each, and a reload', async () => {
    const files = Array.from({ length: 200 }, (_, i) => file(`f${i}`, 1024));
    let t = performance.now();
    await store.save('batched', files, []);
    const batched = performance.now() - t;
    t = performance.now();
    for (const f of files) await store.save('single', [f], []);
    const single = performance.now() - t;
    t = performance.now();
    await store.save('big', [file('blob', 1 << 20)], []);
    const big = performance.now() - t;
    t = performance.now();
    const loaded = await store.load('single');
    const load = performance.now() - t;
    expect(loaded).to.have.length(200);
    console.warn(
      `IndexedDB volume store: 200 × 1 KiB in one transaction ${batched.toFixed(1)} ms ` +
        `(${((batched / 200) * 1000).toFixed(0)} µs/file); one transaction per file ` +
        `${(single / 200).toFixed(2)} ms/file; one 1 MiB file ${big.toFixed(1)} ms; ` +
        `loading 200 files ${load.toFixed(1)} ms`,
    );
  });
});
