import { expect } from '@esm-bundle/chai';
import type { Event, Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

async function until<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function echoPod(name: string, probes: string): string {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: echo}}
spec:
  containers:
  - name: echo
    image: http-echo
    ports: [{containerPort: 8080}]
${probes}
`;
}

describe('liveness and readiness probes on real nodes', function () {
  this.timeout(60_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `probes-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  const pod = async (name: string) =>
    (await p.request({ verb: 'GET', path: `/api/v1/namespaces/default/pods/${name}` })).body as Pod;
  const events = async (name: string) =>
    (
      (
        await p.request({
          verb: 'GET',
          path: `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${name}`,
        })
      ).body as { items: Event[] }
    ).items;

  it('keeps a pod out of its Service until its readiness probe passes, and for good when it never does', async () => {
    await p.apply(
      [
        echoPod(
          'good',
          '    readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}',
        ),
        echoPod('bad', '    readinessProbe: {tcpSocket: {port: 9999}, periodSeconds: 1}'),
        `apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080}]`,
      ].join('\n---\n'),
    );
    await until(async () => (await pod('good')).status?.containerStatuses?.[0]?.ready === true);
    const bad = await until(async () => {
      const found = (await events('bad')).find((e) => e.reason === 'Unhealthy');
      return found && (await pod('bad'));
    });
    expect(bad.status?.phase).to.equal('Running');
    expect(bad.status?.containerStatuses?.[0]?.ready).to.equal(false);
    const unhealthy = (await events('bad')).find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy.type).to.equal('Warning');
    expect(unhealthy.message).to.equal(
      `Readiness probe failed: dial tcp ${bad.status!.podIP}:9999: connect: connection refused`,
    );
    const ep = await until(async () => {
      const res = await p.request({
        verb: 'GET',
        path: '/api/v1/namespaces/default/endpoints/echo',
      });
      const body = res.body as {
        subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
      };
      return body.subsets?.[0]?.addresses?.length === 1 && body;
    });
    expect(ep.subsets![0].addresses![0].ip).to.equal((await pod('good')).status!.podIP);
    expect(ep.subsets![0].notReadyAddresses?.map((a) => a.ip)).to.deep.equal([bad.status!.podIP]);
    const { stdout } = await p.kubectl('get pods');
    expect(stdout).to.match(/bad\s+0\/1\s+Running/);
    expect(stdout).to.match(/good\s+1\/1\s+Running/);
  });

  it('restarts a container whose liveness probe fails', async () => {
    await p.apply(
      echoPod(
        'dying',
        '    livenessProbe: {tcpSocket: {port: 9999}, periodSeconds: 1, failureThreshold: 2}',
      ),
    );
    const restarted = await until(async () => {
      const found = await pod('dying');
      return (found.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && found;
    });
    expect(restarted.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).to.equal(137);
    const reasons = (await events('dying')).map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).to.include('Killing: Container echo failed liveness probe, will be restarted');
    expect(
      reasons.some((r) => r.startsWith('Unhealthy: Liveness probe failed: dial tcp')),
    ).to.equal(true);
  });

  it('stops sending Service traffic to a pod that turns unready', async () => {
    const netcat = (name: string, args: string[]) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: nc}}
spec:
  containers:
  - name: nc
    image: netcat
    args: ${JSON.stringify(args)}
    ports: [{containerPort: 8080}]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1, failureThreshold: 1}
`;
    await p.apply(
      [
        netcat('steady', ['-l', '8080']),
        // Stops listening after a few connections (its own readiness probes among them).
        netcat('fading', ['-l', '8080', '--accept', '4']),
        `apiVersion: v1
kind: Service
metadata: {name: nc}
spec:
  selector: {app: nc}
  ports: [{port: 80, targetPort: 8080}]`,
      ].join('\n---\n'),
    );
    const ipOf = async (name: string) => until(async () => (await pod(name)).status?.podIP);
    const [steady, fading] = [await ipOf('steady'), await ipOf('fading')];
    const readyAddresses = async () => {
      const res = await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/endpoints/nc' });
      const body = res.body as { subsets?: { addresses?: { ip: string }[] }[] };
      return (body.subsets ?? [])
        .flatMap((s) => s.addresses ?? [])
        .map((a) => a.ip)
        .sort();
    };
    // Both were ready at some point, then only the steady one is.
    await until(async () => (await pod('fading')).status?.containerStatuses?.[0]?.ready === true);
    await until(async () => {
      const ready = await readyAddresses();
      return ready.length === 1 && ready[0] === steady;
    });
    expect((await pod('fading')).status?.containerStatuses?.[0]?.ready).to.equal(false);
    const service = (
      await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/services/nc' })
    ).body as { spec: { clusterIP: string } };
    // Give the nodes' kube-proxies a moment to see the change, then every connection lands on
    // the steady pod.
    await until(async () => {
      const c = await p.connect(service.spec.clusterIP, 80);
      return (await c.established).peer.ip === steady;
    });
    const peers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await p.connect(service.spec.clusterIP, 80);
      peers.push((await c.established).peer.ip);
      c.abort();
    }
    expect(peers).to.deep.equal([steady, steady, steady, steady]);
    expect(peers).to.not.include(fading);
  });
});
