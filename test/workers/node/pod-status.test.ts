import { expect } from '@esm-bundle/chai';
import {
  newContainerRecord,
  type ContainerRecord,
} from '../../../src/workers/node/container-record.ts';
import { generatePodStatus } from '../../../src/workers/node/pod-status.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';

const now = Date.parse('2026-01-01T00:00:00Z');

function pod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', generation: 1 },
    spec: {
      initContainers: [{ name: 'proxy', image: 'x', restartPolicy: 'Always' }],
      containers: [{ name: 'app', image: 'x' }],
    },
  };
}

/** A record whose instance runs, with probes reporting `started` and `ready`. */
function running(name: string, init: boolean, started: boolean, ready: boolean): ContainerRecord {
  const record = newContainerRecord(name, 'x', init, init);
  record.instance = {
    containerID: `wasi://${name}`,
    startedAt: now,
    running: undefined,
    probes: { started, ready, stop() {} },
  };
  return record;
}

function statusOf(sidecar: ContainerRecord, app: ContainerRecord) {
  const status = generatePodStatus({
    pod: pod(),
    initRecords: [sidecar],
    records: [app],
    hostIP: '192.168.49.2',
    sandboxReady: true,
    terminal: false,
    now,
  });
  const conditions = Object.fromEntries(
    (status.conditions ?? []).map((c) => [c.type, [c.status, c.message]]),
  );
  const proxy = status.initContainerStatuses![0];
  return { phase: status.phase, conditions, proxy: [proxy.started, proxy.ready] };
}

describe('generatePodStatus: sidecar probes', () => {
  it('keeps the pod initializing until the sidecar startup probe passed', () => {
    const app = newContainerRecord('app', 'x', false);
    const s = statusOf(running('proxy', true, false, false), app);
    expect(s.phase).to.equal('Pending');
    expect(s.proxy).to.deep.equal([false, false]);
    expect(s.conditions.Initialized).to.deep.equal([
      'False',
      'containers with incomplete status: [proxy]',
    ]);
  });

  it('counts the readiness of a started sidecar toward ContainersReady and Ready', () => {
    const s = statusOf(running('proxy', true, true, false), running('app', false, true, true));
    expect(s.phase).to.equal('Running');
    expect(s.proxy).to.deep.equal([true, false]);
    expect(s.conditions.Initialized).to.deep.equal(['True', undefined]);
    expect(s.conditions.ContainersReady).to.deep.equal([
      'False',
      'containers with unready status: [proxy]',
    ]);
    expect(s.conditions.Ready[0]).to.equal('False');

    const ready = statusOf(running('proxy', true, true, true), running('app', false, true, true));
    expect(ready.conditions.Ready).to.deep.equal(['True', undefined]);
  });
});
