import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { manifestFiles } from '../kernel/api/validation/load-manifests.ts';
import { testUrls } from '../helpers/worker-urls.ts';

// The manifests of the Kubernetes documentation kept as test data (each file starts with the
// line naming its source; the list is load-manifests.ts') applied unchanged to a playground,
// each after the objects its page has the reader create first, and every pod they make has
// to reach Running, or Succeeded for pods that run once.

/** Polls until `fn` returns a value, every 100 ms, for at most `ms` of real time. */
async function until<T>(
  fn: () => Promise<T | undefined | false>,
  ms: number,
  state: () => Promise<string>,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline)
      throw new Error(`condition not reached within ${ms} ms; ${await state()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function text(url: URL): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname}: ${res.status}`);
  return res.text();
}

/** A docs manifest under test: test/kernel/api/validation/manifests/<file>. */
const docsManifest = (file: string) =>
  text(new URL(`../kernel/api/validation/manifests/${file}`, import.meta.url));

/** An object a docs page has the reader create first: test/e2e/manifests/docs-fixtures/<file>. */
const fixtureFile = (file: string) =>
  text(new URL(`./manifests/docs-fixtures/${file}`, import.meta.url));

/**
 * What a docs page has the reader do before applying the manifest: `kubectl` command lines as
 * the page gives them, or `apply:<fixture file>` for the page's own fixture manifest (kept
 * unchanged, with its source line, under test/e2e/manifests/docs-fixtures).
 */
type Fixture = string;

interface Case {
  /** The pods the manifest makes (a Deployment's replicas, a bare Pod). */
  pods: number;
  /** Its pods run once (restartPolicy: Never) and must succeed. */
  completes?: boolean;
  fixtures?: Fixture[];
  /** Lines the log of its (one) pod holds, as the docs page shows them. */
  logs?: string[];
  /** The READY column `kubectl get pods` shows for each of its pods once they run. */
  ready?: string;
}

// From "Configure a Pod to Use a ConfigMap" (tasks/configure-pod-container/configure-pod-configmap).
const specialConfigSingle =
  'kubectl create configmap special-config --from-literal=special.how=very';
const specialConfigMultiKeys = 'apply:configmap/configmap-multikeys.yaml';
// From "Distribute Credentials Securely Using Secrets" (tasks/inject-data-application/distribute-credentials-secure).
const backendUser =
  "kubectl create secret generic backend-user --from-literal=backend-username='backend-admin'";
const dbUser = "kubectl create secret generic db-user --from-literal=db-username='db-admin'";
// From "Updating Configuration via a ConfigMap" (tutorials/configuration/updating-configuration-via-a-configmap).
const color = 'kubectl create configmap color --from-literal=color=red';

/**
 * "Connecting Applications with Services" makes its certificate with openssl, which the
 * playground's shell does not have: `kubectl create secret tls` is given placeholder PEM blocks
 * instead (kubectl checks their PEM types only), which is all the curl pod needs, since it only
 * mounts them.
 */
const placeholderPem: Record<string, string> = {
  'nginx.crt':
    '-----BEGIN CERTIFICATE-----\ncGxhY2Vob2xkZXIgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
  'nginx.key':
    '-----BEGIN PRIVATE KEY-----\ncGxhY2Vob2xkZXIgcHJpdmF0ZSBrZXk=\n-----END PRIVATE KEY-----\n',
};

