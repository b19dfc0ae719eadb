import { expect } from '@esm-bundle/chai';
import {
  isLater,
  PathVersions,
  VersionClock,
} from '../../../../src/workers/node/volumes/path-versions.ts';
import type { SharedPath } from '../../../../src/workers/node/volumes/volume-peers.ts';

describe('PathVersions: last writer wins, per path', () => {
  it('orders stamps by time, then by node', () => {
    const cases: [string, boolean][] = [
      ['later time', isLater({ time: 2, node: 'a' }, { time: 1, node: 'b' })],
      ['earlier time', !isLater({ time: 1, node: 'b' }, { time: 2, node: 'a' })],
      ['same time, larger node', isLater({ time: 1, node: 'b' }, { time: 1, node: 'a' })],
      ['the same stamp is not later', !isLater({ time: 1, node: 'a' }, { time: 1, node: 'a' })],
      ['anything is later than none', isLater({ time: 0, node: '' }, undefined)],
    ];
    for (const [what, holds] of cases) expect(holds, what).to.equal(true);
  });

  it('never stamps at or behind what it made or saw, even when the wall clock stands still', () => {
    let wall = 100;
    const clock = new VersionClock('n', () => wall);
    expect(clock.next()).to.deep.equal({ time: 100, node: 'n' });
    expect(clock.next().time).to.equal(101);
    clock.observe({ time: 500, node: 'other' });
    expect(clock.next().time).to.equal(501);
    wall = 1000;
    expect(clock.next().time).to.equal(1000);
  });

  it("takes another node's later versions, keeps its own later ones and pending changes", () => {
    const versions = new PathVersions(new VersionClock('b', () => 50));
    versions.stampLocal(['mine', 'old']);
    const at = (path: string, time: number): SharedPath => ({ path, stamp: { time, node: 'a' } });
    const taken = versions.accept(
      [at('mine', 40), at('old', 60), at('new', 10), at('pending', 99)],
      (path) => path === 'pending',
    );
    expect(taken.map((p) => p.path)).to.deep.equal(['old', 'new']);
    // What was taken is now this node's version: the same update again changes nothing.
    expect(versions.accept([at('old', 60)], () => false)).to.deep.equal([]);
    // A change made after hearing of time 99 is stamped later than it.
    expect(versions.stampLocal(['pending']).time).to.equal(100);
  });
});
