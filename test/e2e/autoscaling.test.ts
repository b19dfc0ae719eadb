import { expect } from '@esm-bundle/chai';
import type { Deployment } from '../../src/kernel/types/apps.ts';
import type { HorizontalPodAutoscaler } from '../../src/kernel/types/autoscaling.ts';
import type { Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 100 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The HorizontalPodAutoscaler walkthrough's Deployment and Service, verbatim
// (content/en/examples/application/php-apache.yaml): registry.k8s.io/hpa-example runs on its
// built-in stand-in, which burns CPU on every request.
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
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`;

// The walkthrough's HPA in autoscaling/v2, with a scale-down window of 60 s (6 s under the
// tutorial preset, where an autoscaler second lasts 100 ms) instead of the default 300 s.
const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 60
`;

const loadgen = `apiVersion: v1
kind: Pod
metadata:
  name: load-generator
spec:
  restartPolicy: Never
  containers:
  - name: load
    image: loadgen
    args: ["--rps", "20", "--concurrency", "2", "http://php-apache/"]
`;

describe('HorizontalPodAutoscaler on a running cluster', function () {
  this.timeout(180_000);
  let p: RunningPlayground;
  before(async () => {
    p = startPlayground({
      database: `hpa-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  after(() => p.terminate());

  const get = async <T>(path: string): Promise<T> =>
    (await p.request({ verb: 'GET', path })).body as T;
  const deployment = () =>
    get<Deployment>('/apis/apps/v1/namespaces/default/deployments/php-apache');
  const autoscaler = () =>
    get<HorizontalPodAutoscaler>(
      '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/php-apache',
    );
  const dump = async () => {
    const lines = await Promise.all(
      ['get hpa,deploy,pods -o wide', 'top pod', 'describe hpa php-apache'].map((c) =>
        p.kubectl(c),
      ),
    );
    return lines.map((r) => r.stdout + r.stderr).join('\n');
  };

  it('scales a Deployment up under load and back down after the stabilization window', async () => {
    await p.apply(phpApache);
    await until(async () => (await deployment()).status?.readyReplicas === 1, 30_000);
    await p.apply(hpa);
    // Idle: the metrics API reports php-apache's pod and the HPA reads it (near 0% of 200m).
    await until(async () => {
      const status = (await autoscaler()).status;
      return status?.currentMetrics?.[0]?.resource?.current.averageUtilization !== undefined;
    }, 30_000).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${await dump()}`);
    });
    const top = await p.kubectl('top pod');
    expect(top.stdout).to.match(
      /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s+\nphp-apache-\S+\s+\d+m\s+\d+Mi\s+\n$/,
    );

    await p.apply(loadgen);
    await until(async () => {
      const d = await deployment();
      return (d.spec.replicas ?? 0) > 1 && (d.status?.readyReplicas ?? 0) > 1 && d;
    }, 60_000).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${await dump()}`);
    });
    const events = await p.kubectl('get events --field-selector reason=SuccessfulRescale');
    expect(events.stdout).to.match(
      /New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/,
    );
    const table = await p.kubectl('get hpa php-apache');
    expect(table.stdout).to.match(
      /php-apache\s+Deployment\/php-apache\s+cpu: \d+%\/50%\s+1\s+5\s+\d+/,
    );

    await p.request({ verb: 'DELETE', path: '/api/v1/namespaces/default/pods/load-generator' });
    const loadEnd = performance.now();
    await until(async () => (await deployment()).spec.replicas === 1, 90_000).catch(
      async (err: unknown) => {
        throw new Error(`${String(err)}\n${await dump()}`);
      },
    );
    const downMs = performance.now() - loadEnd;
    // Not before the 60-second (6 s here) stabilization window has passed.
    expect(downMs).to.be.at.least(6_000);
    const last = await p.kubectl('get events --field-selector reason=SuccessfulRescale');
    expect(last.stdout).to.contain('New size: 1; reason: All metrics below target');
    const pods = await get<{ items: Pod[] }>(
      '/api/v1/namespaces/default/pods?labelSelector=run%3Dphp-apache',
    );
    expect(pods.items.length).to.be.at.least(1);
  });
});