const cases: Record<string, Case> = {
  'admin/dns/dnsutils.yaml': { pods: 1 },
  'application/deployment-scale.yaml': { pods: 4 },
  'application/deployment-update.yaml': { pods: 2 },
  'application/deployment.yaml': { pods: 2 },
  'application/guestbook/frontend-deployment.yaml': { pods: 3 },
  'application/guestbook/redis-follower-deployment.yaml': { pods: 2 },
  'application/guestbook/redis-leader-deployment.yaml': { pods: 1 },
  'application/php-apache.yaml': { pods: 1 },
  'controllers/nginx-deployment.yaml': { pods: 3 },
  'deployments/deployment-with-configmap-as-envvar.yaml': {
    pods: 3,
    fixtures: ['kubectl create configmap fruits --from-literal=fruits=apples'],
  },
  'deployments/deployment-with-configmap-as-volume.yaml': {
    pods: 3,
    fixtures: ['kubectl create configmap sport --from-literal=sport=football'],
  },
  'deployments/deployment-with-configmap-two-containers.yaml': { pods: 3, fixtures: [color] },
  // Its alpine container is a sidecar (an init container with restartPolicy: Always): it keeps
  // running beside nginx, and kubectl counts it in READY.
  'deployments/deployment-with-configmap-and-sidecar-container.yaml': {
    pods: 3,
    fixtures: [color],
    ready: '2/2',
  },
  'deployments/deployment-with-immutable-configmap-as-volume.yaml': {
    pods: 3,
    fixtures: ['apply:configmap/immutable-configmap.yaml'],
  },
  'inline/dns-pod-service-busybox-subdomain.yaml': { pods: 2 },
  // "Configuring Redis using a ConfigMap" (tutorials/configuration/configure-redis-using-configmap).
  'pods/config/redis-pod.yaml': { pods: 1, fixtures: ['apply:pods/example-redis-config.yaml'] },
  'pods/inject/pod-multiple-secret-env-variable.yaml': {
    pods: 1,
    fixtures: [backendUser, dbUser],
  },
  'pods/inject/pod-secret-envFrom.yaml': {
    pods: 1,
    fixtures: [
      "kubectl create secret generic test-secret --from-literal=username='my-app' --from-literal=password='39528$vdg7Jb'",
    ],
  },
  'pods/inject/pod-single-secret-env-variable.yaml': { pods: 1, fixtures: [backendUser] },
  'pods/inject/secret-pod.yaml': { pods: 1, fixtures: ['apply:pods/secret.yaml'] },
  'pods/pod-configmap-env-var-valueFrom.yaml': {
    pods: 1,
    completes: true,
    fixtures: [specialConfigMultiKeys],
    logs: ['very charm'],
  },
  'pods/pod-configmap-envFrom.yaml': {
    pods: 1,
    completes: true,
    fixtures: [specialConfigMultiKeys],
    logs: ['SPECIAL_LEVEL=very', 'SPECIAL_TYPE=charm'],
  },
  'pods/pod-configmap-volume-specific-key.yaml': {
    pods: 1,
    completes: true,
    fixtures: [specialConfigMultiKeys],
    logs: ['very'],
  },
  'pods/pod-configmap-volume.yaml': {
    pods: 1,
    completes: true,
    fixtures: [specialConfigMultiKeys],
    logs: ['SPECIAL_LEVEL', 'SPECIAL_TYPE'],
  },
  'pods/pod-multiple-configmap-env-variable.yaml': {
    pods: 1,
    completes: true,
    fixtures: ['apply:configmap/configmaps.yaml'],
    logs: ['SPECIAL_LEVEL_KEY=very', 'LOG_LEVEL=INFO'],
  },
  'pods/pod-single-configmap-env-variable.yaml': {
    pods: 1,
    completes: true,
    fixtures: [specialConfigSingle],
    logs: ['SPECIAL_LEVEL_KEY=very'],
  },
  'pods/probe/exec-liveness.yaml': { pods: 1 },
  'pods/probe/http-liveness.yaml': { pods: 1 },
  'service/networking/curlpod.yaml': {
    pods: 1,
    fixtures: ['kubectl create secret tls nginxsecret --key nginx.key --cert nginx.crt'],
  },
  'service/networking/run-my-nginx.yaml': { pods: 2 },
};

