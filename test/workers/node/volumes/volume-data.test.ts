import { expect } from '@esm-bundle/chai';
import { Directory, File } from '@bjorn3/browser_wasi_shim';
import type { VolumeChange, VolumeEntry } from '../../../../src/workers/runtime/fs/fs-protocol.ts';
import { VolumeTree } from '../../../../src/workers/runtime/fs/volume-tree.ts';
import { VolumeData } from '../../../../src/workers/node/volumes/volume-data.ts';
import { VolumeHost } from '../../../../src/workers/node/volumes/volume-host.ts';
import { MemoryVolumeStore } from '../../../../src/workers/node/volumes/volume-store.ts';

const text = (s: string) => new TextEncoder().encode(s);
const decoded = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

/** A tree's contents as `path → text|dir`, for comparing with the node's copy. */
function treeListing(tree: VolumeTree): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: Directory, prefix: string) => {
    for (const [name, child] of dir.contents) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child instanceof File) out[path] = decoded(child.data)!;
      else if (child instanceof Directory) {
        out[path] = 'dir';
        walk(child, path);
      }
    }
  };
  walk(tree.root, '');
  return out;
}

function dataListing(data: VolumeData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of data.entries()) out[e.path] = e.kind === 'dir' ? 'dir' : decoded(e.data)!;
  return out;
}

describe('volume copies: the node and a container converge on the same changes', () => {
  const changes: [string, VolumeChange[], Record<string, string>][] = [
    [
      'writes make missing parents and grow the file',
      [
        { op: 'write', path: 'a/b/c.txt', offset: 0, data: text('hello') },
        { op: 'write', path: 'a/b/c.txt', offset: 5, data: text(' world') },
      ],
      { a: 'dir', 'a/b': 'dir', 'a/b/c.txt': 'hello world' },
    ],
    [
      'a resize cuts, and zeroes return when it grows back',
      [
        { op: 'write', path: 'f', offset: 0, data: text('abcdef') },
        { op: 'resize', path: 'f', size: 2 },
        { op: 'resize', path: 'f', size: 3 },
      ],
      { f: 'ab\0' },
    ],
    [
      'a directory rename moves what it holds, replacing the target',
      [
        { op: 'write', path: 'old/x', offset: 0, data: text('1') },
        { op: 'write', path: 'new', offset: 0, data: text('gone') },
        { op: 'rename', from: 'old', to: 'new' },
      ],
      { new: 'dir', 'new/x': '1' },
    ],
    [
      'remove takes a directory with everything in it; a missing path is ignored',
      [
        { op: 'mkdir', path: 'd/e' },
        { op: 'create', path: 'd/e/f' },
        { op: 'create', path: 'keep' },
        { op: 'remove', path: 'd' },
        { op: 'remove', path: 'nothing/here' },
        { op: 'rename', from: 'nothing', to: 'elsewhere' },
      ],
      { keep: '' },
    ],
    [
      "set gives a file another node's whole contents, over a longer file or a directory",
      [
        { op: 'write', path: 'f', offset: 0, data: text('a longer text') },
        { op: 'set', path: 'f', data: text('short') },
        { op: 'write', path: 'd/inner', offset: 0, data: text('x') },
        { op: 'set', path: 'd', data: text('now a file') },
        { op: 'set', path: 'new/g', data: text('made') },
      ],
      { f: 'short', d: 'now a file', new: 'dir', 'new/g': 'made' },
    ],
  ];
  for (const [what, list, expected] of changes) {
    it(what, () => {
      const data = new VolumeData();
      const tree = new VolumeTree('v', [], false);
      for (const change of list) {
        data.apply(change);
        tree.apply(change);
      }
      expect(dataListing(data)).to.deep.equal(expected);
      expect(treeListing(tree)).to.deep.equal(expected);
    });
  }

  it('set keeps the file inode, so a descriptor open on it reads the new contents', () => {
    const tree = new VolumeTree(
      'v',
      [{ kind: 'file', path: 'f', mode: 0o644, data: text('1') }],
      false,
    );
    const file = tree.resolve('f');
    tree.apply({ op: 'set', path: 'f', data: text('22') });
    expect(tree.resolve('f')).to.equal(file);
    expect(decoded((file as File).data)).to.equal('22');
  });

  it('replace swaps the contents but keeps the root directory (open descriptors see it)', () => {
    const tree = new VolumeTree(
      'v',
      [{ kind: 'file', path: 'k', mode: 0o644, data: text('1') }],
      true,
    );
    const root = tree.root;
    const entries: VolumeEntry[] = [{ kind: 'file', path: 'k2', mode: 0o400, data: text('2') }];
    tree.apply({ op: 'replace', entries });
    expect(tree.root).to.equal(root);
    expect(treeListing(tree)).to.deep.equal({ k2: '2' });
    expect((tree.resolve('k2') as File).readonly).to.equal(true);
  });
});

