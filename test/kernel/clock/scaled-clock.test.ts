import { expect } from '@esm-bundle/chai';
import { ScaledClock } from '../../../src/kernel/clock/scaled-clock.ts';

describe('ScaledClock.realTime', () => {
  it('runs at real speed whenever cluster time runs, and stops while it is paused', () => {
    let wall = 1_000_000;
    const clock = new ScaledClock(1, () => wall);
    const real = clock.realTime;
    const startCluster = clock.now();
    const startReal = real.now();
    const readings: [number, number][] = [];
    const step = (ms: number) => {
      wall += ms;
      readings.push([clock.now() - startCluster, real.now() - startReal]);
    };
    step(100);
    clock.setSpeed(60);
    step(100);
    clock.setSpeed(0);
    step(5_000);
    clock.follow({ ...clock.anchor(), real: wall, speed: 10 });
    step(100);
    expect(readings).to.deep.equal([
      [100, 100],
      [6_100, 200],
      [6_100, 200],
      [7_100, 300],
    ]);
  });
});
