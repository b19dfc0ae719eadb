import { expect } from '@esm-bundle/chai';
import * as Comlink from 'comlink';
import { namespaces } from '../../src/kernel/api/resources.ts';
import type { Status } from '../../src/kernel/api/errors.ts';
import type { WatchSubscription } from '../../src/kernel/api/types.ts';
import { Client } from '../../src/kernel/client/client.ts';
import type { WatchEvent } from '../../src/kernel/types/meta.ts';
import { serveApi, type ApiEndpoint } from '../../src/workers/api-endpoint.ts';
import { RemoteApi } from '../../src/workers/remote-api.ts';
import { eventually, startTestApi, type TestApi } from '../helpers/api.ts';

/** The test API server served over a MessageChannel, and a RemoteApi on its other end. */
async function remoteFixture(): Promise<{ t: TestApi; remote: RemoteApi; close(): void }> {
  const t = await startTestApi();
  const channel = new MessageChannel();
  Comlink.expose(
    serveApi(() => t.server),
    channel.port1,
  );
  const wrapped = Comlink.wrap<ApiEndpoint>(channel.port2);
  return {
    t,
    remote: new RemoteApi(wrapped),
    close: () => {
      wrapped[Comlink.releaseProxy]();
      channel.port1.close();
    },
  };
}

async function openWatch(
  remote: RemoteApi,
  query: Record<string, string | boolean>,
  events: WatchEvent[],
): Promise<WatchSubscription> {
  const result = await remote.watch(
    { verb: 'GET', path: '/api/v1/namespaces', query: { watch: true, ...query } },
    (event) => events.push(event),
  );
  if (!('stop' in result)) throw new Error(`watch refused: ${JSON.stringify(result.body)}`);
  return result;
}

describe('RemoteApi over serveApi', () => {
  it('requests and watches across a port', async () => {
    const { t, remote, close } = await remoteFixture();
    const client = new Client(remote);
    const rv = (await client.list(namespaces)).metadata.resourceVersion ?? '0';
    const events: WatchEvent[] = [];
    const watch = await openWatch(remote, { resourceVersion: rv }, events);
    await t.client.create(namespaces, undefined, { metadata: { name: 'seen' } });
    await eventually(() => events.length === 1);
    expect(events[0].type).to.equal('ADDED');
    expect(events[0].object.metadata.name).to.equal('seen');
    watch.stop();
    expect(await watch.done).to.equal(undefined);
    close();
  });

  it('ends the remote watch when the server ends it (timeoutSeconds)', async () => {
    const { t, remote, close } = await remoteFixture();
    const events: WatchEvent[] = [];
    const watch = await openWatch(remote, { resourceVersion: '0', timeoutSeconds: '5' }, events);
    let ended: { status: Status | undefined } | undefined;
    void watch.done.then((status) => (ended = { status }));
    await t.clock.advance(5000);
    await eventually(() => ended !== undefined);
    expect(ended).to.deep.equal({ status: undefined });
    close();
  });
});
