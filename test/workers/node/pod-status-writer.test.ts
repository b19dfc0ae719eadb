import { expect } from '@esm-bundle/chai';
import { internalError } from '../../../src/kernel/api/errors.ts';
import { pods } from '../../../src/kernel/api/resources.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import type { Pod, PodStatus } from '../../../src/kernel/types/core.ts';
import { PodStatusWriter } from '../../../src/workers/node/pod-status-writer.ts';
import { eventually, startTestApi } from '../../helpers/api.ts';

describe('PodStatusWriter', () => {
  it('tries a write that failed for another reason than a conflict again later', async () => {
    const t = await startTestApi();
    const created = await t.client.create<Pod>(pods, 'default', {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    // A client whose first status write fails as a server error would.
    let failures = 1;
    const flaky = new Client({
      handle: async (request) => {
        if (failures > 0 && request.path.endsWith('/status')) {
          failures--;
          const status = internalError('etcdserver: request timed out').status;
          return { status: status.code, body: status };
        }
        return t.server.handle(request);
      },
      watch: (request, onEvent) => t.server.watch(request, onEvent),
    });
    const quiet = console.error;
    console.error = () => {};
    try {
      const writer = new PodStatusWriter(
        flaky,
        () => created,
        (pod) => ({ ...(pod.status as PodStatus), phase: 'Running' }),
        () => {},
        (retry) => t.clock.setTimer(1_000, retry),
      );
      writer.request();
      await writer.idle();
      expect((await t.client.get<Pod>(pods, 'default', 'web')).status?.phase).to.equal('Pending');
      await t.clock.advance(1_000);
      await eventually(
        async () => (await t.client.get<Pod>(pods, 'default', 'web')).status?.phase === 'Running',
      );
    } finally {
      console.error = quiet;
    }
  });
});
