import { expect } from '@esm-bundle/chai';
import { events, leases, nodes } from '../../../src/kernel/api/resources.ts';
import { createApiServer } from '../../../src/kernel/api/server.ts';
import {
  rfc3339,
  rfc3339Micro,
  type Clock,
  type TimerHandle,
} from '../../../src/kernel/clock/clock.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { pacedTimer } from '../../../src/kernel/clock/paced-timer.ts';
import {
  kubernetesDefaults,
  tutorialTiming,
  type Timing,
} from '../../../src/kernel/clock/presets.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import { NodeLifecycleController } from '../../../src/kernel/controllers/node-lifecycle.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Event, Node } from '../../../src/kernel/types/core.ts';

/**
 * A FakeClock that can also jump ahead without firing the timers on the way, as a worker's
 * clock reads after the worker was descheduled: its timers then fire late.
 */
class StallingClock implements Clock {
  readonly inner = new FakeClock();
  private offset = 0;

  now(): number {
    return this.inner.now() + this.offset;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    return this.inner.setTimer(ms, fn);
  }

  stall(ms: number): void {
    this.offset += ms;
  }
}

/**
 * Cluster time running at `speed` times a real-time clock (paused time left out, as
 * ScaledClock.realTime), both moved by hand.
 */
class SpedUpTime {
  readonly cluster = new StallingClock();
  readonly real = new StallingClock();

  constructor(private readonly speed: number) {}

  /** Real time passes in steps of `step` ms, cluster time `speed` times as fast. */
  async pass(realMs: number, step = 10): Promise<void> {
    for (let done = 0; done < realMs; done += step) {
      const ms = Math.min(step, realMs - done);
      await this.real.inner.advance(ms);
      await this.cluster.inner.advance(ms * this.speed);
    }
  }

  /** The whole page stalls for `realMs`: both clocks jump, and every timer due meanwhile is late. */
  stall(realMs: number): void {
    this.real.stall(realMs);
    this.cluster.stall(realMs * this.speed);
  }
}

/** A kubelet's heartbeat as the page's kubelet keeps it: its Lease renewed at a real-time pace. */
class Heartbeat {
  private timer?: TimerHandle;

  constructor(
    readonly name: string,
    private readonly client: Client,
    private readonly time: SpedUpTime,
    private readonly timing: Timing,
  ) {}

  async register(): Promise<void> {
    const now = this.time.cluster.now();
    await this.client.create(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: this.name },
      spec: {},
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: rfc3339(now),
            lastTransitionTime: rfc3339(now),
          },
        ],
      },
    });
    await this.client.create(leases, 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: this.name, renewTime: rfc3339Micro(now) },
    });
    this.schedule();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  async resume(): Promise<void> {
    await this.renew();
    this.schedule();
  }

  private renew(): Promise<unknown> {
    return this.client.patch(leases, 'kube-node-lease', this.name, {
      spec: { renewTime: rfc3339Micro(this.time.cluster.now()) },
    });
  }

  private schedule(): void {
    const { leaseRenewInterval, minHeartbeatRealInterval } = this.timing;
    this.timer = pacedTimer(
      this.time.cluster,
      leaseRenewInterval,
      this.time.real,
      minHeartbeatRealInterval,
      () => {
        void this.renew().catch(() => {});
        this.schedule();
      },
    );
  }
}