/** Manifests of the list that cannot run here, and why. */
const leftOut: Record<string, string> = {
  // registry.k8s.io/etcd has no stand-in (docs/images.md: a server that does not speak etcd's
  // protocol, gRPC health service included, would only mislead).
  'pods/probe/grpc-liveness.yaml': 'no stand-in for registry.k8s.io/etcd',
  // registry.k8s.io/goproxy has no stand-in.
  'pods/probe/tcp-liveness-readiness.yaml': 'no stand-in for registry.k8s.io/goproxy',
  // bprashanth/nginxhttps serves TLS on 443, which no stand-in does.
  'service/networking/nginx-secure-app.yaml': 'no stand-in for bprashanth/nginxhttps (TLS)',
};

async function podsOf(p: RunningPlayground): Promise<Pod[]> {
  const res = await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods' });
  return (res.body as { items: Pod[] }).items;
}

const runs = (pod: Pod) =>
  pod.status?.phase === 'Running' &&
  (pod.status.containerStatuses ?? []).length > 0 &&
  (pod.status.containerStatuses ?? []).every((c) => c.state?.running);

const succeeded = (pod: Pod) => pod.status?.phase === 'Succeeded';

/** One line per pod: its phase and each container's state, for a failure message. */
function describePods(pods: Pod[]): string {
  return pods
    .map((pod) => {
      const containers = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ].map((c) => {
        const [state, detail] = Object.entries(c.state ?? {})[0] ?? ['unknown', {}];
        const reason = (detail as { reason?: string } | undefined)?.reason;
        return `${c.name}=${state}${reason ? `(${reason})` : ''}`;
      });
      return `${pod.metadata.name}: ${pod.status?.phase ?? '?'} ${containers.join(' ')}`;
    })
    .join('; ');
}

describe('manifests from the Kubernetes documentation, applied unchanged', function () {
  this.timeout(120_000);
  let p: RunningPlayground;

  beforeEach(async () => {
    p = startPlayground({
      database: `docs-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  it('covers every manifest of the list, or says why it is left out', () => {
    const covered = [...Object.keys(cases), ...Object.keys(leftOut)].sort();
    expect(covered).to.deep.equal([...manifestFiles].sort());
  });

  /** Runs a fixture in the default namespace, as the docs page has the reader do. */
  async function fixture(line: Fixture): Promise<void> {
    const result = line.startsWith('apply:')
      ? await p.kubectl(['kubectl', 'apply', '-f', '-'], {
          stdin: await fixtureFile(line.slice('apply:'.length)),
        })
      : await p.kubectl(line, { readFile: async (path) => placeholderPem[path] });
    expect(result.exitCode, `${line}: ${result.stderr}`).to.equal(0);
  }

  for (const [file, c] of Object.entries(cases)) {
    it(`${file}: ${c.pods} pod${c.pods === 1 ? '' : 's'} ${c.completes ? 'succeed' : 'run'}`, async () => {
      for (const line of c.fixtures ?? []) await fixture(line);
      const applied = await p.kubectl(['kubectl', 'apply', '-f', '-'], {
        stdin: await docsManifest(file),
      });
      expect(applied.exitCode, applied.stderr).to.equal(0);

      const done = c.completes ? succeeded : runs;
      const pods = await until(
        async () => {
          const list = await podsOf(p);
          return list.length === c.pods && list.every(done) && list;
        },
        90_000,
        async () => describePods(await podsOf(p)),
      );

      if (c.ready) {
        const sidecarsRun = pods.every((pod) =>
          (pod.status?.initContainerStatuses ?? []).every((s) => s.state?.running && s.started),
        );
        expect(sidecarsRun, describePods(pods)).to.equal(true);
        const table = await until(
          async () => {
            const got = await p.kubectl('kubectl get pods --no-headers');
            const rows = got.stdout.trim().split('\n');
            return rows.every((row) => row.split(/\s+/)[1] === c.ready) && got.stdout;
          },
          60_000,
          async () => (await p.kubectl('kubectl get pods')).stdout,
        );
        expect(table).to.contain(' Running ');
      }
      if (c.logs) {
        const log = await p.logs('default', pods[0].metadata.name ?? '');
        expect(log.split('\n')).to.include.members(c.logs);
      }
    });
  }
});
