import { expect } from '@esm-bundle/chai';
import type { Event, Node } from '../../../src/kernel/types/core.ts';
import '../../../src/ui/embed.ts';
import type {
  K8sCommandDetail,
  K8sPlayground,
  K8sReadyDetail,
} from '../../../src/ui/embed/k8s-playground.ts';
import type { RunningPlayground } from '../../../src/ui/playground-api.ts';
import { testUrls } from '../../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 50 ms, for at most `ms` of real time. */
async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 40_000,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An element as a docs page writes it, recording the events it fires, not yet in the page. */
function playgroundElement(attributes: Record<string, string>, inner = '') {
  const el = document.createElement('k8s-playground');
  el.urls = testUrls;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.innerHTML = inner;
  const fired = {
    ready: [] as K8sReadyDetail[],
    events: [] as Event[],
    commands: [] as K8sCommandDetail[],
  };
  el.addEventListener('k8s-ready', (e) => fired.ready.push(e.detail));
  el.addEventListener('k8s-event', (e) => fired.events.push(e.detail));
  el.addEventListener('k8s-command', (e) => fired.commands.push(e.detail));
  return { el, fired };
}

const nginx = `
  <script type="text/yaml">
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: nginx
    spec:
      replicas: 1
      selector:
        matchLabels: {app: nginx}
      template:
        metadata:
          labels: {app: nginx}
        spec:
          containers:
          - name: nginx
            image: nginx:1.27
  </script>`;

