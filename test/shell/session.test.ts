import { expect } from '@esm-bundle/chai';
import { nodes, pods, services } from '../../src/kernel/api/resources.ts';
import { Capture, textInput } from '../../src/shell/io/streams.ts';
import { ShellSession } from '../../src/shell/session.ts';
import { shellFixture } from './shell-fixture.ts';

describe('shell session', () => {
  it('keeps variables, exports them to commands, and expands them', async () => {
    const sh = await shellFixture();
    expect(
      (await sh.run('NAME=web; echo "$NAME" ${NAME}x ${MISSING:-none} ${#NAME}')).stdout,
    ).to.equal('web webx none 3\n');
    expect((await sh.run('env | grep ^NAME=')).status).to.equal(1);
    await sh.run('export NAME');
    expect((await sh.run('env | grep ^NAME=')).stdout).to.equal('NAME=web\n');
    expect((await sh.run('GREETING=hi env | grep GREETING; echo "[$GREETING]"')).stdout).to.equal(
      'GREETING=hi\n[]\n',
    );
    expect(
      (
        await sh.run(
          'export A=1 B="two words"; echo $A $B; export -p | grep -E "^declare -x (A|B)="',
        )
      ).stdout,
    ).to.equal('1 two words\ndeclare -x A="1"\ndeclare -x B="two words"\n');
  });

  it('splits unquoted expansions into words and keeps quoted ones whole', async () => {
    const sh = await shellFixture();
    const { stdout } = await sh.run('X="a   b"; printf "[%s]" $X; printf "[%s]" "$X"; echo');
    expect(stdout).to.equal('[a][b][a   b]\n');
  });

  it('substitutes command output, without its trailing newlines', async () => {
    const sh = await shellFixture();
    expect((await sh.run('echo "<$(printf "a\\nb\\n\\n")>"')).stdout).to.equal('<a\nb>\n');
    expect((await sh.run('x=$(false); echo $?')).stdout).to.equal('1\n');
    expect((await sh.run('echo $(echo $(echo nested))')).stdout).to.equal('nested\n');
  });

  it('runs pipelines, && and ||, and reports exit codes', async () => {
    const sh = await shellFixture();
    expect((await sh.run('printf "b\\na\\nc\\n" | sort | head -2')).stdout).to.equal('a\nb\n');
    expect((await sh.run('false && echo no || echo yes; echo $?')).stdout).to.equal('yes\n0\n');
    expect((await sh.run('true | false')).status).to.equal(1);
    expect((await sh.run('! false')).status).to.equal(0);
    expect((await sh.run('(exit 3); echo $?')).stdout).to.equal('3\n');
  });

  it('writes files with > and >>, reads them with <, and shares them between terminals', async () => {
    const sh = await shellFixture();
    await sh.run('echo one > notes.txt; echo two >> notes.txt');
    expect((await sh.run('wc -l < notes.txt')).stdout).to.equal('2\n');
    expect(sh.workspace.read('/home/user/notes.txt')).to.equal('one\ntwo\n');
    const other = new ShellSession(sh.host, sh.workspace);
    const out = new Capture();
    await other.run(
      'cat notes.txt',
      { stdin: textInput(''), stdout: out, stderr: out },
      new AbortController().signal,
    );
    expect(out.text).to.equal('one\ntwo\n');
    expect(await sh.run('cat missing.txt')).to.deep.equal({
      stdout: '',
      stderr: 'cat: missing.txt: No such file or directory\n',
      status: 1,
    });
    expect(await sh.run('echo x > nodir/file')).to.deep.equal({
      stdout: '',
      stderr: 'bash: nodir/file: No such file or directory\n',
      status: 1,
    });
    expect((await sh.run('ls 2>&1 nothere; echo hidden 2>/dev/null >&2')).stdout).to.equal(
      "ls: cannot access 'nothere': No such file or directory\n",
    );
  });

  it('applies a manifest from a here-document, and a file written with cat <<EOF', async () => {
    const sh = await shellFixture();
    const applied = await sh.run(
      'kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: $NAME\ndata:\n  k: v\nEOF',
    );
    expect(applied.stderr).to.match(/resource name may not be empty/);
    sh.session.set('NAME', 'settings');
    expect(
      (
        await sh.run(
          'kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: $NAME\ndata:\n  k: v\nEOF',
        )
      ).stdout,
    ).to.equal('configmap/settings created\n');
    await sh.run(
      "cat <<'EOF' > pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: http-echo:1.0\nEOF",
    );
    expect(await sh.run('kubectl apply -f pod.yaml')).to.deep.equal({
      stdout: 'pod/web created\n',
      stderr: '',
      status: 0,
    });
    expect((await sh.run('cat pod.yaml | kubectl apply -f -')).stdout).to.equal(
      'pod/web unchanged\n',
    );
  });

  it("runs the Basics tutorial's go-template lines", async () => {
    const sh = await shellFixture();
    for (const name of ['kubernetes-bootcamp-7d8f9c-abcde']) {
      await sh.kube.client.create(pods, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: 'kubernetes-bootcamp' } },
        spec: { containers: [{ name: 'app', image: 'http-echo:1.0' }] },
      });
    }
    await sh.kube.client.create(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes-bootcamp' },
      spec: {
        type: 'NodePort',
        selector: { app: 'kubernetes-bootcamp' },
        ports: [{ port: 8080, nodePort: 30123 }],
      },
    });
    const lines = [
      `export POD_NAME="$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')"`,
      'echo Name of the Pod: $POD_NAME',
      `export NODE_PORT="$(kubectl get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}')"`,
      'echo "NODE_PORT=$NODE_PORT"',
    ];
    const { stdout, stderr } = await sh.run(lines.join('\n'));
    expect(stderr).to.equal('');
    expect(stdout).to.equal('Name of the Pod: kubernetes-bootcamp-7d8f9c-abcde\nNODE_PORT=30123\n');
  });

  it('loops with for and while, sleeping in between', async () => {
    const sh = await shellFixture();
    expect((await sh.run('for i in 1 2 3; do echo "try $i"; sleep 1; done')).stdout).to.equal(
      'try 1\ntry 2\ntry 3\n',
    );
    expect(sh.slept()).to.equal(3000);
    expect((await sh.run('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i')).stdout).to.equal(
      '3\n',
    );
    expect(
      (
        await sh.run(
          'for i in {1..5}; do [ $i = 3 ] && continue; [ $i = 5 ] && break; printf $i; done; echo',
        )
      ).stdout,
    ).to.equal('124\n');
    expect((await sh.run('for f in a b; do echo $f; done | wc -l')).stdout).to.equal('2\n');
  });

  it('lets the page run during a loop that never waits, so Ctrl-C stops it', async () => {
    const sh = await shellFixture();
    const controller = new AbortController();
    const out = new Capture();
    const running = sh.session.run(
      'while true; do echo spin; done',
      { stdin: textInput(''), stdout: out, stderr: out },
      controller.signal,
    );
    // A timer only fires if the loop gives the event loop a turn.
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await running).to.equal(130);
    expect(out.text.length).to.be.greaterThan(0);
  });

  it('stops a running loop on Ctrl-C with status 130', async () => {
    const sh = await shellFixture();
    const controller = new AbortController();
    const out = new Capture();
    const running = sh.session.run(
      'while true; do echo tick; sleep 1; done',
      { stdin: textInput(''), stdout: out, stderr: out },
      controller.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(await running).to.equal(130);
    expect(out.text).to.match(/^(tick\n)+$/);
  });

  it('runs background jobs, lists them, kills them and reports them done', async () => {
    const sh = await shellFixture();
    const started = await sh.run('sleep 100 & echo started');
    expect(started.stdout).to.equal('started\n');
    expect(started.stderr).to.match(/^\[1\] \d+\n$/);
    // The fake clock lets the sleep end at once; a watch runs until it is killed.
    const watching = await sh.run('kubectl get pods -w > pods.log &');
    expect(watching.stderr).to.match(/^\[\d\] \d+\n$/);
    const listed = await sh.run('jobs');
    expect(listed.stdout).to.match(/\[2\]\+ {2}Running {17}kubectl get pods -w > pods.log &\n$/);
    const job = sh.session.jobs.find('%2')!;
    expect((await sh.run('kill %2; echo $?')).stdout).to.equal('0\n');
    await job.done;
    const notices = sh.session.jobs.takeNotices();
    expect(notices).to.include('[2]+  Terminated              kubectl get pods -w > pods.log');
    expect((await sh.run('kill %7')).stderr).to.equal('bash: kill: %7: no such job\n');
  });

  it('says command not found, and suggests the nearest command', async () => {
    const sh = await shellFixture();
    expect(await sh.run('kubeclt get pods')).to.deep.equal({
      stdout: '',
      stderr:
        "kubeclt: command not found\nDid you mean 'kubectl'? (`help` lists the commands here)\n",
      status: 127,
    });
    expect((await sh.run('frobnicate')).stderr).to.equal('frobnicate: command not found\n');
    expect((await sh.run('help')).stdout).to.match(/\n {2}curl +Transfer a URL/);
  });

  it('runs k as kubectl, and aliases and functions', async () => {
    const sh = await shellFixture();
    expect((await sh.run('k version --client')).stdout).to.match(/^Client Version: /);
    expect((await sh.run('alias kgp="kubectl get pods"; kgp')).stderr).to.equal(
      'No resources found in default namespace.\n',
    );
    expect(
      (await sh.run('greet() { echo "hello $1"; return 4; }; greet you; echo $?')).stdout,
    ).to.equal('hello you\n4\n');
  });

  it('reaches kubectl proxy and port-forward ports on localhost with curl and wget', async () => {
    const sh = await shellFixture();
    sh.local.set(8001, (request) => ({
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode(`{"path": "${request.path}"}\n`),
    }));
    const proxied = await sh.run(
      'curl http://localhost:8001/api/v1/namespaces/default/pods/web:8080/proxy/',
    );
    expect(proxied.stdout).to.equal(
      '{"path": "/api/v1/namespaces/default/pods/web:8080/proxy/"}\n',
    );
    // Its output is not the terminal, so curl shows its progress meter on stderr.
    expect(proxied.stderr).to.match(
      /\r100 {4}60 {2}100 {4}60 {4}0 {5}0 {2}[ \d]{5} {6}0 --:--:-- --:--:-- --:--:-- [ \d]{5}\n$/,
    );
    expect((await sh.run('curl -s localhost:8001/version')).stdout).to.equal(
      '{"path": "/version"}\n',
    );
    expect((await sh.run('wget -qO- 127.0.0.1:8001/x')).stdout).to.equal('{"path": "/x"}\n');
    expect(await sh.run('curl -sS localhost:9999/')).to.deep.equal({
      stdout: '',
      stderr:
        "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n",
      status: 7,
    });
    expect((await sh.run('curl -s localhost:9999/; echo $?')).stdout).to.equal('7\n');
  });

  it("reaches a NodePort on minikube's address, and does not resolve bare Service names", async () => {
    const sh = await shellFixture();
    await sh.kube.client.create(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'playground-control-plane',
        labels: { 'node-role.kubernetes.io/control-plane': '' },
      },
      status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
    });
    await sh.kube.client.create(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
      },
    });
    const service = (await sh.kube.client.get(services, 'default', 'web')) as unknown as {
      spec: { clusterIP: string };
    };
    sh.servers.set('172.18.0.2:30080', (request) => ({
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/plain' },
      body: new TextEncoder().encode(
        `Hostname: web-1 ${request.path} ${request.headers?.['user-agent']}\n`,
      ),
    }));
    sh.servers.set(`${service.spec.clusterIP}:80`, () => ({
      status: 200,
      statusText: 'OK',
      headers: {},
      body: new TextEncoder().encode('via ClusterIP\n'),
    }));
    expect((await sh.run('minikube ip')).stdout).to.equal('172.18.0.2\n');
    expect((await sh.run('minikube service web --url')).stdout).to.equal(
      'http://172.18.0.2:30080\n',
    );
    expect(
      (await sh.run('export NODE_PORT=30080; curl http://"$(minikube ip):$NODE_PORT"')).stdout,
    ).to.equal('Hostname: web-1 / curl/8.5.0\n');
    expect((await sh.run('curl -s web.default.svc.cluster.local')).stdout).to.equal(
      'via ClusterIP\n',
    );
    expect(await sh.run('curl -sS web')).to.deep.equal({
      stdout: '',
      stderr: 'curl: (6) Could not resolve host: web\n',
      status: 6,
    });
    const included = await sh.run('curl -si 172.18.0.2:30080/x');
    expect(included.stdout).to.match(
      /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain\r\nContent-Length: \d+\r\n\r\nHostname: web-1 \/x/,
    );
    const piped = await sh.run('curl 172.18.0.2:30080 | grep -o web-1');
    expect(piped.stdout).to.equal('web-1\n');
    expect(piped.stderr).to.match(
      /^ {2}% Total {4}% Received % Xferd {2}Average Speed {3}Time {4}Time {5}Time {2}Current\n/,
    );
    expect(
      (await sh.run('curl -s -o /dev/null -w "%{http_code}\\n" 172.18.0.2:30080')).stdout,
    ).to.equal('200\n');
    const wget = await sh.run('wget 172.18.0.2:30080/page.html');
    expect(wget.stderr).to.include(
      'Connecting to 172.18.0.2:30080... connected.\nHTTP request sent, awaiting response... 200 OK\n',
    );
    expect(sh.workspace.read('/home/user/page.html')).to.match(/^Hostname: web-1/);
    expect((await sh.run('wget -q web; echo $?')).stdout).to.equal('4\n');
  });

  it('reaches an Ingress host through /etc/hosts or --resolve, as the ingress tutorials do', async () => {
    const sh = await shellFixture();
    await sh.kube.client.create(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
    });
    sh.servers.set('172.18.0.2:80', (request) => ({
      status: 200,
      statusText: 'OK',
      headers: {},
      body: new TextEncoder().encode(`host=${request.host}\n`),
    }));
    expect((await sh.run('curl -sS hello-world.example')).stderr).to.equal(
      'curl: (6) Could not resolve host: hello-world.example\n',
    );
    expect(
      (
        await sh.run(
          'curl -s --resolve "hello-world.example:80:$( minikube ip )" -i http://hello-world.example',
        )
      ).stdout,
    ).to.match(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nhost=hello-world\.example\n$/);
    await sh.run('echo "$(minikube ip) hello-world.example" | sudo tee -a /etc/hosts > /dev/null');
    expect((await sh.run('curl -s hello-world.example/v2')).stdout).to.equal(
      'host=hello-world.example\n',
    );
    expect((await sh.run('curl -s -H "Host: other.example" 172.18.0.2')).stdout).to.equal(
      'host=other.example\n',
    );
  });

  it('lists services and addons as minikube does', async () => {
    const sh = await shellFixture();
    await sh.kube.client.create(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
    });
    await sh.kube.client.create(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'hello-node' },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'hello-node' },
        ports: [{ port: 8080, nodePort: 31412 }],
      },
    });
    expect((await sh.run('minikube service hello-node')).stdout).to.equal(
      [
        '|-----------|------------|-------------|-------------------------|',
        '| NAMESPACE |    NAME    | TARGET PORT |           URL           |',
        '|-----------|------------|-------------|-------------------------|',
        '| default   | hello-node |        8080 | http://172.18.0.2:31412 |',
        '|-----------|------------|-------------|-------------------------|',
        '🎉  Opening service default/hello-node in default browser...',
        '',
      ].join('\n'),
    );
    expect(sh.pageActions).to.deep.equal([
      { kind: 'open', url: '/api/v1/namespaces/default/services/hello-node:8080/proxy/' },
    ]);
    const addons = (await sh.run('minikube addons list')).stdout.split('\n');
    expect(addons[1]).to.equal('|      ADDON NAME      | PROFILE  |   STATUS   | MAINTAINER |');
    expect(addons).to.include('| metrics-server       | minikube | disabled   | Kubernetes |');
    expect((await sh.run('minikube addons enable metrics-server')).stdout).to.equal(
      "💡  metrics-server is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.\nYou can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n    ▪ Using image registry.k8s.io/metrics-server/metrics-server:v0.7.2\n🌟  The 'metrics-server' addon is enabled\n",
    );
    expect((await sh.run('minikube addons list | grep metrics')).stdout).to.equal(
      '| metrics-server       | minikube | enabled ✅ | Kubernetes |\n',
    );
    await sh.run('minikube dashboard');
    expect(sh.pageActions[sh.pageActions.length - 1]).to.deep.equal({ kind: 'dashboard' });
    expect((await sh.run('minikube ssh')).stderr).to.equal(
      'Error: unknown command "ssh" for "minikube"\nRun \'minikube --help\' for usage.\n',
    );
  });

  it('decodes a Secret piped from kubectl, and reads kubectl output line by line', async () => {
    const sh = await shellFixture();
    await sh.run('kubectl create secret generic db --from-literal=password=s3cr3t');
    expect(
      (await sh.run("kubectl get secret db -o jsonpath='{.data.password}' | base64 --decode"))
        .stdout,
    ).to.equal('s3cr3t');
    for (const name of ['a', 'b'])
      await sh.run(`kubectl create configmap ${name} --from-literal=k=v`);
    const listed = await sh.run(
      'kubectl get configmaps -o name | grep -v kube-root | while read cm; do echo "found ${cm#configmap/}"; done',
    );
    expect(listed.stdout).to.equal('found a\nfound b\n');
  });

  it('watches a command until Ctrl-C', async () => {
    const sh = await shellFixture();
    const controller = new AbortController();
    const out = new Capture();
    const running = sh.session.run(
      'watch -n 1 echo hi',
      { stdin: textInput(''), stdout: out, stderr: out },
      controller.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    await running;
    expect(out.text).to.match(
      /^Every 1\.0s: echo hi {2,}playground: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 2026\n\nhi\n/,
    );
  });
});
