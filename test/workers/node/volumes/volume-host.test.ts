import { expect } from '@esm-bundle/chai';
import type { VolumeChange, VolumeEntry } from '../../../../src/workers/runtime/fs/fs-protocol.ts';
import { VolumeHost } from '../../../../src/workers/node/volumes/volume-host.ts';
import {
  BroadcastVolumePeers,
  volumeChannelName,
} from '../../../../src/workers/node/volumes/volume-peers.ts';
import { MemoryVolumeStore } from '../../../../src/workers/node/volumes/volume-store.ts';
import { eventually } from '../../../helpers/api.ts';

const text = (s: string) => new TextEncoder().encode(s);
const decoded = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

function listing(entries: readonly VolumeEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) out[e.path] = e.kind === 'dir' ? 'dir' : decoded(e.data)!;
  return out;
}

/**
 * Nodes of one cluster hosting the same ReadWriteMany volume `pv/shared` (store key `shared`):
 * each a VolumeHost on the same store and channel, with one attached container whose received
 * changes are recorded.
 */
describe('VolumeHost: a live volume shared by several nodes', () => {
  let store: MemoryVolumeStore;
  let channel: string;
  const peers: BroadcastVolumePeers[] = [];
  beforeEach(() => {
    store = new MemoryVolumeStore();
    channel = volumeChannelName(`test-${crypto.randomUUID()}-volumes`);
  });
  afterEach(() => {
    for (const p of peers.splice(0)) p.close();
  });

  function node(name: string, options: { now?: () => number; store?: MemoryVolumeStore } = {}) {
    const p = new BroadcastVolumePeers(channel);
    peers.push(p);
    const host = new VolumeHost({
      store: options.store ?? store,
      peers: p,
      nodeId: name,
      now: options.now,
      flushDelayMs: 1,
    });
    const seen: VolumeChange[] = [];
    return {
      host,
      peers: p,
      seen,
      /** Hosts the volume for a pod and attaches a container of it. */
      async mount(live = true) {
        expect(
          await host.hostPersistent('pv/shared', 'shared', `pod-${name}`, true, live),
        ).to.equal(true);
        const container = host.attach(['pv/shared']);
        container.bind({ volumeChanged: (_, change) => seen.push(change) });
        return container;
      },
      files: () => listing(host.data('pv/shared')?.entries() ?? []),
    };
  }

  it("passes one node's write to the other's copy and containers, and keeps it in the store", async () => {
    const a = node('a');
    const b = node('b');
    const writer = await a.mount();
    await b.mount();
    writer.changed('pv/shared', { op: 'write', path: 'dir/x', offset: 0, data: text('hi\n') });
    await eventually(() => b.files()['dir/x'] === 'hi\n');
    expect(b.files()).to.deep.equal({ dir: 'dir', 'dir/x': 'hi\n' });
    // The container on b got the whole file at once.
    expect(b.seen).to.deep.equal([
      { op: 'mkdir', path: 'dir' },
      { op: 'set', path: 'dir/x', data: text('hi\n') },
    ]);
    expect(listing(await store.load('shared'))).to.deep.equal({ dir: 'dir', 'dir/x': 'hi\n' });
  });

  it('lets each node append in turn, and takes removals and renames', async () => {
    const a = node('a');
    const b = node('b');
    const onA = await a.mount();
    const onB = await b.mount();
    onA.changed('pv/shared', { op: 'write', path: 'log', offset: 0, data: text('from a\n') });
    await eventually(() => b.files().log === 'from a\n');
    onB.changed('pv/shared', { op: 'write', path: 'log', offset: 7, data: text('from b\n') });
    await eventually(() => a.files().log === 'from a\nfrom b\n');

    onA.changed('pv/shared', { op: 'write', path: 'd/f', offset: 0, data: text('1') });
    await eventually(() => b.files()['d/f'] === '1');
    onB.changed('pv/shared', { op: 'rename', from: 'd', to: 'e' });
    onB.changed('pv/shared', { op: 'remove', path: 'log' });
    await eventually(() => a.files()['e/f'] === '1' && !('log' in a.files()));
    expect(a.files()).to.deep.equal({ e: 'dir', 'e/f': '1' });
    await eventually(async () => listing(await store.load('shared'))['e/f'] === '1');
    expect(listing(await store.load('shared'))).to.deep.equal({ e: 'dir', 'e/f': '1' });
  });

  it('settles two writes of one file made at once on the later one, everywhere', async () => {
    // b's clock is ahead: its version is the later one whatever order the messages take.
    const a = node('a', { now: () => 1_000 });
    const b = node('b', { now: () => 2_000 });
    const onA = await a.mount();
    const onB = await b.mount();
    onA.changed('pv/shared', { op: 'write', path: 'f', offset: 0, data: text('written by a') });
    onB.changed('pv/shared', { op: 'write', path: 'f', offset: 0, data: text('by b') });
    await eventually(() => a.files().f === 'by b');
    await a.host.flushAll();
    await b.host.flushAll();
    expect(b.files().f).to.equal('by b');
    await eventually(async () => listing(await store.load('shared')).f === 'by b');
  });

  it('gives a node that mounts later what the store holds, then the changes that follow', async () => {
    const a = node('a');
    const onA = await a.mount();
    onA.changed('pv/shared', { op: 'write', path: 'before', offset: 0, data: text('1') });
    await a.host.flushAll();
    const b = node('b');
    await b.mount();
    expect(b.files()).to.deep.equal({ before: '1' });
    onA.changed('pv/shared', { op: 'write', path: 'after', offset: 0, data: text('2') });
    await eventually(() => b.files().after === '2');
  });

  it('takes updates that come while the volume loads, after the load', async () => {
    const a = node('a');
    const onA = await a.mount();
    // b's store answers the load only once b has heard a's update.
    let answer!: () => void;
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const slow = new MemoryVolumeStore();
    slow.load = async () => {
      await gate;
      return [];
    };
    const b = node('b', { store: slow });
    const mounting = b.mount();
    // Heard after b's host (listeners are called in the order they subscribed).
    b.peers.subscribe('shared', () => answer());
    onA.changed('pv/shared', { op: 'write', path: 'x', offset: 0, data: text('early') });
    await mounting;
    expect(b.files()).to.deep.equal({ x: 'early' });
  });

  it('leaves a volume not hosted live (ReadWriteOnce) to itself', async () => {
    const a = node('a');
    const b = node('b');
    const onA = await a.mount(false);
    await b.mount(true);
    onA.changed('pv/shared', { op: 'write', path: 'x', offset: 0, data: text('1') });
    await a.host.flushAll();
    const marker = node('c');
    const onC = await marker.mount();
    onC.changed('pv/shared', { op: 'write', path: 'marker', offset: 0, data: text('m') });
    // By the time c's update reached b, a's write would have too, had it been sent.
    await eventually(() => b.files().marker === 'm');
    expect(b.files()).to.deep.equal({ marker: 'm' });
  });

  it('stops hearing the others once the last user lets go', async () => {
    const a = node('a');
    const b = node('b');
    const onA = await a.mount();
    await b.mount();
    await b.host.release('pv/shared', 'pod-b');
    expect(b.host.has('pv/shared')).to.equal(false);
    let heard = false;
    b.peers.subscribe('shared', () => (heard = true));
    onA.changed('pv/shared', { op: 'write', path: 'x', offset: 0, data: text('1') });
    await eventually(() => heard);
    expect(b.host.has('pv/shared')).to.equal(false);
    expect(b.seen).to.deep.equal([]);
  });
});
