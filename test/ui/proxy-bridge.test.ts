import { expect } from '@esm-bundle/chai';
import type { ApiRequest } from '../../src/kernel/api/types.ts';
import { answerProxyRequests, toHttp } from '../../src/ui/proxy-bridge.ts';
import { isApiServerPath } from '../../src/workers/net/page-proxy-protocol.ts';

function ask(target: EventTarget, data: unknown): Promise<unknown> {
  const channel = new MessageChannel();
  const reply = new Promise((resolve) => (channel.port1.onmessage = (e) => resolve(e.data)));
  target.dispatchEvent(new MessageEvent('message', { data, ports: [channel.port2] }));
  return reply;
}

describe('the service-worker bridge', () => {
  it('says it runs a cluster, and answers API paths with the cluster', async () => {
    const target = new EventTarget();
    const seen: ApiRequest[] = [];
    answerProxyRequests(
      {
        request: async (request) => {
          seen.push(request);
          return { status: 200, body: { kind: 'PodList', items: [] } };
        },
      },
      target,
    );
    expect(await ask(target, { type: 'kube-proxy-hello' })).to.deep.equal({ running: true });
    const reply = await ask(target, {
      type: 'kube-proxy-request',
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      headers: {},
    });
    expect(seen[0]).to.include({ verb: 'GET', path: '/api/v1/namespaces/default/pods' });
    expect(reply).to.deep.equal({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{\n  "kind": "PodList",\n  "items": []\n}\n',
    });
  });

  it("passes a proxied reply's text and headers through, without framing headers", () => {
    expect(
      toHttp({
        status: 404,
        body: 'nope',
        headers: { 'content-type': 'text/html', 'content-length': '4', connection: 'close' },
      }),
    ).to.deep.equal({ status: 404, headers: { 'content-type': 'text/html' }, body: 'nope' });
  });

  it('routes only the API server paths to the page', () => {
    expect(
      ['/api', '/api/v1/pods', '/apis/apps/v1', '/version', '/localhost:8080/x'].every(
        isApiServerPath,
      ),
    ).to.equal(true);
    expect(['/', '/index.html', '/apidocs', '/images/index.json'].some(isApiServerPath)).to.equal(
      false,
    );
  });
});