const web = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
`;

async function nodeNames(p: RunningPlayground): Promise<string[]> {
  const res = await p.request({ verb: 'GET', path: '/api/v1/nodes' });
  return (res.body as { items: Node[] }).items.map((n) => n.metadata.name!).sort();
}

/** The display of a part of the element's view, as laid out. */
function shown(el: K8sPlayground, selector: string): boolean {
  const view = el.shadowRoot!.querySelector('kube-playground')!;
  const part = view.shadowRoot!.querySelector(selector)!;
  return getComputedStyle(part).display !== 'none';
}

describe('<k8s-playground>: two elements in one page', function () {
  this.timeout(120_000);
  const first = playgroundElement(
    { storage: 'memory', nodes: '1', view: 'terminal', commands: 'kubectl get deployments' },
    nginx,
  );
  const second = playgroundElement({ ephemeral: '', nodes: '3', view: 'both' });
  const a = first.el;
  const b = second.el;

  before(async () => {
    const article = document.createElement('article');
    article.style.width = '900px';
    article.append(a, b);
    document.body.append(article);
    await Promise.all([a.ready, b.ready]);
  });

  after(() => {
    a.parentElement?.remove();
  });

  it('boots a cluster for each, with the worker nodes each asked for', async () => {
    expect(a.playground).to.not.equal(undefined);
    expect(b.playground).to.not.equal(undefined);
    expect(a.playground).to.not.equal(b.playground);
    const roles = (el: K8sPlayground) =>
      el
        .playground!.nodes()
        .map((n) => n.role)
        .sort();
    expect(roles(a)).to.deep.equal(['control-plane', 'worker']);
    expect(roles(b)).to.deep.equal(['control-plane', 'worker', 'worker', 'worker']);
    expect(await until(async () => (await nodeNames(a.playground!)).length === 2)).to.equal(true);
    expect(await until(async () => (await nodeNames(b.playground!)).length === 4)).to.equal(true);
  });

  it('leaves the focus where it was when its terminal opens', async () => {
    for (const el of [a, b]) {
      const view = el.shadowRoot!.querySelector('kube-playground')!;
      await view.updateComplete;
      const terminal = view.shadowRoot!.querySelector('kube-terminal')!;
      await terminal.updateComplete;
      expect(terminal.tabCount).to.equal(1);
    }
    expect(document.activeElement).to.equal(document.body);
  });

  it('fires k8s-ready once each, with the preloaded manifest applied', () => {
    expect(first.fired.ready).to.have.length(1);
    expect(first.fired.ready[0].playground).to.equal(a.playground);
    expect(first.fired.ready[0].applied.map((r) => [r.ref, r.action])).to.deep.equal([
      ['deployment.apps/nginx', 'created'],
    ]);
    expect(first.fired.ready[0].manifestError).to.equal(undefined);
    expect(second.fired.ready).to.have.length(1);
    expect(second.fired.ready[0].applied).to.deep.equal([]);
  });

  it("keeps each cluster's objects to itself", async () => {
    expect((await a.kubectl('get deployment nginx -o name')).stdout).to.equal(
      'deployment.apps/nginx\n',
    );
    const missing = await b.kubectl('get deployment nginx');
    expect(missing.exitCode).to.equal(1);
    expect(missing.stderr).to.equal(
      'Error from server (NotFound): deployments.apps "nginx" not found\n',
    );

    const applied = await b.apply(web);
    expect(applied.map((r) => [r.ref, r.action])).to.deep.equal([
      ['deployment.apps/web', 'created'],
    ]);
    expect((await a.kubectl('get deployments -o name')).stdout).to.equal('deployment.apps/nginx\n');
    expect((await b.kubectl('get deployments -o name')).stdout).to.equal('deployment.apps/web\n');
  });

  it("fires k8s-event for its own cluster's Events only", async () => {
    const scaled = (events: Event[], name: string) =>
      events.some(
        (e) =>
          e.reason === 'ScalingReplicaSet' &&
          e.involvedObject.kind === 'Deployment' &&
          e.involvedObject.name === name,
      );
    await until(() => scaled(first.fired.events, 'nginx'));
    await until(() => scaled(second.fired.events, 'web'));
    expect(scaled(first.fired.events, 'web')).to.equal(false);
    expect(scaled(second.fired.events, 'nginx')).to.equal(false);
    const registered = (events: Event[]) =>
      new Set(events.filter((e) => e.reason === 'RegisteredNode').map((e) => e.involvedObject.name))
        .size;
    await until(() => registered(first.fired.events) === 2);
    await until(() => registered(second.fired.events) === 4);
  });

  it('runs its commands attribute in its terminal and fires k8s-command', async () => {
    const ran = await until(() =>
      first.fired.commands.find((c) => c.command === 'kubectl get deployments'),
    );
    expect(ran).to.deep.equal({ command: 'kubectl get deployments', exitCode: 0, via: 'terminal' });
    expect(second.fired.commands.some((c) => c.command === 'kubectl get deployments')).to.equal(
      false,
    );
  });

  it('fires k8s-command for run() and kubectl(), with the output of the latter', async () => {
    expect(await a.run('kubectl get nodes --no-headers | wc -l')).to.equal(0);
    expect(await a.run('kubectl get deployment web')).to.equal(1);
    await a.kubectl(['get', 'nodes', '-o', 'name']);
    expect(first.fired.commands.slice(-3)).to.deep.equal([
      { command: 'kubectl get nodes --no-headers | wc -l', exitCode: 0, via: 'terminal' },
      { command: 'kubectl get deployment web', exitCode: 1, via: 'terminal' },
      {
        command: 'get nodes -o name',
        exitCode: 0,
        via: 'kubectl',
        stdout: 'node/playground-control-plane\nnode/playground-worker\n',
        stderr: '',
      },
    ]);
  });

  it('shows the view each asked for, filling its box', async () => {
    expect(shown(a, '.workbench')).to.equal(true);
    expect(shown(a, '.cluster')).to.equal(false);
    expect(shown(b, '.workbench')).to.equal(true);
    expect(shown(b, '.cluster')).to.equal(true);
    const view = b.shadowRoot!.querySelector('kube-playground')!;
    expect(view.getBoundingClientRect().height).to.equal(b.getBoundingClientRect().height - 2);

    b.style.height = '600px';
    expect(view.getBoundingClientRect().height).to.equal(598);
    b.setAttribute('view', 'map');
    await view.updateComplete;
    expect(shown(b, '.workbench')).to.equal(false);
    expect(shown(b, '.cluster')).to.equal(true);

    // The tutorial attribute goes to the view, which finds tutorials next to the script.
    b.setAttribute('tutorial', 'basics');
    expect(view.tutorial).to.equal('basics');
    expect(view.tutorialBase).to.equal(
      new URL('../../../src/ui/embed/tutorials/', import.meta.url).href,
    );
    b.removeAttribute('tutorial');
    expect(view.tutorial).to.equal(undefined);
  });

  it('keeps its cluster when moved within the page, and ends it when removed', async () => {
    const playground = b.playground!;
    a.parentElement!.prepend(b);
    await new Promise((resolve) => setTimeout(resolve));
    expect(b.playground).to.equal(playground);
    expect(playground.nodes()).to.have.length(4);

    b.remove();
    await new Promise((resolve) => setTimeout(resolve));
    expect(b.playground).to.equal(undefined);
    expect(playground.nodes()).to.deep.equal([]);
    let failure: unknown;
    try {
      await playground.request({ verb: 'GET', path: '/api/v1/nodes' });
    } catch (err) {
      failure = err;
    }
    expect(failure).to.be.instanceOf(Error);
    // The other cluster is untouched.
    expect((await a.kubectl('get deployments -o name')).stdout).to.equal('deployment.apps/nginx\n');
  });
});

describe('<k8s-playground> removed before it is ready', function () {
  this.timeout(60_000);

  it('rejects ready and ends its cluster', async () => {
    const { el, fired } = playgroundElement({ storage: 'memory', nodes: '1' }, nginx);
    document.body.append(el);
    const ready = el.ready;
    const playground = el.playground!;
    el.remove();
    let failure: unknown;
    try {
      await ready;
    } catch (err) {
      failure = err;
    }
    expect((failure as Error).message).to.equal(
      'the <k8s-playground> element was removed from the page',
    );
    expect(el.playground).to.equal(undefined);
    expect(playground.nodes()).to.deep.equal([]);
    expect(fired.ready).to.deep.equal([]);
  });
});

describe('<k8s-playground> with a manifest that does not apply', function () {
  this.timeout(60_000);
  let el: K8sPlayground | undefined;
  afterEach(() => el?.remove());

  it('becomes ready and reports the manifest error in k8s-ready and on its view', async () => {
    const missing = new URL('./missing.yaml', import.meta.url).href;
    const made = playgroundElement({ storage: 'memory', nodes: '0', manifest: missing });
    el = made.el;
    document.body.append(el);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      await el.ready;
    } finally {
      console.error = original;
    }
    const message = `${missing}: GET ${missing}: 404 Not Found`;
    expect(made.fired.ready[0].manifestError).to.equal(message);
    expect(errors).to.deep.equal([`<k8s-playground>: the manifest did not apply:\n${message}`]);
    const view = el.shadowRoot!.querySelector('kube-playground')!;
    expect(view.notice).to.equal(`The page's manifest did not apply: ${message}`);
    expect(el.playground!.nodes().map((n) => n.role)).to.deep.equal(['control-plane']);
  });
});

