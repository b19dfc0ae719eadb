import { expect } from '@esm-bundle/chai';
import type { Deployment } from '../../src/kernel/types/apps.ts';
import type { Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { httpExchange } from '../../src/workers/net/http-client.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A Deployment `web` of http-echo behind a Service `web`, ready once /healthz answers. */
function webApp(opts: {
  replicas: number;
  strategy: string;
  extra?: string;
  image?: string;
  readyPort?: number;
}): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${opts.replicas}
  strategy: ${opts.strategy}
  selector: {matchLabels: {app: web}}
${opts.extra ?? ''}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: echo
        image: ${opts.image ?? 'http-echo:1.0'}
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /healthz, port: ${opts.readyPort ?? 8080}}, periodSeconds: 1}
        # Serves on while the Service's endpoints drop the pod, as Kubernetes' docs advise.
        lifecycle: {preStop: {sleep: {seconds: 1}}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;
}

/** Continuous requests through a Service from the page, `lanes` at a time, until stopped. */
function trafficTo(p: RunningPlayground, ip: string, lanes: number) {
  const answeredBy = new Map<string, number>();
  const failures: string[] = [];
  let sent = 0;
  let running = true;
  const lane = async () => {
    while (running) {
      sent++;
      try {
        const c = await p.connect(ip, 80);
        await c.established;
        const res = await httpExchange(c, { path: '/', host: 'web' });
        const body = new TextDecoder().decode(res.body);
        if (res.status !== 200) failures.push(`HTTP ${res.status}`);
        const host = /^Hostname: (.*)$/m.exec(body)?.[1] ?? '?';
        answeredBy.set(host, (answeredBy.get(host) ?? 0) + 1);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  const lanesDone = Promise.all(Array.from({ length: lanes }, lane));
  return {
    answeredBy,
    failures,
    get sent() {
      return sent;
    },
    async stop() {
      running = false;
      await lanesDone;
    },
  };
}

/** The pod-template-hash part of a pod name `web-<hash>-<suffix>`. */
const templateHash = (podName: string) => podName.split('-').slice(-2, -1)[0];

describe('Deployment rollouts on real nodes', function () {
  this.timeout(120_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `rollout-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  const deployment = async () =>
    (await p.request({ verb: 'GET', path: '/apis/apps/v1/namespaces/default/deployments/web' }))
      .body as Deployment;
  const pods = async () =>
    (
      (await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods' })).body as {
        items: Pod[];
      }
    ).items;
  const clusterIP = async () =>
    (
      (await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/services/web' })).body as {
        spec: { clusterIP: string };
      }
    ).spec.clusterIP;

  async function rolledOut(): Promise<void> {
    const status = await p.kubectl('rollout status deployment/web --timeout=60s');
    expect(status.stderr).to.equal('');
    expect(status.stdout).to.contain('deployment "web" successfully rolled out');
  }

  it('rolls to a new version under continuous traffic with maxSurge 1, maxUnavailable 0 and fails no request', async () => {
    await p.apply(
      webApp({
        replicas: 3,
        strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}',
      }),
    );
    await rolledOut();
    const ip = await clusterIP();
    // Every old pod serves before the rollout starts.
    const traffic = trafficTo(p, ip, 3);
    await until(async () => traffic.answeredBy.size === 3 && true);
    const before = new Set([...traffic.answeredBy.keys()].map(templateHash));
    expect(before.size).to.equal(1);

    const set = await p.kubectl('set image deployment/web echo=http-echo:latest');
    expect(set.stdout).to.equal('deployment.apps/web image updated\n');
    await rolledOut();
    const after = (await pods()).filter((pod) => !pod.metadata.deletionTimestamp);
    const newHash = templateHash(after[0].metadata.name!);
    // Traffic goes on until the new pods have answered.
    await until(async () =>
      [...traffic.answeredBy.keys()].some((host) => templateHash(host) === newHash),
    );
    await traffic.stop();

    const hashes = new Set([...traffic.answeredBy.keys()].map(templateHash));
    expect(hashes).to.have.all.keys(...before, newHash);
    expect(traffic.failures, `${traffic.failures.length} of ${traffic.sent} failed`).to.deep.equal(
      [],
    );
    expect(traffic.sent).to.be.above(20);
    const history = await p.kubectl('rollout history deployment/web');
    expect(history.stdout).to.match(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
  });

  it('halts a rollout whose new pods never get ready, old pods serving, until undo --to-revision=1', async () => {
    const strategy = '{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}';
    const extra = '  progressDeadlineSeconds: 3';
    await p.apply(webApp({ replicas: 3, strategy, extra }));
    await rolledOut();
    const oldHash = templateHash((await pods())[0].metadata.name!);
    const ip = await clusterIP();
    const traffic = trafficTo(p, ip, 2);

    // Version 2 is probed on a port nothing listens on: it never gets ready.
    await p.apply(
      webApp({ replicas: 3, strategy, extra, image: 'http-echo:latest', readyPort: 9999 }),
    );
    // Recorded once the new template is in, so only its ReplicaSet gets it.
    await p.kubectl('annotate deployment/web kubernetes.io/change-cause=probe-on-9999');
    const status = await p.kubectl('rollout status deployment/web --timeout=60s');
    expect(status.exitCode).to.equal(1);
    expect(status.stderr).to.equal('error: deployment "web" exceeded its progress deadline\n');
    const d = await deployment();
    const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing).to.include({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(progressing?.message).to.match(
      /^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/,
    );
    // The rollout stopped at its first surge pod; the old version still serves in full.
    const live = (await pods()).filter((pod) => !pod.metadata.deletionTimestamp);
    const byHash = (hash: string) =>
      live.filter((pod) => templateHash(pod.metadata.name!) === hash);
    expect(byHash(oldHash)).to.have.length(3);
    expect(live).to.have.length(4);
    expect(d.status).to.include({
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    await traffic.stop();
    expect(traffic.failures, `${traffic.failures.length} of ${traffic.sent} failed`).to.deep.equal(
      [],
    );
    expect([...traffic.answeredBy.keys()].map(templateHash)).to.have.members([
      oldHash,
      oldHash,
      oldHash,
    ]);

    const history = await p.kubectl('rollout history deployment/web');
    expect(history.stdout).to.match(/\n1\s+<none>\n2\s+probe-on-9999\n\n$/);
    const undo = await p.kubectl('rollout undo deployment/web --to-revision=1');
    expect(undo.stdout).to.equal('deployment.apps/web rolled back\n');
    await rolledOut();
    await until(async () => (await pods()).length === 3 && true);
    const back = await pods();
    expect(back.map((pod) => templateHash(pod.metadata.name!))).to.deep.equal([
      oldHash,
      oldHash,
      oldHash,
    ]);
    const after = await p.kubectl('rollout history deployment/web');
    // Revision 1's ReplicaSet is the current one again, as revision 3.
    expect(after.stdout).to.match(/REVISION\s+CHANGE-CAUSE\n2\s+probe-on-9999\n3\s+<none>\n\n$/);
    expect(
      (await deployment()).metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).to.equal('3');
  });
});
