import { expect } from '@esm-bundle/chai';
import { FakeClock } from '../../src/kernel/clock/fake-clock.ts';
import type { Pod } from '../../src/kernel/types/core.ts';
import { ChaosMonkey, type ChaosMonkeyOptions } from '../../src/ui/chaos-monkey.ts';

function pod(name: string, namespace = 'default', extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...extra },
    spec: { containers: [{ name: 'c', image: 'ticker:1.0' }] },
    status: { phase: 'Running' },
  };
}

function setup(options: ChaosMonkeyOptions, pods: Pod[], draws: number[] = [0]) {
  const clock = new FakeClock();
  const killed: string[] = [];
  const listed: (string | undefined)[][] = [];
  let draw = 0;
  const monkey = new ChaosMonkey(
    {
      clock,
      listPods: async (namespace, selector) => {
        listed.push([namespace, selector]);
        return pods.filter((p) => namespace === undefined || p.metadata.namespace === namespace);
      },
      kill: async (p) => {
        killed.push(`${p.metadata.namespace}/${p.metadata.name}`);
        pods.splice(pods.indexOf(p), 1);
      },
      random: () => draws[draw++ % draws.length],
    },
    options,
  );
  return { clock, monkey, killed, listed };
}

describe('ChaosMonkey', () => {
  it('kills one pod per period of cluster time, none before', async () => {
    const s = setup({ podsPerMinute: 4 }, [pod('a'), pod('b'), pod('c')]);
    expect(s.monkey.period).to.equal(15_000);
    s.monkey.start();
    await s.clock.advance(14_999);
    expect(s.killed).to.deep.equal([]);
    await s.clock.advance(1);
    expect(s.killed).to.deep.equal(['default/a']);
    await s.clock.advance(15_000);
    expect(s.killed).to.deep.equal(['default/a', 'default/b']);
    expect(s.monkey.kills).to.equal(2);
  });

  it('picks at random among running pods not being deleted, sparing kube-system', async () => {
    const pods: Pod[] = [
      pod('dns', 'kube-system'),
      pod('going', 'default', { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      { ...pod('pending'), status: { phase: 'Pending' as const } },
      pod('x'),
      pod('y', 'shop'),
    ];
    const s = setup({ podsPerMinute: 60 }, pods, [0.99]);
    expect((await s.monkey.strike())?.metadata.name).to.equal('y');
    expect((await s.monkey.strike())?.metadata.name).to.equal('x');
    expect(await s.monkey.strike(), 'nothing left to kill').to.equal(undefined);
    expect(s.killed).to.deep.equal(['shop/y', 'default/x']);
  });

  it('keeps to its namespace and selector, where kube-system may be named', async () => {
    const s = setup({ podsPerMinute: 1, namespace: 'kube-system', labelSelector: 'app=dns' }, [
      pod('dns', 'kube-system'),
    ]);
    s.monkey.start();
    await s.clock.advance(60_000);
    expect(s.listed).to.deep.equal([['kube-system', 'app=dns']]);
    expect(s.killed).to.deep.equal(['kube-system/dns']);
  });

  it('stops: no more kills', async () => {
    const s = setup({ podsPerMinute: 60 }, [pod('a'), pod('b')]);
    s.monkey.start();
    await s.clock.advance(1000);
    s.monkey.stop();
    await s.clock.advance(10_000);
    expect(s.killed).to.deep.equal(['default/a']);
    expect(s.monkey.running).to.equal(false);
    expect(s.clock.pendingTimers()).to.equal(0);
  });

  for (const podsPerMinute of [0, -1, Number.NaN, Infinity, 6001]) {
    it(`refuses podsPerMinute ${podsPerMinute}`, () => {
      expect(() => setup({ podsPerMinute }, [])).to.throw(RangeError, /podsPerMinute must be/);
    });
  }
});
