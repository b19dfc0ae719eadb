import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function getPod(p: RunningPlayground, name: string): Promise<Pod | undefined> {
  const res = await p.request({ verb: 'GET', path: `/api/v1/namespaces/default/pods/${name}` });
  return res.status === 200 ? (res.body as Pod) : undefined;
}

const ready = (pod?: Pod) =>
  pod?.status?.phase === 'Running' &&
  (pod.status.containerStatuses ?? []).every((c) => c.ready) &&
  pod.status.podIP
    ? pod
    : undefined;

function netcatPod(name: string, node: string, args: string[], labels = '{}', ports = '[]') {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: ${labels}}
spec:
  nodeName: ${node}
  restartPolicy: Never
  containers:
  - name: main
    image: netcat
    args: ${JSON.stringify(args)}
    ports: ${ports}
`;
}

describe('the virtual network between node workers', function () {
  this.timeout(60_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `net-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  it("connects a pod to another pod's IP on a different node", async () => {
    await p.apply(
      netcatPod(
        'server',
        'playground-worker',
        ['-l', '8080'],
        '{app: echo}',
        '[{containerPort: 8080}]',
      ),
    );
    const server = await until(async () => ready(await getPod(p, 'server')));
    await p.apply(
      netcatPod('client', 'playground-worker2', [server.status!.podIP!, '8080', 'hello', 'there']),
    );
    await until(async () => (await getPod(p, 'client'))?.status?.phase === 'Succeeded');
    expect(await p.logs('default', 'client')).to.equal('hello there');
  });

  it('reaches pods through a Service by its DNS name, spread over the replicas', async () => {
    await p.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo}
spec:
  replicas: 2
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      containers:
      - name: echo
        image: http-echo
        env: [{name: PORT, value: "8080"}]
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080}]
`);
    await until(async () => {
      const res = await p.request({
        verb: 'GET',
        path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
      });
      const items = (
        res.body as { items: { endpoints?: { conditions?: { ready?: boolean } }[] }[] }
      ).items;
      return (
        items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length === 2
      );
    });
    const answered = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await p.request({
        verb: 'GET',
        path: '/api/v1/namespaces/default/services/echo:80/proxy/hello',
      });
      expect(res.status).to.equal(200);
      const pod = /echo-[a-z0-9]+-[a-z0-9]+/.exec(String(res.body))?.[0];
      if (pod) answered.add(pod);
    }
    expect(answered.size).to.equal(2);

    await p.apply(netcatPod('lookup', 'playground-worker', ['--resolve', 'echo']));
    await until(async () => (await getPod(p, 'lookup'))?.status?.phase === 'Succeeded');
    expect(await p.logs('default', 'lookup')).to.include('echo.default.svc.cluster.local');
  });

  it('gives the client a reset, not a hang, when the pod serving it is deleted', async () => {
    await p.apply(
      netcatPod('server', 'playground-worker', ['-l', '8080'], '{}', '[{containerPort: 8080}]'),
    );
    const server = await until(async () => ready(await getPod(p, 'server')));
    const connection = await p.connect(server.status!.podIP!, 8080);
    await connection.established;
    connection.write('ping\n');
    expect(new TextDecoder().decode(await connection.read())).to.equal('ping\n');
    await p.request({
      verb: 'DELETE',
      path: '/api/v1/namespaces/default/pods/server',
      query: { gracePeriodSeconds: 0 },
    });
    let error: unknown;
    await connection.read().catch((e) => (error = e));
    expect(String(error)).to.include('Connection reset by peer');
  });
});
