import { expect } from '@esm-bundle/chai';
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
    // Only the echo Service's slices: the namespace also holds the `kubernetes` slice, whose
    // endpoint is ready too.
    await until(async () => {
      const res = await p.request({
        verb: 'GET',
        path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
        query: { labelSelector: 'kubernetes.io/service-name=echo' },
      });
      const items = (
        res.body as { items: { endpoints?: { conditions?: { ready?: boolean } }[] }[] }
      ).items;
      return (
        items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length === 2
      );
    }).catch(async (err: unknown) => {
      const dump = await p.kubectl('get pods,endpointslices -o wide');
      const events = await p.kubectl('get events');
      throw new Error(`${String(err)}\n${dump.stdout}${dump.stderr}\n${events.stdout}`);
    });
    // Through the API server's service proxy, as `kubectl proxy` users reach it.
    const proxied = await p.request({
      verb: 'GET',
      path: '/api/v1/namespaces/default/services/echo:80/proxy/hello?x=1',
    });
    expect(proxied.status).to.equal(200);
    expect(String(proxied.body)).to.match(/GET \/hello\?x=1 HTTP\/1\.1/);

    // Through the ClusterIP: kube-proxy takes the ready endpoints in turn.
    const service = (
      await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/services/echo' })
    ).body as { spec: { clusterIP: string } };
    const ask = async () => {
      const connection = await p.connect(service.spec.clusterIP, 80);
      await connection.established;
      const reply = await httpExchange(connection, { path: '/', host: 'echo' });
      const body = new TextDecoder().decode(reply.body);
      return /Hostname: (\S+)/.exec(body)?.[1] ?? body;
    };
    // The nodes learn of the second endpoint through their own watch, a moment after the API.
    const seen = new Set<string>();
    await until(async () => seen.add(await ask()).size === 2);
    const answered = [await ask(), await ask(), await ask(), await ask()];
    expect(new Set(answered).size, answered.join(' ')).to.equal(2);
    expect(answered[0]).to.equal(answered[2]);
    expect(answered[1]).to.equal(answered[3]);

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

  it('routes HTTP by host and path through the built-in ingress controller', async () => {
    await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: echo
    image: http-echo
    ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: nginx
  rules:
  - host: hello-world.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`);
    await until(async () => ready(await getPod(p, 'web')));
    const get = async (host: string) => {
      const connection = await p.connect('172.18.0.2', 80);
      await connection.established;
      const reply = await httpExchange(connection, { path: '/greet', host });
      return { status: reply.status, body: new TextDecoder().decode(reply.body) };
    };
    const routed = await until(async () => {
      const reply = await get('hello-world.example');
      return reply.status === 200 && reply;
    });
    expect(routed.body).to.include('Hostname: web');
    expect(routed.body).to.include('GET /greet HTTP/1.1');
    expect((await get('elsewhere.example')).status).to.equal(404);
    // As a browser tab opened from the page's Ingress list reaches it.
    const opened = await p.request({ verb: 'GET', path: '/ingress/hello-world.example/greet' });
    expect(opened.status).to.equal(200);
    expect(String(opened.body)).to.include('GET /greet HTTP/1.1');
  });

  it('enforces a NetworkPolicy at connection set-up', async () => {
    await p.apply(`
${netcatPod('db', 'playground-worker', ['-l', '5432'], '{app: db}', '[{containerPort: 5432}]')}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-clients-only}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {role: client}}}]
    ports: [{port: 5432}]
`);
    const db = await until(async () => ready(await getPod(p, 'db')));
    await p.apply(
      netcatPod(
        'allowed',
        'playground-worker2',
        [db.status!.podIP!, '5432', 'hi'],
        '{role: client}',
      ),
    );
    await until(async () => (await getPod(p, 'allowed'))?.status?.phase === 'Succeeded');
    expect(await p.logs('default', 'allowed')).to.equal('hi');

    // From outside the pod network nothing answers: the connection attempt just hangs.
    const outside = await p.connect(db.status!.podIP!, 5432);
    const outcome = await Promise.race([
      outside.established.then(
        () => 'connected',
        (err: Error) => err.message,
      ),
      new Promise((resolve) => setTimeout(() => resolve('no answer'), 1500)),
    ]);
    expect(outcome).to.equal('no answer');
  });

  it('reaches pods through a NodePort on any node and through a LoadBalancer IP', async () => {
    await p.apply(`