describe('VolumeHost', () => {
  it('passes a change to the other attached containers, not back to its writer', () => {
    const host = new VolumeHost();
    host.ensure('v');
    const a = host.attach(['v']);
    const b = host.attach(['v']);
    const seenA: VolumeChange[] = [];
    const seenB: VolumeChange[] = [];
    a.bind({ volumeChanged: (_, c) => seenA.push(c) });
    a.changed('v', { op: 'create', path: 'x' });
    // b is not bound yet: what comes meanwhile is held, then handed over in order.
    expect(seenB).to.deep.equal([]);
    b.bind({ volumeChanged: (_, c) => seenB.push(c) });
    expect(seenA).to.deep.equal([]);
    expect(seenB).to.deep.equal([{ op: 'create', path: 'x' }]);
    b.detach();
    a.changed('v', { op: 'mkdir', path: 'y' });
    expect(seenB).to.have.length(1);
  });

  it('loads a persistent volume from the store, writes changes back and lets go after its last user', async () => {
    const store = new MemoryVolumeStore();
    await store.save('pv-1', [{ kind: 'file', path: 'old', mode: 0o644, data: text('kept') }], []);
    const host = new VolumeHost({ store, flushDelayMs: 1 });
    expect(await host.hostPersistent('pv/pv-1', 'pv-1', 'pod-a', false)).to.equal(true);
    expect(await host.hostPersistent('pv/pv-1', 'pv-1', 'pod-b', false)).to.equal(true);
    expect(decoded(host.data('pv/pv-1')!.file('old'))).to.equal('kept');
    const writer = host.attach(['pv/pv-1']);
    writer.changed('pv/pv-1', { op: 'write', path: 'new', offset: 0, data: text('data') });
    writer.changed('pv/pv-1', { op: 'remove', path: 'old' });
    await host.release('pv/pv-1', 'pod-a');
    expect(host.has('pv/pv-1')).to.equal(true);
    await host.release('pv/pv-1', 'pod-b');
    expect(host.has('pv/pv-1')).to.equal(false);
    const stored = await store.load('pv-1');
    expect(stored.map((e) => [e.path, e.kind === 'file' ? decoded(e.data) : 'dir'])).to.deep.equal([
      ['new', 'data'],
    ]);
  });

  it('refuses a persistent volume another holder has claimed', async () => {
    const held = new Set<string>();
    const locks = {
      async tryAcquire(key: string) {
        if (held.has(key)) return undefined;
        held.add(key);
        return () => held.delete(key);
      },
    };
    const store = new MemoryVolumeStore();
    const nodeA = new VolumeHost({ store, locks });
    const nodeB = new VolumeHost({ store, locks });
    expect(await nodeA.hostPersistent('pv/x', 'x', 'pod-a', false)).to.equal(true);
    expect(await nodeB.hostPersistent('pv/x', 'x', 'pod-b', false)).to.equal(false);
    await nodeA.release('pv/x', 'pod-a');
    expect(await nodeB.hostPersistent('pv/x', 'x', 'pod-b', false)).to.equal(true);
  });
});
