import { expect } from '@esm-bundle/chai';
import type { ProxyRequest } from '../../../src/kernel/kubectl/context.ts';
import { kubectl } from '../../../src/kernel/kubectl/kubectl.ts';
import { startKubectl } from '../../helpers/kubectl.ts';

/** A kubectl whose `proxy` hook binds ports from `taken` (refused) and records the request. */
async function withProxy(taken = new Set<number>()) {
  const k = await startKubectl();
  const requests: ProxyRequest[] = [];
  const controller = new AbortController();
  const context = {
    ...k.context,
    signal: controller.signal,
    proxy: async (request: ProxyRequest) => {
      if (taken.has(request.port)) throw new Error('address already in use');
      requests.push(request);
      return { port: request.port === 0 ? 34567 : request.port };
    },
  };
  /** Runs a proxy line until it serves, then stops it as Ctrl-C would. */
  const serve = async (line: string) => {
    const running = kubectl(line, context);
    for (let i = 0; i < 50 && requests.length === 0; i++) await Promise.resolve();
    controller.abort();
    return running;
  };
  return { requests, serve };
}

describe('kubectl proxy', () => {
  it('serves on 127.0.0.1:8001 until Ctrl-C', async () => {
    const { requests, serve } = await withProxy();
    expect(await serve('kubectl proxy')).to.deep.equal({
      stdout: 'Starting to serve on 127.0.0.1:8001\n',
      stderr: '',
      exitCode: 0,
    });
    expect(requests[0].port).to.equal(8001);
    expect(requests[0].apiPrefix).to.equal('/');
  });

  it('prints the port it picked for --port=0, and [::] for --address=0.0.0.0', async () => {
    expect((await (await withProxy()).serve('kubectl proxy --port=0')).stdout).to.equal(
      'Starting to serve on 127.0.0.1:34567\n',
    );
    expect(
      (await (await withProxy()).serve('kubectl proxy -p 8080 --address=0.0.0.0')).stdout,
    ).to.equal('Starting to serve on [::]:8080\n');
  });

  it('fails as kubectl does when the port is taken', async () => {
    const { serve } = await withProxy(new Set([8001]));
    expect(await serve('kubectl proxy')).to.deep.equal({
      stdout: '',
      stderr: 'error: listen tcp 127.0.0.1:8001: bind: address already in use\n',
      exitCode: 1,
    });
  });

  it("filters requests with kubectl's defaults", async () => {
    const { requests, serve } = await withProxy();
    await serve('kubectl proxy');
    const accept = requests[0].accept;
    const cases: [string, string, string, boolean][] = [
      ['GET', '/api/v1/namespaces/default/pods', 'localhost:8001', true],
      ['GET', '/api/v1/namespaces/default/pods/web:8080/proxy/', '127.0.0.1:8001', true],
      ['POST', '/api/v1/namespaces/default/pods/web/exec', 'localhost:8001', false],
      ['GET', '/api/v1/namespaces/default/pods/web/attach', 'localhost', false],
      ['GET', '/api/v1/pods', 'evil.example:8001', false],
      ['GET', '/api/v1/pods', '[::1]:8001', true],
    ];
    for (const [method, path, host, expected] of cases) {
      expect(accept(method, path, host), `${method} ${path} ${host}`).to.equal(expected);
    }
  });

  it('takes --accept-paths, --reject-methods, --api-prefix and --disable-filter', async () => {
    const { requests, serve } = await withProxy();
    await serve(
      "kubectl proxy --accept-paths='^/api/v1/namespaces/default/.*' --reject-methods='POST,DELETE' --api-prefix=k8s-api",
    );
    const { accept, apiPrefix } = requests[0];
    expect(apiPrefix).to.equal('/k8s-api/');
    expect(accept('GET', '/api/v1/namespaces/default/pods', 'localhost')).to.equal(true);
    expect(accept('GET', '/api/v1/nodes', 'localhost')).to.equal(false);
    expect(accept('DELETE', '/api/v1/namespaces/default/pods/x', 'localhost')).to.equal(false);
    const open = await withProxy();
    const result = await open.serve('kubectl proxy --disable-filter');
    expect(result.stderr).to.match(
      /proxy\.go:175\] Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious\n$/,
    );
    expect(open.requests[0].accept('POST', '/api/v1/namespaces/x/pods/y/exec', 'evil')).to.equal(
      true,
    );
  });
});