${netcatPod('np', 'playground-worker2', ['-l', '9000'], '{app: np}', '[{containerPort: 9000}]')}
---
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  selector: {app: np}
  ports: [{port: 80, targetPort: 9000, nodePort: 30900}]
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  selector: {app: np}
  ports: [{port: 8080, targetPort: 9000}]
`);
    await until(async () => ready(await getPod(p, 'np')));
    const echo = async (ip: string, port: number) => {
      const connection = await p.connect(ip, port);
      await connection.established;
      connection.write('ping');
      connection.end();
      return connection.readAll();
    };
    // Every node answers on the NodePort, including the control plane, where the pod is not.
    for (const nodeIP of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) {
      expect(
        await until(async () => (await echo(nodeIP, 30900).catch(() => '')) || false),
      ).to.equal('ping');
    }
    const lbIP = await until(async () => {
      const res = await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/services/lb' });
      const body = res.body as { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } };
      return body.status?.loadBalancer?.ingress?.[0]?.ip;
    });
    expect(lbIP).to.match(/^172\.18\.255\.\d+$/);
    expect(await until(async () => (await echo(lbIP, 8080).catch(() => '')) || false)).to.equal(
      'ping',
    );
  });

  it('stores a guestbook entry through the front end and reads it back from the follower', async () => {
    const deployment = (name: string, image: string, labels: string, args: string[] = []) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers:
      - name: main
        image: ${image}
        args: ${JSON.stringify(args)}
`;
    const service = (name: string, labels: string, port: number, targetPort = port) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: ${labels}
  ports: [{port: ${port}, targetPort: ${targetPort}}]
`;
    await p.apply(
      [
        deployment('redis-leader', 'kv-store', '{app: redis, role: leader}'),
        service('redis-leader', '{app: redis, role: leader}', 6379),
        deployment('redis-follower', 'kv-store', '{app: redis, role: follower}', [
          '--replicaof',
          'redis-leader',
          '6379',
        ]),
        service('redis-follower', '{app: redis, role: follower}', 6379),
        deployment('frontend', 'guestbook', '{app: guestbook}'),
        service('frontend', '{app: guestbook}', 80),
      ].join('\n---\n'),
    );
    const php = (query: string) =>
      p.request({
        verb: 'GET',
        path: `/api/v1/namespaces/default/services/frontend:80/proxy/guestbook.php?${query}`,
      });
    const stored = await until(async () => {
      const res = await php('cmd=set&key=messages&value=,hello%20from%20the%20tab');
      return res.status === 200 && res;
    });
    expect(JSON.parse(String(stored.body))).to.deep.equal({ message: 'Updated' });
    const read = await until(async () => {
      const res = await php('cmd=get&key=messages');
      return res.status === 200 && String(res.body).includes('hello from the tab') && res;
    });
    expect(JSON.parse(String(read.body))).to.deep.equal({ data: ',hello from the tab' });
  });

  it('forwards a local port to a Service with kubectl port-forward until Ctrl-C', async () => {
    await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: echo
    image: http-echo
    ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`);
    await until(async () => ready(await getPod(p, 'web')));
    const stop = new AbortController();
    let output = '';
    const running = p.kubectl('port-forward svc/web 8080:80', {
      signal: stop.signal,
      onOutput: (_stream, text) => (output += text),
    });
    await until(async () => output.includes('Forwarding from'));
    expect(output).to.equal(
      'Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n',
    );
    const reply = await p.request({ verb: 'GET', path: '/localhost:8080/hi' });
    expect(reply.status).to.equal(200);
    expect(String(reply.body)).to.include('Hostname: web');
    expect(output).to.include('Handling connection for 8080\n');

    const second = await p.kubectl('port-forward pod/web 8080:8080');
    expect(second.exitCode).to.equal(1);
    expect(second.stderr).to.include(
      'error: unable to listen on any of the requested ports: [{8080 8080}]',
    );

    stop.abort();
    expect((await running).exitCode).to.equal(0);
    expect((await p.request({ verb: 'GET', path: '/localhost:8080/hi' })).status).to.equal(502);
  });
});