describe('<k8s-playground> reset from its Cluster menu', function () {
  this.timeout(60_000);
  let el: K8sPlayground | undefined;
  afterEach(() => el?.remove());

  it('offers no share link, and a reset boots a fresh cluster in place', async () => {
    const configMap = `
      <script type="text/yaml">
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: preloaded}
      </script>`;
    const made = playgroundElement({ storage: 'memory', nodes: '0' }, configMap);
    el = made.el;
    document.body.append(el);
    const first = await el.ready;
    const view = el.shadowRoot!.querySelector('kube-playground')!;
    await view.updateComplete;
    const header = view.shadowRoot!.querySelector('kube-cluster-header')!;
    await header.updateComplete;
    const items = [...header.shadowRoot!.querySelectorAll('[role=menuitem]')].map((b) =>
      b.className.replace('bundle-', ''),
    );
    expect(items).to.deep.equal(['export', 'import', 'reset']);

    await el.kubectl('create configmap mine');
    await first.reset();
    expect(el.playground).to.not.equal(undefined);
    expect(el.playground).to.not.equal(first);
    const second = await el.ready;
    expect(second).to.equal(el.playground);
    expect(first.nodes()).to.deep.equal([]);
    expect(made.fired.ready.map((r) => r.applied.map((a) => `${a.ref} ${a.action}`))).to.deep.equal(
      [['configmap/preloaded created'], ['configmap/preloaded created']],
    );
    expect((await el.kubectl('get configmap mine')).stderr).to.equal(
      'Error from server (NotFound): configmaps "mine" not found\n',
    );
  });
});
