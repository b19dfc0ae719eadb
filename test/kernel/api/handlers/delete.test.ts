import { expect } from '@esm-bundle/chai';
import type { Deployment } from '../../../../src/kernel/types/apps.ts';
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
