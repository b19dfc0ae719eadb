import { expect } from '@esm-bundle/chai';
import { KubeTerminal } from '../../src/ui/components/kube-terminal.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { interruptGraceMs } from '../../src/ui/terminal/terminal-session.ts';
import { mount, settle, unmountAll } from '../ui/views/dom.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 60_000,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// The HorizontalPodAutoscaler walkthrough's php-apache (its stand-in answers `OK!`).
const phpApache = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`;

/**
 * Ctrl-C typed into the page's terminal: the prompt comes back once the command has done what
 * it does on an interrupt (as bash waits for its foreground job), and at once for commands
 * with nothing left to do.
 */
describe('Ctrl-C in the terminal', function () {
  this.timeout(180_000);
  let p: RunningPlayground;
  let el: KubeTerminal;

  beforeEach(async () => {
    p = startPlayground({
      database: `interrupt-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    el = new KubeTerminal();
    el.style.width = '1600px';
    el.style.height = '600px';
    el.playground = p;
    mount(el);
    await settle(el);
    await p.ready;
    await p.apply(phpApache);
    el.type('kubectl rollout status deployment/php-apache\r');
    await el.idle();
  });

  afterEach(() => {
    unmountAll();
    p.terminate();
  });

  const screen = () => el.lines().join('\n');

  /** Types Ctrl-C and waits for the prompt; the real milliseconds it took. */
  async function interrupt(): Promise<number> {
    const start = performance.now();
    el.type('\x03');
    await el.idle();
    return performance.now() - start;
  }

  it('shows kubectl run --rm deleting the load generator before the next prompt', async () => {
    el.type(
      'kubectl run -i --tty load-generator --rm --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"\r',
    );
    await until(() => screen().includes('OK!OK!')).catch((err: Error) => {
      throw new Error(`${err.message}; the terminal shows:\n${el.lines().slice(-10).join('\n')}`);
    });
    await interrupt();
    const lines = el.lines();
    const deleted = lines.findIndex(
      (l) => l === 'pod "load-generator" deleted from default namespace',
    );
    expect(deleted, lines.slice(-5).join('\n')).to.be.greaterThan(0);
    expect(lines[deleted - 1]).to.match(/\^C$/);
    expect(lines.slice(deleted + 1), 'the prompt comes after').to.deep.equal(['$ ']);
    expect(el.session.running).to.equal(false);
    // kubectl run --rm does not wait for the pod to go; it goes soon after.
    await until(async () => {
      const got = await p.request({
        verb: 'GET',
        path: '/api/v1/namespaces/default/pods/load-generator',
      });
      return got.status === 404;
    });
  });

  it('stops get -w, logs -f, port-forward, proxy and exec -it without waiting out the grace', async () => {
    el.type('kubectl get pods -o name\r');
    await el.idle();
    const pod = el
      .lines()
      .find((l) => l.startsWith('pod/php-apache-'))
      ?.slice('pod/'.length);
    expect(pod).to.be.a('string');
    // Each command, and what it shows once it runs (logs -f: php-apache has logged nothing).
    const commands: [string, string | undefined][] = [
      ['kubectl get pods -w', 'NAME'],
      [`kubectl logs -f ${pod}`, undefined],
      [`kubectl port-forward ${pod} 8080:80`, 'Forwarding from 127.0.0.1:8080 -> 80'],
      ['kubectl proxy', 'Starting to serve on 127.0.0.1:8001'],
      [`kubectl exec -it ${pod} -- sh`, '# '],
    ];
    for (const [command, shows] of commands) {
      const before = el.lines().length;
      el.type(`${command}\r`);
      await until(
        () =>
          shows === undefined ||
          el
            .lines()
            .slice(before)
            .some((l) => l.includes(shows)),
      ).catch((err: Error) => {
        throw new Error(`${command}: ${err.message}; the terminal shows:\n${screen()}`);
      });
      expect(el.session.running, command).to.equal(true);
      const took = await interrupt();
      expect(took, `${command} took ${took} ms to stop`).to.be.below(interruptGraceMs);
      el.type('echo "exit $?"\r');
      await el.idle();
      expect(el.lines().slice(-2), command).to.deep.equal(['exit 130', '$ ']);
    }
  });
});
