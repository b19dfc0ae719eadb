import { expect } from '@esm-bundle/chai';
import { namespaces } from '../../../src/kernel/api/resources.ts';
import type { ApiHandler } from '../../../src/kernel/api/types.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { Collector } from '../../../src/kernel/kubectl/context.ts';
import { watchUntil } from '../../../src/kernel/kubectl/watch-until.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startTestApi } from '../../helpers/api.ts';

describe('watchUntil', () => {
  it('lists and watches again when the server ends its watch, and sees what changed', async () => {
    const t = await startTestApi();
    await t.client.create(namespaces, undefined, { metadata: { name: 'team' } });
    let watches = 0;
    const endsFirstWatch: ApiHandler = {
      handle: (request) => t.server.handle(request),
      async watch(request, onEvent) {
        const result = await t.server.watch(request, onEvent);
        // The first watch is ended by the server at once, as a timeout or compaction would.
        if ('stop' in result && watches++ === 0) result.stop();
        return result;
      },
    };
    const ctx = {
      client: new Client(endsFirstWatch),
      clock: t.clock,
      config: { namespace: 'default' },
      stdout: new Collector(),
      stderr: new Collector(),
    };
    const waiting = watchUntil<KubeObject>(ctx, {
      info: namespaces,
      namespace: undefined,
      name: 'team',
      timeoutMs: 0,
      condition: (_, ns) => ns.metadata.labels?.ready === 'yes',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.client.patch(namespaces, undefined, 'team', { metadata: { labels: { ready: 'yes' } } });
    const outcome = await waiting;
    expect(outcome.kind).to.equal('done');
    expect(watches).to.be.at.least(2);
  });
});
