import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

// Manifests copied unchanged from the Kubernetes docs run on their well-known images, which
// the built-in stand-ins (src/workers/runtime/stand-ins.ts) answer for.

/** Polls until `fn` returns a value, every 50 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 40_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A tutorial manifest, as copied into the tests with its source line. */
async function manifest(path: string): Promise<string> {
  const url = new URL(`../kernel/api/validation/manifests/${path}`, import.meta.url);
  return (await fetch(url)).text();
}

async function pods(p: RunningPlayground, selector = ''): Promise<Pod[]> {
  const query = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
  const res = await p.request({ verb: 'GET', path: `/api/v1/namespaces/default/pods${query}` });
  return (res.body as { items: Pod[] }).items;
}

const running = (pod: Pod) =>
  pod.status?.phase === 'Running' && (pod.status.containerStatuses ?? []).every((c) => c.ready);

// Source: kubernetes/website content/en/examples/controllers/job.yaml (the pi Job of
// "Running an example Job"), verbatim. Docs content licensed CC-BY-4.0.
const piJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;

describe('well-known images on their built-in stand-ins', function () {
  this.timeout(90_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `stand-ins-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  it("serves nginx's page from the docs' nginx Deployment, through the service proxy", async () => {
    const applied = await p.apply(await manifest('application/deployment.yaml'));
    expect(applied.map((r) => ('error' in r ? r.error : r.action))).to.deep.equal(['created']);
    const expose = await p.kubectl('kubectl expose deployment nginx-deployment --port=80');
    expect(expose.stdout).to.equal('service/nginx-deployment exposed\n');
    const [first] = await until(async () => {
      const list = await pods(p, 'app=nginx');
      return list.length === 2 && list.every(running) && list;
    });

    const page = await until(async () => {
      const res = await p.request({
        verb: 'GET',
        path: '/api/v1/namespaces/default/services/nginx-deployment:80/proxy/',
      });
      return res.status === 200 && String(res.body);
    });
    expect(page).to.contain('<title>Welcome to nginx!</title>');
    // nginx 1.14.2's page, without the dark-mode style of later versions.
    expect(page).to.have.length(612);
    const missing = await p.request({
      verb: 'GET',
      path: '/api/v1/namespaces/default/services/nginx-deployment:80/proxy/nope',
    });
    expect(missing.status).to.equal(404);
    expect(String(missing.body)).to.contain('<hr><center>nginx/1.14.2</center>');

    // describe shows the image asked for, and an image ID that says what runs it.
    const describe = await p.kubectl(`kubectl describe pod ${first.metadata.name}`);
    expect(describe.stdout).to.match(/\n {4}Image:\s+nginx:1\.14\.2\n/);
    expect(describe.stdout).to.match(
      /\n {4}Image ID:\s+builtin:\/\/stand-in\/nginx@sha256:[0-9a-f]{64}\n/,
    );
    // Whichever replica served the page logged it in nginx's format.
    const names = (await pods(p, 'app=nginx')).map((x) => x.metadata.name!);
    const logs = (await Promise.all(names.map((n) => p.logs('default', n)))).join('');
    expect(logs).to.match(/^unknown - - \[.*\] "GET \/ HTTP\/1\.1" 200 612 "-" "/m);
  });

  it("runs the docs' pi Job on perl and logs pi to 2000 digits", async () => {
    await p.apply(piJob);
    const [pod] = await until(async () => {
      const list = await pods(p, 'job-name=pi');
      return list.length === 1 && list[0].status?.phase === 'Succeeded' && list;
    });
    const log = await p.logs('default', pod.metadata.name!);
    expect(log).to.have.length(2002);
    expect(log.startsWith('3.14159265358979323846264338327950288419716939937510')).to.equal(true);
    expect(log.endsWith('4780275901\n')).to.equal(true);
    const status = await p.kubectl('kubectl get pod -l job-name=pi -o jsonpath={..imageID}');
    expect(status.stdout).to.match(/^builtin:\/\/stand-in\/perl@sha256:[0-9a-f]{64}$/);
  });

  it('runs the busybox Pods of the DNS docs, whose shell answers kubectl exec', async () => {
    await p.apply(await manifest('inline/dns-pod-service-busybox-subdomain.yaml'));
    await until(async () => {
      const list = await pods(p, 'name=busybox');
      return list.length === 2 && list.every(running);
    });
    const exec = await p.kubectl(`kubectl exec busybox1 -- sh -c 'echo I am $HOSTNAME'`);
    expect(exec.stdout).to.equal('I am busybox-1\n');
    const ps = await p.kubectl(
      'kubectl get pod busybox2 -o jsonpath={.status.containerStatuses[0].imageID}',
    );
    expect(ps.stdout).to.match(/^builtin:\/\/stand-in\/busybox@sha256:/);
  });

  it("runs the ConfigMap tutorial's alpine loop: date and the fruits every 10 seconds", async () => {
    const created = await p.kubectl('kubectl create configmap fruits --from-literal=fruits=apples');
    expect(created.stdout).to.equal('configmap/fruits created\n');
    await p.apply(await manifest('deployments/deployment-with-configmap-as-envvar.yaml'));
    const list = await until(async () => {
      const found = await pods(p, 'app.kubernetes.io/name=configmap-env-var');
      return found.length === 3 && found.every(running) && found;
    });
    const log = await until(async () => {
      const text = await p.logs('default', list[0].metadata.name!);
      return text.length > 0 && text;
    });
    expect(log).to.match(
      /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4} The basket is full of apples\n/,
    );
  });

  it("runs the guestbook tutorial's six manifests unchanged: an entry set through the front end is read back", async () => {
    for (const file of [
      'redis-leader-deployment.yaml',
      'redis-leader-service.yaml',
      'redis-follower-deployment.yaml',
      'redis-follower-service.yaml',
      'frontend-deployment.yaml',
      'frontend-service.yaml',
    ]) {
      const text = await (
        await fetch(new URL(`./manifests/guestbook/${file}`, import.meta.url))
      ).text();
      const [result] = await p.apply(text);
      expect('error' in result ? result.error : result.action, file).to.equal('created');
    }
    await until(async () => {
      const all = await pods(p);
      return all.length === 6 && all.every(running);
    }, 60_000);
    const frontend = (query: string) =>
      p.request({
        verb: 'GET',
        path: `/api/v1/namespaces/default/services/frontend:80/proxy/guestbook.php?${query}`,
      });
    const set = await until(async () => {
      const res = await frontend('cmd=set&key=messages&value=hello,kubernetes');
      return res.status === 200 && String(res.body);
    });
    expect(JSON.parse(set)).to.deep.equal({ message: 'Updated' });
    // Reads go to the followers, which copy the leader every second.
    const got = await until(async () => {
      const res = await frontend('cmd=get&key=messages');
      const body = res.status === 200 && (JSON.parse(String(res.body)) as { data?: string });
      return body && body.data === 'hello,kubernetes' && body;
    });
    expect(got).to.deep.equal({ data: 'hello,kubernetes' });
    const [follower] = await pods(p, 'role=follower');
    const log = await p.logs('default', follower.metadata.name!);
    expect(log).to.contain('Connecting to MASTER redis-leader:6379');
  });

  it('says how to add an image it does not have, and runs one added under that name', async () => {
    const name = `example.com/team/app-${crypto.randomUUID().slice(0, 8)}:1.0`;
    await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  restartPolicy: Never
  containers: [{name: app, image: "${name}"}]
`);
    const waiting = await until(async () => {
      const [pod] = await pods(p);
      const state = pod?.status?.containerStatuses?.[0]?.state?.waiting;
      return state?.reason === 'ErrImagePull' || state?.reason === 'ImagePullBackOff'
        ? pod
        : undefined;
    });
    const described = await p.kubectl('kubectl describe pod app');
    expect(described.stdout).to.contain(
      `no built-in stand-in for "${name}": upload a WASI module under that name with ` +
        `window.playground.images.add("${name}", bytes)`,
    );
    expect(waiting.metadata.name).to.equal('app');

    const hello = await (await fetch(new URL('hello.wasm', testUrls.images))).arrayBuffer();
    await p.images.add(name, hello);
    try {
      await p.kubectl('kubectl delete pod app');
      await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: app2}
spec:
  restartPolicy: Never
  containers: [{name: app, image: "${name}"}]
`);
      await until(async () => {
        const list = await pods(p);
        return list.find((x) => x.metadata.name === 'app2')?.status?.phase === 'Succeeded';
      });
      expect(await p.logs('default', 'app2')).to.match(/^Hello from app2!/);
    } finally {
      await p.images.remove(name);
    }
  });
});
