import { expect } from '@esm-bundle/chai';
import { events } from '../../../src/kernel/api/resources.ts';
import { EventRecorder } from '../../../src/kernel/client/event-recorder.ts';
import type { Event } from '../../../src/kernel/types/core.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

describe('EventRecorder', () => {
  let t: TestApi;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'uid-1' },
  };
  beforeEach(async () => {
    t = await startTestApi();
  });

  async function all(): Promise<Event[]> {
    return (await t.client.list<Event>(events, 'default')).items;
  }

  it('records an Event in Kubernetes shape', async () => {
    const recorder = new EventRecorder(t.client, t.clock, 'default-scheduler');
    await recorder.record(
      pod,
      'Normal',
      'Scheduled',
      'Successfully assigned default/web-1 to node-a',
    );
    const [event] = await all();
    expect(event.metadata.name).to.match(/^web-1\.[0-9a-f]+$/);
    expect(event.involvedObject).to.include({
      kind: 'Pod',
      name: 'web-1',
      namespace: 'default',
      uid: 'uid-1',
    });
    expect(event).to.include({ reason: 'Scheduled', type: 'Normal', count: 1 });
    expect(event.source).to.deep.equal({ component: 'default-scheduler' });
  });

  it('counts repeats of one series in one Event, even when recorded at the same time', async () => {
    const recorder = new EventRecorder(t.client, t.clock, 'kubelet', 'node-a');
    await Promise.all([1, 2, 3].map(() => recorder.record(pod, 'Warning', 'BackOff', 'Back-off')));
    await t.clock.advance(5_000);
    await recorder.record(pod, 'Warning', 'BackOff', 'Back-off');
    const list = await all();
    expect(list).to.have.length(1);
    expect(list[0].count).to.equal(4);
    expect(Date.parse(list[0].lastTimestamp!) - Date.parse(list[0].firstTimestamp!)).to.equal(
      5_000,
    );
  });

  it('keeps different messages apart', async () => {
    const recorder = new EventRecorder(t.client, t.clock, 'kubelet');
    await recorder.record(pod, 'Normal', 'Pulled', 'a');
    await recorder.record(pod, 'Normal', 'Pulled', 'b');
    expect(await all()).to.have.length(2);
  });
});

describe('EventRecorder options', () => {
  it('records the part of the object (fieldPath) and the action', async () => {
    const t = await startTestApi();
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', uid: 'u' },
    };
    const recorder = new EventRecorder(t.client, t.clock, 'kubelet', 'node-a');
    await recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "ticker:1.0"', {
      fieldPath: 'spec.containers{app}',
      action: 'Pulling',
    });
    await recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "ticker:1.0"', {
      fieldPath: 'spec.containers{sidecar}',
    });
    const list = (await t.client.list<Event>(events, 'default')).items;
    expect(list.map((e) => e.involvedObject.fieldPath).sort()).to.deep.equal([
      'spec.containers{app}',
      'spec.containers{sidecar}',
    ]);
    expect(
      list.find((e) => e.involvedObject.fieldPath === 'spec.containers{app}')?.action,
    ).to.equal('Pulling');
  });
});
