import { expect } from '@esm-bundle/chai';
import { leases, nodes } from '../../../src/kernel/api/resources.ts';
import { rfc3339, rfc3339Micro } from '../../../src/kernel/clock/clock.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import type { Lease } from '../../../src/kernel/types/coordination.ts';
import type { Node } from '../../../src/kernel/types/core.ts';
import { eventually } from '../../helpers/api.ts';
import { nodeName, startKubelet } from './kubelet-fixture.ts';

describe('kubelet heartbeats faster than real time', () => {
  it('renews its Lease and posts node status no more often than minHeartbeatRealInterval of real time', async () => {
    // Real time (ScaledClock.realTime) moved by hand: cluster time runs far ahead of it.
    const realTime = new FakeClock();
    const f = await startKubelet({ timing: tutorialTiming, realTime });
    const start = f.clock.now();
    const renewTime = async () =>
      (await f.client.get<Lease>(leases, 'kube-node-lease', nodeName)).spec?.renewTime;
    const heartbeat = async () =>
      (await f.client.get<Node>(nodes, undefined, nodeName)).status?.conditions?.find(
        (c) => c.type === 'Ready',
      )?.lastHeartbeatTime;
    expect(await renewTime()).to.equal(rfc3339Micro(start));

    // Ten renew intervals and two status periods of cluster time, no real time: nothing.
    await f.clock.advance(2_000);
    expect(await renewTime()).to.equal(rfc3339Micro(start));
    expect(await heartbeat()).to.equal(rfc3339(start));

    // 100 ms of real time later both are due at once, and renew at the cluster time it is.
    await realTime.advance(tutorialTiming.minHeartbeatRealInterval);
    await eventually(async () => (await renewTime()) === rfc3339Micro(start + 2_000));
    await eventually(async () => (await heartbeat()) === rfc3339(start + 2_000));

    // At real time or slower, cluster time decides as before.
    await realTime.advance(1_000);
    await f.clock.advance(tutorialTiming.leaseRenewInterval);
    await eventually(async () => (await renewTime()) === rfc3339Micro(start + 2_100));
    f.kubelet.stop();
  });
});