describe('node lifecycle controller with real time', () => {
  let manager: ControllerManager;
  let client: Client;
  let time: SpedUpTime;
  const heartbeats: Heartbeat[] = [];

  afterEach(() => {
    for (const h of heartbeats.splice(0)) h.stop();
    manager.stop();
  });

  async function start(timing: Timing, speed: number, names: string[]): Promise<Heartbeat[]> {
    time = new SpedUpTime(speed);
    const store = await openStore(new MemoryBackend());
    const server = await createApiServer({
      store,
      clock: time.cluster,
      declaredSecond: timing.declaredSecond,
    });
    client = new Client(server);
    for (const name of names) {
      const heartbeat = new Heartbeat(name, client, time, timing);
      await heartbeat.register();
      heartbeats.push(heartbeat);
    }
    manager = new ControllerManager({ client, clock: time.cluster, realTime: time.real, timing });
    manager.add(new NodeLifecycleController());
    await manager.start();
    // Past the startup: every node seen and heartbeating.
    await time.pass(300);
    return [...heartbeats];
  }

  const ready = async (name: string) =>
    (await client.get<Node>(nodes, undefined, name)).status?.conditions?.find(
      (c) => c.type === 'Ready',
    )?.status;

  /** Nodes the controller ever declared NotReady, by their NodeNotReady events. */
  async function declaredNotReady(): Promise<string[]> {
    const list = await client.list<Event>(events);
    return list.items
      .filter((e) => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Node')
      .map((e) => e.involvedObject.name ?? '');
  }

  /** Real milliseconds from now until `name` is Ready=Unknown (checked every `step`). */
  async function realTimeUntilUnknown(name: string, limit: number, step = 10): Promise<number> {
    const from = time.real.now();
    while (time.real.now() - from <= limit) {
      if ((await ready(name)) === 'Unknown') return time.real.now() - from;
      await time.pass(step, step);
    }
    throw new Error(`${name} still not Unknown after ${limit} ms of real time`);
  }

  it('at 60× under the tutorial preset, waits for a second of real silence, not 400 ms of cluster time', async () => {
    const [alive, dead] = await start(tutorialTiming, 60, ['alive', 'dead']);
    // The heartbeats are 100 ms of real time apart: 6 s of cluster time, far past the 400 ms
    // grace, and still the node that keeps them is healthy.
    dead!.stop();
    await time.pass(900);
    expect(await ready('dead'), 'after 0.9 s of real time (54 s of cluster time)').to.equal('True');
    const more = await realTimeUntilUnknown('dead', 1000);
    // A second of real silence from the last renewal, give or take a heartbeat and a pass.
    expect(900 + more).to.be.within(1000, 1200);
    expect(await ready(alive!.name)).to.equal('True');
    expect(await declaredNotReady()).to.deep.equal(['dead']);
  });

  // Tutorial at 1× (0.4 s, as ever), 10× (a second of real time), and Kubernetes' timings at
  // 60×, whose 50 s grace (833 ms) is above their real-time floor: their timeline is upstream's.
  const cases: [string, Timing, number, number, number][] = [
    ['the tutorial preset at 1×', tutorialTiming, 1, 400, 600],
    ['the tutorial preset at 10×', tutorialTiming, 10, 1000, 1200],
    ["Kubernetes' timings at 60×", kubernetesDefaults, 60, 50_000 / 60, 50_000 / 60 + 250],
  ];
  for (const [name, timing, speed, earliest, latest] of cases) {
    it(`with ${name}, marks a silent node Unknown after ${Math.round(earliest)} ms of real time`, async () => {
      const [alive, dead] = await start(timing, speed, ['alive', 'dead']);
      dead!.stop();
      const stoppedAt = time.real.now();
      const elapsed = await realTimeUntilUnknown('dead', latest + 500);
      // The last renewal came up to one heartbeat period before the stop.
      const period = Math.max(timing.leaseRenewInterval / speed, timing.minHeartbeatRealInterval);
      expect(elapsed + period, 'not before the grace').to.be.at.least(earliest);
      expect(elapsed, 'soon after it').to.be.at.most(latest);
      expect(time.real.now() - stoppedAt).to.equal(elapsed);
      expect(await ready(alive!.name)).to.equal('True');
    });
  }

  it('does not blame a node for a stall of its own worker, and still notices one that stays silent', async () => {
    const [alive, quiet] = await start(tutorialTiming, 1, ['alive', 'quiet']);
    // The whole page stalls for a second: no pass runs, no heartbeat is sent. When it resumes,
    // the first pass comes before any heartbeat: by cluster time alone, both nodes were
    // silent for longer than the 400 ms grace.
    alive!.stop();
    quiet!.stop();
    time.stall(1000);
    await time.pass(20);
    expect(await ready('alive')).to.equal('True');
    expect(await ready('quiet')).to.equal('True');
    await alive!.resume();
    await time.pass(1000);
    expect(await ready('alive'), 'heartbeating again').to.equal('True');
    expect(await ready('quiet'), 'silent on after the stall').to.equal('Unknown');
    expect(await declaredNotReady()).to.deep.equal(['quiet']);
  });
});
