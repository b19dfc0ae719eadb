import { expect } from '@esm-bundle/chai';
import {
  BroadcastVolumePeers,
  volumeChannelName,
  type VolumeUpdate,
} from '../../../../src/workers/node/volumes/volume-peers.ts';
import { eventually } from '../../../helpers/api.ts';

const update = (key: string, path: string): VolumeUpdate => ({
  key,
  paths: [{ path, stamp: { time: 1, node: 'a' } }],
});

describe('BroadcastVolumePeers', () => {
  const opened: BroadcastVolumePeers[] = [];
  const peers = (channel: string) => {
    const p = new BroadcastVolumePeers(channel);
    opened.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of opened.splice(0)) p.close();
  });

  it('delivers an update to the other nodes subscribed to its key, in order, not to itself', async () => {
    const channel = volumeChannelName(`test-${crypto.randomUUID()}`);
    const a = peers(channel);
    const b = peers(channel);
    const heardA: string[] = [];
    const heardB: string[] = [];
    const heardOther: string[] = [];
    a.subscribe('pv-1', (u) => heardA.push(u.paths[0].path));
    b.subscribe('pv-1', (u) => heardB.push(u.paths[0].path));
    b.subscribe('pv-2', (u) => heardOther.push(u.paths[0].path));
    a.publish(update('pv-1', 'x'));
    a.publish(update('pv-1', 'y'));
    await eventually(() => heardB.length === 2);
    expect(heardB).to.deep.equal(['x', 'y']);
    expect(heardA).to.deep.equal([]);
    expect(heardOther).to.deep.equal([]);
  });

  it('keeps two clusters apart: channels are named after the volume database', async () => {
    const one = volumeChannelName(`one-${crypto.randomUUID()}-volumes`);
    const two = volumeChannelName(`two-${crypto.randomUUID()}-volumes`);
    expect(one).to.not.equal(two);
    const sender = peers(one);
    const sameCluster = peers(one);
    const otherCluster = peers(two);
    const heard: string[] = [];
    const leaked: string[] = [];
    sameCluster.subscribe('pv-1', (u) => heard.push(u.key));
    otherCluster.subscribe('pv-1', (u) => leaked.push(u.key));
    sender.publish(update('pv-1', 'x'));
    await eventually(() => heard.length === 1);
    // The same channel's delivery came; the other channel had as long and got nothing.
    expect(leaked).to.deep.equal([]);
  });

  it('stops delivering once unsubscribed', async () => {
    const channel = volumeChannelName(`test-${crypto.randomUUID()}`);
    const a = peers(channel);
    const b = peers(channel);
    const heard: string[] = [];
    const marker: string[] = [];
    const stop = b.subscribe('pv-1', (u) => heard.push(u.paths[0].path));
    b.subscribe('pv-2', (u) => marker.push(u.paths[0].path));
    stop();
    a.publish(update('pv-1', 'x'));
    a.publish(update('pv-2', 'after'));
    await eventually(() => marker.length === 1);
    expect(heard).to.deep.equal([]);
  });
});
