import { expect } from '@esm-bundle/chai';
import {
  events as eventsResource,
  leases,
  nodes,
  pods,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339, rfc3339Micro } from '../../../src/kernel/clock/clock.ts';
import type { Client } from '../../../src/kernel/client/client.ts';
import { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import { createKernel } from '../../../src/kernel/kernel.ts';
import { MemoryBackend } from '../../../src/kernel/store/memory-backend.ts';
import { openStore } from '../../../src/kernel/store/mvcc-store.ts';
import type { Lease } from '../../../src/kernel/types/coordination.ts';
import type { Event, Node, Pod } from '../../../src/kernel/types/core.ts';
import { controlPlaneRole } from '../../../src/workers/node/node-object.ts';
import { eventually } from '../../helpers/api.ts';
import { hostIP, nodeName, podManifest, startKubelet, waitForPod } from './kubelet-fixture.ts';

async function nodeEvents(f: { client: Client }) {
  const list = await f.client.list<Event>(eventsResource, 'default', {
    fieldSelector: `involvedObject.name=${nodeName}`,
  });
  return list.items.map((e) => [e.source?.component, e.reason, e.message]);
}

describe('kubelet: the node', () => {
  it('registers its Node with the status a kubelet posts', async () => {
    const f = await startKubelet({ ...controlPlaneRole });
    const registeredAt = rfc3339(f.clock.now());
    const node = await f.client.get<Node>(nodes, undefined, nodeName);
    expect(node.metadata.labels).to.deep.equal({
      'beta.kubernetes.io/arch': 'wasm32',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'wasm32',
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    });
    expect(node.spec).to.deep.equal({
      podCIDR: '10.244.1.0/24',
      podCIDRs: ['10.244.1.0/24'],
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    const status = node.status!;
    expect(status.capacity).to.deep.equal({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(status.allocatable).to.deep.equal(status.capacity);
    expect(status.conditions).to.deep.equal(
      [
        [
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
      ].map(([type, s, reason, message]) => ({
        type,
        status: s,
        lastHeartbeatTime: registeredAt,
        lastTransitionTime: registeredAt,
        reason,
        message,
      })),
    );
    expect(status.addresses).to.deep.equal([
      { type: 'InternalIP', address: hostIP },
      { type: 'Hostname', address: nodeName },
    ]);
    expect(status.daemonEndpoints).to.deep.equal({ kubeletEndpoint: { Port: 10250 } });
    const info = status.nodeInfo!;
    expect(info).to.deep.include({
      kubeletVersion: 'v1.34.0',
      containerRuntimeVersion: 'wasi://0.4.2',
      operatingSystem: 'linux',
      architecture: 'wasm32',
    });
    expect(info.machineID).to.match(/^[0-9a-f]{32}$/);
    expect(info.bootID).to.match(/^[0-9a-f-]{36}$/);

    await eventually(async () => (await nodeEvents(f)).length >= 6);
    const events = await nodeEvents(f);
    for (const [reason, message] of [
      ['Starting', 'Starting kubelet.'],
      ['NodeHasSufficientMemory', `Node ${nodeName} status is now: NodeHasSufficientMemory`],
      ['NodeHasNoDiskPressure', `Node ${nodeName} status is now: NodeHasNoDiskPressure`],
      ['NodeHasSufficientPID', `Node ${nodeName} status is now: NodeHasSufficientPID`],
      ['NodeReady', `Node ${nodeName} status is now: NodeReady`],
      ['NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods'],
    ]) {
      expect(events).to.deep.include(['kubelet', reason, message]);
    }
    f.kubelet.stop();
  });

  it('renews its Lease every leaseRenewInterval and posts a heartbeat every nodeStatusUpdateFrequency', async () => {
    const f = await startKubelet();
    const start = f.clock.now();
    const node = await f.client.get<Node>(nodes, undefined, nodeName);
    const lease = await f.client.get<Lease>(leases, 'kube-node-lease', nodeName);
    expect(lease.metadata.ownerReferences).to.deep.equal([
      { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid },
    ]);
    expect(lease.spec).to.deep.equal({
      holderIdentity: nodeName,
      leaseDurationSeconds: 40,
      renewTime: rfc3339Micro(start),
    });

    await f.clock.advance(10_000);
    await eventually(async () => {
      const renewed = await f.client.get<Lease>(leases, 'kube-node-lease', nodeName);
      return renewed.spec?.renewTime === rfc3339Micro(start + 10_000);
    });
    await eventually(async () => {
      const posted = await f.client.get<Node>(nodes, undefined, nodeName);
      const ready = posted.status!.conditions!.find((c) => c.type === 'Ready')!;
      return (
        ready.lastHeartbeatTime === rfc3339(start + 10_000) &&
        ready.lastTransitionTime === rfc3339(start)
      );
    });

    f.kubelet.stop();
    await f.clock.advance(30_000);
    const last = await f.client.get<Lease>(leases, 'kube-node-lease', nodeName);
    expect(last.spec!.renewTime).to.equal(rfc3339Micro(start + 10_000));
  });

  it('takes its Node back after a restart, keeping the labels and taints set meanwhile', async () => {
    const f = await startKubelet();
    const node = await f.client.get<Node>(nodes, undefined, nodeName);
    const labels: Record<string, string> = { ...node.metadata.labels, tier: 'edge' };
    delete labels['kubernetes.io/os'];
    await f.client.update<Node>(nodes, {
      ...node,
      metadata: { ...node.metadata, labels },
      spec: { ...node.spec, taints: [{ key: 'dedicated', value: 'edge', effect: 'NoSchedule' }] },
    });
    // The kubelet goes silent and the node lifecycle controller marks the node Unknown.
    f.kubelet.stop();
    const stale = await f.client.get<Node>(nodes, undefined, nodeName);
    for (const c of stale.status!.conditions!) {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
    }
    await f.client.updateStatus(nodes, stale);

    await f.clock.advance(60_000);
    await f.restart();
    const back = await f.client.get<Node>(nodes, undefined, nodeName);
    expect(back.metadata.uid).to.equal(node.metadata.uid);
    expect(back.metadata.labels).to.deep.include({ tier: 'edge', 'kubernetes.io/os': 'linux' });
    expect(back.spec!.taints).to.deep.equal([
      { key: 'dedicated', value: 'edge', effect: 'NoSchedule' },
    ]);
    const ready = back.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect([ready.status, ready.reason, ready.lastTransitionTime]).to.deep.equal([
      'True',
      'KubeletReady',
      rfc3339(f.clock.now()),
    ]);
    expect(back.status!.nodeInfo!.bootID).to.not.equal(node.status!.nodeInfo!.bootID);
    f.kubelet.stop();
  });

  it('lists the images it pulled in the node status', async () => {
    const f = await startKubelet();
    await f.client.create<Pod>(pods, 'default', {
      ...podManifest('img'),
      spec: { ...podManifest('img').spec, nodeName },
    });
    await waitForPod(f.client, 'img', (p) => p.status?.phase === 'Running');
    await f.clock.advance(10_000);
    await eventually(async () => {
      const node = await f.client.get<Node>(nodes, undefined, nodeName);
      const images = node.status!.images ?? [];
      return (
        images.length === 1 &&
        images[0].names.includes('ticker:1.0') &&
        images[0].sizeBytes === 4096
      );
    });
    f.kubelet.stop();
  });

  it('runs what the scheduler places on it and keeps the node healthy for the control plane', async () => {
    const clock = new FakeClock();
    const store = await openStore(new MemoryBackend());
    const kernel = await createKernel({ store, clock, timing: tutorialTiming });
    const f = await startKubelet({ client: kernel.client, clock, timing: tutorialTiming });
    try {
      await kernel.client.create<Pod>(pods, 'default', podManifest('placed'));
      let pod: Pod | undefined;
      for (let i = 0; i < 100 && pod?.status?.phase !== 'Running'; i++) {
        await clock.advance(10);
        pod = await kernel.client.get<Pod>(pods, 'default', 'placed');
      }
      expect(pod!.spec.nodeName).to.equal(nodeName);
      expect(pod!.status!.phase).to.equal('Running');

      // Many grace periods later the node is still Ready and the pod still Ready.
      for (let i = 0; i < 30; i++) await clock.advance(100);
      const node = await kernel.client.get<Node>(nodes, undefined, nodeName);
      expect(node.status!.conditions!.find((c) => c.type === 'Ready')!.status).to.equal('True');
      expect((node.spec?.taints ?? []).map((t) => t.key)).to.not.include(
        'node.kubernetes.io/unreachable',
      );
      pod = await kernel.client.get<Pod>(pods, 'default', 'placed');
      expect(pod.status!.conditions!.find((c) => c.type === 'Ready')!.status).to.equal('True');

      // A silent kubelet is noticed as Kubernetes notices it.
      f.kubelet.stop();
      f.runtime.killAll();
      await eventually(async () => {
        await clock.advance(100);
        const silent = await kernel.client.get<Node>(nodes, undefined, nodeName);
        const ready = silent.status!.conditions!.find((c) => c.type === 'Ready')!;
        return ready.status === 'Unknown' && ready.reason === 'NodeStatusUnknown';
      }, 100);
    } finally {
      f.kubelet.stop();
      kernel.stop();
    }
  });
});
