import { expect } from '@esm-bundle/chai';
import type { ApiHandler, ApiRequest } from '../../src/kernel/api/types.ts';
import { serveApiOverHttp } from '../../src/ui/kubectl-proxy-server.ts';

const decode = (body: Uint8Array) => new TextDecoder().decode(body);

/** An API that answers every request with the request it saw, and proxied text for /proxy/. */
function echoApi(seen: ApiRequest[]): ApiHandler {
  return {
    async handle(request) {
      seen.push(request);
      if (request.path.includes('/proxy/'))
        return {
          status: 200,
          body: 'Hello from the pod\n',
          headers: { 'content-type': 'text/plain', 'content-length': '19' },
        };
      if (request.path === '/api/v1/namespaces/default/pods/missing')
        return {
          status: 404,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'pods "missing" not found',
            reason: 'NotFound',
            code: 404,
          },
        };
      return { status: 200, body: { kind: 'PodList', items: [] } };
    },
    watch: async () => ({ status: 405, body: {} }),
  };
}

const open = { apiPrefix: '/', accept: () => true };

describe("kubectl proxy's HTTP server", () => {
  it('answers curl with indented JSON and kubectl with compact JSON, as the apiserver does', async () => {
    const seen: ApiRequest[] = [];
    const api = echoApi(seen);
    const curl = await serveApiOverHttp(
      api,
      { path: '/api/v1/pods', host: 'localhost:8001', headers: { 'User-Agent': 'curl/8.5.0' } },
      open,
    );
    expect(curl.status).to.equal(200);
    expect(curl.headers['content-type']).to.equal('application/json');
    expect(decode(curl.body)).to.equal('{\n  "kind": "PodList",\n  "items": []\n}\n');
    const client = await serveApiOverHttp(
      api,
      {
        path: '/api/v1/pods',
        host: 'localhost:8001',
        headers: { 'User-Agent': 'kubectl/v1.34.0' },
      },
      open,
    );
    expect(decode(client.body)).to.equal('{"kind":"PodList","items":[]}\n');
    const pretty = await serveApiOverHttp(
      api,
      { path: '/api/v1/pods?pretty=true', host: 'localhost' },
      open,
    );
    expect(decode(pretty.body)).to.contain('\n  "kind"');
    expect(seen[2].path).to.equal('/api/v1/pods?pretty=true');
  });

  it('passes errors as Status objects and proxied replies as they came', async () => {
    const api = echoApi([]);
    const missing = await serveApiOverHttp(
      api,
      { path: '/api/v1/namespaces/default/pods/missing', host: 'localhost' },
      open,
    );
    expect([missing.status, missing.statusText]).to.deep.equal([404, 'Not Found']);
    expect(JSON.parse(decode(missing.body))).to.include({ reason: 'NotFound' });
    const proxied = await serveApiOverHttp(
      api,
      { path: '/api/v1/namespaces/default/pods/web:8080/proxy/', host: 'localhost' },
      open,
    );
    expect(decode(proxied.body)).to.equal('Hello from the pod\n');
    expect(proxied.headers).to.deep.equal({ 'content-type': 'text/plain' });
  });

  it("refuses what kubectl's filter refuses, and serves under the API prefix", async () => {
    const seen: ApiRequest[] = [];
    const api = echoApi(seen);
    const refused = await serveApiOverHttp(
      api,
      { method: 'POST', path: '/api/v1/namespaces/default/pods/web/exec', host: 'localhost' },
      { apiPrefix: '/', accept: (_m, path) => !path.endsWith('/exec') },
    );
    expect([refused.status, decode(refused.body)]).to.deep.equal([403, 'Forbidden\n']);
    const prefixed = { apiPrefix: '/k8s-api/', accept: () => true };
    const outside = await serveApiOverHttp(
      api,
      { path: '/api/v1/pods', host: 'localhost' },
      prefixed,
    );
    expect([outside.status, decode(outside.body)]).to.deep.equal([404, '404 page not found\n']);
    await serveApiOverHttp(
      api,
      {
        method: 'DELETE',
        path: '/k8s-api/api/v1/namespaces/default/pods/x',
        host: 'localhost',
        body: '{"gracePeriodSeconds":0}',
        headers: { 'Content-Type': 'application/json' },
      },
      prefixed,
    );
    expect(seen[seen.length - 1]).to.include({
      verb: 'DELETE',
      path: '/api/v1/namespaces/default/pods/x',
      body: '{"gracePeriodSeconds":0}',
      contentType: 'application/json',
    });
  });
});
