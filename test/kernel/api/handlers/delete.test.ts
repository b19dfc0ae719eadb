import { expect } from '@esm-bundle/chai';
import type { Deployment } from '../../../../src/kernel/types/apps.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

const path = '/apis/apps/v1/namespaces/default/deployments';

describe('delete of an object held by a finalizer', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await startTestApi();
  });

  it('keeps its deletionTimestamp and resourceVersion when deleted again', async () => {
    const created = await t.server.handle({
      verb: 'POST',
      path,
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', finalizers: ['example.com/hold'] },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
          },
        },
      },
    });
    expect(created.status).to.equal(201);
    const first = await t.server.handle({ verb: 'DELETE', path: `${path}/web` });
    expect(first.status).to.equal(200);
    const marked = first.body as Deployment;
    expect(marked.metadata.deletionTimestamp).to.be.a('string');

    await t.clock.advance(5_000);
    const second = await t.server.handle({ verb: 'DELETE', path: `${path}/web` });
    expect(second.status).to.equal(200);
    const again = second.body as Deployment;
    expect(again.metadata.deletionTimestamp).to.equal(marked.metadata.deletionTimestamp);
    expect(again.metadata.resourceVersion).to.equal(marked.metadata.resourceVersion);
  });
});

describe('delete of a pod during its grace period', () => {
  const pods = '/api/v1/namespaces/default/pods';
  let t: TestApi;
  beforeEach(async () => {
    t = await startTestApi();
    await t.server.handle({
      verb: 'POST',
      path: pods,
      body: { metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    await t.client.bind('default', 'web', 'node-1');
  });

  async function del(body?: unknown) {
    const res = await t.server.handle({ verb: 'DELETE', path: `${pods}/web`, body });
    return res.body as Pod;
  }

  it('leaves the pending deletion alone when deleted again without a grace period', async () => {
    const first = await del();
    expect(first.metadata.deletionGracePeriodSeconds).to.equal(30);
    await t.clock.advance(10_000);
    const second = await del();
    expect(second.metadata.deletionTimestamp).to.equal(first.metadata.deletionTimestamp);
    expect(second.metadata.deletionGracePeriodSeconds).to.equal(30);
  });

  it('ignores a longer grace period and moves the deadline for a shorter one', async () => {
    const first = await del();
    const started = Date.parse(first.metadata.deletionTimestamp!) - 30_000;
    await t.clock.advance(10_000);
    const longer = await del({ gracePeriodSeconds: 60 });
    expect(longer.metadata.deletionTimestamp).to.equal(first.metadata.deletionTimestamp);
    const shorter = await del({ gracePeriodSeconds: 20 });
    expect(shorter.metadata.deletionGracePeriodSeconds).to.equal(20);
    expect(Date.parse(shorter.metadata.deletionTimestamp!)).to.equal(started + 20_000);
  });

  it('removes the pod when forced with a zero grace period', async () => {
    await del();
    await del({ gracePeriodSeconds: 0 });
    const get = await t.server.handle({ verb: 'GET', path: `${pods}/web` });
    expect(get.status).to.equal(404);
  });
});
