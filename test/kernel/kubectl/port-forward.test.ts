import { expect } from '@esm-bundle/chai';
import { pods, services } from '../../../src/kernel/api/resources.ts';
import type { PortForwardRequest } from '../../../src/kernel/kubectl/context.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

async function runningPod(k: KubectlHarness, name: string, phase = 'Running'): Promise<void> {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'web', image: 'http-echo', ports: [{ name: 'http', containerPort: 8080 }] },
      ],
    },
  };
  const created = await k.client.create(pods, 'default', pod);
  await k.client.updateStatus(pods, { ...created, status: { phase, podIP: '10.244.1.5' } });
}

/** A harness whose port-forward hook records the request and binds as asked (8081 is taken). */
async function harness() {
  const k = await startKubectl();
  const requests: PortForwardRequest[] = [];
  k.context.portForward = async (request) => {
    requests.push(request);
    return request.ports.map((p) =>
      p.local === 8081
        ? { ...p, error: 'address already in use' }
        : { local: p.local || 40001, remote: p.remote },
    );
  };
  const stop = new AbortController();
  k.context.signal = stop.signal;
  return { k, requests, stop };
}

describe('kubectl port-forward', () => {
  it("maps a Service's port through its named targetPort to the pod's port", async () => {
    const { k, requests, stop } = await harness();
    await runningPod(k, 'web-1');
    await k.client.create(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] },
    } as Service);
    const result = k.run('port-forward svc/web 9000:80 web');
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    const { stdout, exitCode } = await result;
    expect(requests[0]).to.include({ namespace: 'default', pod: 'web-1' });
    expect(requests[0].ports).to.deep.equal([
      { local: 9000, remote: 8080 },
      { local: 80, remote: 8080 },
    ]);
    expect(stdout).to.equal(
      'Forwarding from 127.0.0.1:9000 -> 8080\nForwarding from [::1]:9000 -> 8080\n' +
        'Forwarding from 127.0.0.1:80 -> 8080\nForwarding from [::1]:80 -> 8080\n',
    );
    expect(exitCode).to.equal(0);
  });

  it('picks a free local port for :PORT and prints connections', async () => {
    const { k, requests, stop } = await harness();
    await runningPod(k, 'web-1');
    const result = k.run('port-forward web-1 :http');
    await new Promise((resolve) => setTimeout(resolve, 50));
    requests[0].onConnection(40001);
    stop.abort();
    expect((await result).stdout).to.equal(
      'Forwarding from 127.0.0.1:40001 -> 8080\nForwarding from [::1]:40001 -> 8080\n' +
        'Handling connection for 40001\n',
    );
  });

  const errors: [string, string][] = [
    ['port-forward web-1', 'error: TYPE/NAME and list of ports are required for port-forward'],
    ['port-forward web-1 metrics', "error: Pod 'web-1' does not have a named port 'metrics'"],
    ['port-forward svc/web 81', 'error: Service web does not have a service port 81'],
    ['port-forward svc/web 8081:https', "error: Service 'web' does not have a named port 'https'"],
    [
      'port-forward web-1 8081:8080',
      'error: unable to listen on any of the requested ports: [{8081 8080}]',
    ],
    [
      'port-forward pending 80',
      'error: unable to forward port because pod is not running. Current status=Pending',
    ],
  ];
  for (const [line, message] of errors) {
    it(`refuses: ${line}`, async () => {
      const { k } = await harness();
      await runningPod(k, 'web-1');
      await runningPod(k, 'pending', 'Pending');
      await k.client.create(services, 'default', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
      } as Service);
      const { stderr, exitCode } = await k.run(line);
      expect(exitCode).to.equal(1);
      expect(stderr).to.include(message);
    });
  }
});
