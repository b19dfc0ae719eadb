import { expect } from '@esm-bundle/chai';
import { KubeTerminal } from '../../src/ui/components/kube-terminal.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { mount, settle, unmountAll } from '../ui/views/dom.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The Kubernetes Basics tutorial (kubernetes.io/docs/tutorials/kubernetes-basics) typed into the
 * page's terminal, against a real playground: its app is the kubernetes-bootcamp stand-in image
 * that answers `Hello Kubernetes bootcamp! | Running on: <pod> | v=1` on port 8080.
 */
describe('the Basics tutorial typed into the terminal', function () {
  this.timeout(120_000);
  let p: RunningPlayground;
  let el: KubeTerminal;

  beforeEach(async () => {
    p = startPlayground({
      database: `shell-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    el = new KubeTerminal();
    // Wide enough that no answer wraps on the screen.
    el.style.width = '1600px';
    el.style.height = '600px';
    el.playground = p;
    mount(el);
    await settle(el);
    await p.ready;
  });

  afterEach(() => {
    unmountAll();
    p.terminate();
  });

  /** Types a command line into the shown terminal, waits for it, and gives the lines it printed. */
  async function type(line: string): Promise<string[]> {
    const before = el.lines().length;
    el.type(`${line}\r`);
    await el.idle();
    const lines = el.lines().slice(Math.max(0, before - 1));
    const at = lines.findIndex((l) => l.endsWith(line.split('\n')[0]));
    return lines.slice(at + 1 + (line.split('\n').length - 1)).filter((l) => l !== '$ ');
  }

  it('deploys the app, reaches it through kubectl proxy and through a NodePort', async () => {
    expect(
      await type(
        'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1',
      ),
    ).to.deep.equal(['deployment.apps/kubernetes-bootcamp created']);
    expect(await type('kubectl rollout status deployment/kubernetes-bootcamp')).to.include(
      'deployment "kubernetes-bootcamp" successfully rolled out',
    );
    const deployments = await type('kubectl get deployments');
    expect(deployments[0]).to.match(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(deployments[1]).to.match(/^kubernetes-bootcamp\s+1\/1\s+1\s+1\s+/);

    // "Open a second terminal window to run the proxy."
    el.addTab();
    await settle(el);
    el.type('kubectl proxy\r');
    await until(() => el.lines().includes('Starting to serve on 127.0.0.1:8001'));
    el.selectTab(0);
    await settle(el);

    const version = (await type('curl http://localhost:8001/version')).join('\n');
    expect(JSON.parse(version)).to.have.property('gitVersion');

    expect(
      await type(
        `export POD_NAME="$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')"`,
      ),
    ).to.deep.equal([]);
    const [named] = await type('echo Name of the Pod: $POD_NAME');
    const podName = /^Name of the Pod: (kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]+)$/.exec(named)?.[1];
    expect(podName, named).to.be.a('string');

    expect(
      await type('curl http://localhost:8001/api/v1/namespaces/default/pods/$POD_NAME:8080/proxy/'),
    ).to.deep.equal([`Hello Kubernetes bootcamp! | Running on: ${podName} | v=1`]);

    expect(
      await type('kubectl expose deployment/kubernetes-bootcamp --type="NodePort" --port 8080'),
    ).to.deep.equal(['service/kubernetes-bootcamp exposed']);
    expect(
      await type(
        `export NODE_PORT="$(kubectl get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}')"`,
      ),
    ).to.deep.equal([]);
    const [nodePort] = await type('echo "NODE_PORT=$NODE_PORT"');
    expect(nodePort).to.match(/^NODE_PORT=3\d{4}$/);
    expect(await type('minikube ip')).to.deep.equal(['172.18.0.2']);
    expect(await type('curl http://"$(minikube ip):$NODE_PORT"')).to.deep.equal([
      `Hello Kubernetes bootcamp! | Running on: ${podName} | v=1`,
    ]);

    // Labels, pipes and the shell's own commands, as the tutorial goes on.
    expect(await type('kubectl label pods "$POD_NAME" version=v1')).to.deep.equal([
      `pod/${podName} labeled`,
    ]);
    expect(await type('kubectl get pods -l version=v1 -o name | wc -l')).to.deep.equal(['1']);
    expect(await type('kubectl get pods | grep -c Running')).to.deep.equal(['1']);
    expect(await type('curl -s "http://$(minikube ip):$NODE_PORT" | grep -o "v=1"')).to.deep.equal([
      'v=1',
    ]);

    // The proxy in the second terminal stops with Ctrl-C there.
    el.selectTab(1);
    el.type('\x03');
    await el.idle();
    el.selectTab(0);
    await settle(el);
    const refused = (await type('curl -sS http://localhost:8001/version; echo "exit $?"')).map(
      (l) => l.replace(/after \d+ ms/, 'after 0 ms'),
    );
    expect(refused).to.deep.equal([
      "curl: (7) Failed to connect to localhost port 8001 after 0 ms: Couldn't connect to server",
      'exit 7',
    ]);

    expect(await type('kubectl delete service -l app=kubernetes-bootcamp')).to.deep.equal([
      'service "kubernetes-bootcamp" deleted from default namespace',
    ]);
  });

  it('explores the app from inside its container: exec bash, cat server.js, curl localhost:8080', async () => {
    await type(
      'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1',
    );
    await type('kubectl rollout status deployment/kubernetes-bootcamp');
    await type(
      `export POD_NAME="$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')"`,
    );
    const [podName] = await type('echo $POD_NAME');

    const env = await type('kubectl exec "$POD_NAME" -- env');
    expect(env, env.join('\n')).to.include(`HOSTNAME=${podName}`);
    expect(env, env.join('\n')).to.include('NODE_VERSION=6.3.1');

    // "We have now an open console on the container where we run our NodeJS application."
    el.type('kubectl exec -ti $POD_NAME -- bash\r');
    await until(() => el.lines().some((l) => l.startsWith(`root@${podName}:/# `)));
    el.type('cat server.js\r');
    await until(() => el.lines().some((l) => l.includes('listen(8080')));
    expect(el.lines().join('\n')).to.include("require('http')");
    el.type('curl http://localhost:8080\r');
    const reply = `Hello Kubernetes bootcamp! | Running on: ${podName} | v=1`;
    await until(() => el.lines().includes(reply)).catch((err: Error) => {
      throw new Error(`${err.message}; the terminal shows:\n${el.lines().slice(-15).join('\n')}`);
    });
    el.type('exit\r');
    await el.idle();
    expect(await type('echo back in the shell')).to.deep.equal(['back in the shell']);

    // busybox has neither bash nor curl, as on a real cluster; its sh and wget are there.
    await type('kubectl run box --image=busybox:1.36 -- sleep 3600');
    await type('kubectl wait --for=condition=Ready pod/box --timeout=60s');
    expect(await type('kubectl exec box -- bash -c true; echo "exit $?"')).to.deep.equal([
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
      'command terminated with exit code 126',
      'exit 126',
    ]);
    // Its sh prompts as busybox's does on a terminal (-t), and not when input is piped.
    el.type('kubectl exec -it box -- sh\r');
    await until(() => el.lines().some((l) => l === '/ # '));
    el.type('exit\r');
    await el.idle();
    expect(await type('echo "echo piped" | kubectl exec -i box -- sh')).to.deep.equal(['piped']);
    expect(
      await type(
        `kubectl exec box -- wget -qO- http://$(kubectl get pod "$POD_NAME" -o jsonpath='{.status.podIP}'):8080`,
      ),
    ).to.deep.equal([reply]);
  });

  it('applies a manifest from a here-document, runs kubectl proxy in the background and loops over curl', async () => {
    el.type(
      [
        'kubectl apply -f - <<EOF',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  replicas: 2',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: http-echo:1.0',
        '        ports: [{containerPort: 8080}]',
        'EOF',
        '',
      ].join('\r'),
    );
    await el.idle();
    expect(el.lines()).to.include('deployment.apps/web created');
    await type('kubectl rollout status deployment/web');
    await type('kubectl expose deployment web --port 80 --target-port 8080');

    const started = await type('kubectl proxy --port=8011 &');
    expect(started[0]).to.match(/^\[1\] \d+$/);
    // The job writes after the prompt, as a background job does in bash.
    await until(() => el.lines().some((l) => l.endsWith('Starting to serve on 127.0.0.1:8011')));
    expect(await type('jobs')).to.deep.equal([
      '[1]+  Running                 kubectl proxy --port=8011 &',
    ]);

    const hits = await type(
      'for i in 1 2 3 4 5 6; do curl -s localhost:8011/api/v1/namespaces/default/services/web/proxy/ | grep Hostname; done | sort | uniq | wc -l',
    );
    expect(Number(hits[0])).to.be.within(1, 2);
    expect(await type('kubectl get pods -o name | head -1 | cut -d/ -f1')).to.deep.equal(['pod']);

    const killed = await type('kill %1; sleep 0.2; jobs');
    expect(killed).to.deep.equal(['[1]+  Terminated              kubectl proxy --port=8011']);
  });
});
