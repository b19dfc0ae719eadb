// Page-level benchmarks: the real bundled page (dist/) loaded in Chromium as a user loads it,
// driven through window.playground. Each figure is the median of a few fresh page loads.

const RUNS = 5;

const ticker = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ticker}
spec:
  replicas: 3
  selector: {matchLabels: {app: ticker}}
  template:
    metadata: {labels: {app: ticker}}
    spec:
      containers:
      - name: ticker
        image: ticker:1.0
        args: ["--every", "1s"]
        env: [{name: GREETING, value: hello}]
        resources: {requests: {cpu: 100m, memory: 16Mi}, limits: {memory: 32Mi}}
`;

// Runs in the page: times apply -> 3 pods Running and Ready, then kill a worker node ->
// 3 live replacement pods Running and Ready elsewhere (tutorial preset, at the speed set).
const scenario = `async (manifest) => {
  const pg = window.playground;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const pods = async () =>
    (await pg.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods' })).body.items;
  const running = (p) =>
    p.status?.phase === 'Running' && (p.status.containerStatuses ?? []).every((c) => c.ready);
  async function until(check) {
    for (;;) {
      const value = await check();
      if (value) return value;
      await sleep(5);
    }
  }
  const t0 = performance.now();
  await pg.apply(manifest);
  const placed = await until(async () => {
    const all = await pods();
    return all.length === 3 && all.every(running) && all;
  });
  const deployMs = performance.now() - t0;
  const victim = placed[0].spec.nodeName;
  const t1 = performance.now();
  await pg.killNode(victim);
  await until(async () => {
    const live = (await pods()).filter((p) => !p.metadata.deletionTimestamp);
    return live.length === 3 && live.every((p) => p.spec.nodeName !== victim && running(p));
  });
  return { deployMs, failoverMs: performance.now() - t1 };
}`;

// A netcat echo server on one worker behind a Service, and `clients` netcat pods on the other
// worker, each sending `pings` lines one at a time through the Service's name and timing the
// round trips. Returns each client's log line and the wall time they took together.
const echoService = `apiVersion: v1
kind: Pod
metadata: {name: echo, labels: {app: echo}}
spec:
  nodeName: playground-worker
  containers:
  - name: echo
    image: netcat
    args: ["-l", "8080"]
    ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080}]
`;

const networkScenario = `async ({ manifest, clients, pings }) => {
  const pg = window.playground;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const get = async (path) => (await pg.request({ verb: 'GET', path })).body;
  async function until(check) {
    for (;;) {
      const value = await check();
      if (value) return value;
      await sleep(10);
    }
  }
  await pg.apply(manifest);
  await until(async () => {
    const slices = await get('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices');
    return (slices.items ?? []).some((s) => (s.endpoints ?? []).some((e) => e.conditions?.ready));
  });
  // The nodes' kube-proxies learn of the endpoint through their own watches, a moment later.
  await sleep(500);
  const names = Array.from({ length: clients }, (_, i) => 'ping-' + i);
  const t0 = performance.now();
  for (const name of names) {
    await pg.apply(\`apiVersion: v1
kind: Pod
metadata: {name: \${name}}
spec:
  nodeName: playground-worker2
  restartPolicy: Never
  containers:
  - name: ping
    image: netcat
    args: ["--ping", "\${pings}", "echo", "80"]\`);
  }
  await until(async () => {
    const pods = await Promise.all(names.map((n) => get('/api/v1/namespaces/default/pods/' + n)));
    return pods.every((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed');
  });
  const wallMs = performance.now() - t0;
  const lines = await Promise.all(names.map((n) => pg.logs('default', n)));
  return { lines, wallMs };
}`;

/** Parses netcat --ping's summary: `N round trips in X ms: p50 A us, p99 B us`. */
function parsePing(line) {
  const m = /(\d+) round trips in ([\d.]+) ms: p50 (\d+) us, p99 (\d+) us/.exec(line);
  if (!m) throw new Error(`unexpected netcat output: ${line}`);
  return { count: Number(m[1]), ms: Number(m[2]), p50: Number(m[3]), p99: Number(m[4]) };
}

/** Round trips through a Service between container workers on two nodes. */
export async function benchNetwork(browser, url) {
  const figures = {};
  for (const clients of [1, 4]) {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(`${url}?memory&cluster=bench-net-${clients}`);
    await page.waitForFunction('window.playground !== undefined');
    await page.evaluate('window.playground.ready');
    const pings = 20000;
    const { lines } = await page.evaluate(
      `(${networkScenario})(${JSON.stringify({ manifest: echoService, clients, pings })})`,
    );
    const runs = lines.map((line) => parsePing(line.trim().split('\n').at(-1)));
    // Each client's own rate, summed: the clients run side by side for about the same time.
    const rate = runs.reduce((sum, r) => sum + r.count / (r.ms / 1000), 0);
    figures[`service_round_trips_per_s_${clients}_client${clients > 1 ? 's' : ''}`] =
      Math.round(rate);
    figures[`service_round_trip_p50_us_${clients}_client${clients > 1 ? 's' : ''}`] = median(
      runs.map((r) => r.p50),
    );
    figures[`service_round_trip_p99_us_${clients}_client${clients > 1 ? 's' : ''}`] = median(
      runs.map((r) => r.p99),
    );
    await page.close();
  }
  return figures;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// A 10-replica Deployment of http-echo with a readiness probe (the default 25% surge and
// unavailability), rolled to another image; timed from the change until the rollout is
// complete: every replica updated and available, no old pod left (tutorial preset).
const rolloutManifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 10
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: echo
        image: http-echo:1.0
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;

const rolloutScenario = `async (manifest) => {
  const pg = window.playground;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const get = async (path) => (await pg.request({ verb: 'GET', path })).body;
  async function until(check) {
    for (;;) {
      const value = await check();
      if (value) return value;
      await sleep(5);
    }
  }
  const complete = async () => {
    const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
    const s = d.status ?? {};
    const pods = (await get('/api/v1/namespaces/default/pods')).items;
    return (
      (s.observedGeneration ?? 0) >= d.metadata.generation &&
      s.replicas === 10 && s.updatedReplicas === 10 && s.availableReplicas === 10 &&
      pods.length === 10
    );
  };
  await pg.apply(manifest);
  await until(complete);
  const t0 = performance.now();
  const res = await pg.kubectl('set image deployment/web echo=http-echo:latest');
  if (res.exitCode !== 0) throw new Error(res.stderr);
  await until(async () => {
    const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
    return d.metadata.generation > 1;
  });
  await until(complete);
  return performance.now() - t0;
}`;

/** Rolls a 10-replica Deployment to a new image on fresh pages; the median time it takes. */
async function benchRollout(browser, url, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(`${url}?memory&cluster=bench-rollout-${i}`);
    await page.waitForFunction('window.playground !== undefined');
    await page.evaluate('window.playground.ready');
    times.push(await page.evaluate(`(${rolloutScenario})(${JSON.stringify(rolloutManifest)})`));
    await page.close();
  }
  return { rollout_10_replicas_ms: Math.round(median(times)) };
}

/**
 * The same kill-a-node failover with cluster time at 60× (tutorial preset), median of a few
 * fresh pages: not 60 times shorter than at 1×, since a node is only declared dead after a
 * second of real silence however fast the clock runs.
 */
async function benchFailoverAt60(browser, url, runs = 3) {
  const failovers = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(`${url}?memory&cluster=bench-60x-${i}`);
    await page.waitForFunction('window.playground !== undefined');
    await page.evaluate('window.playground.ready.then(() => window.playground.setSpeed(60))');
    const { failoverMs } = await page.evaluate(`(${scenario})(${JSON.stringify(ticker)})`);
    failovers.push(failoverMs);
    await page.close();
  }
  return { node_kill_to_replacements_running_ms_at_60x: Math.round(median(failovers)) };
}

/** Loads `url` fresh RUNS times and returns the page-level figures. */
export async function benchPage(browser, url) {
  const loads = [];
  const deploys = [];
  const failovers = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(`${url}?memory&cluster=bench-${i}`);
    await page.waitForFunction('window.playground !== undefined');
    // From navigation start until the cluster's nodes are registered Ready.
    loads.push(await page.evaluate('window.playground.ready.then(() => performance.now())'));
    const { deployMs, failoverMs } = await page.evaluate(
      `(${scenario})(${JSON.stringify(ticker)})`,
    );
    deploys.push(deployMs);
    failovers.push(failoverMs);
    await page.close();
  }
  const round = (n) => Math.round(n);
  return {
    page_load_to_3_nodes_ready_ms: round(median(loads)),
    deploy_3_replicas_to_running_ms: round(median(deploys)),
    node_kill_to_replacements_running_ms: round(median(failovers)),
    ...(await benchFailoverAt60(browser, url)),
    ...(await benchRollout(browser, url)),
  };
}

// The HorizontalPodAutoscaler walkthrough, timed (tutorial preset): php-apache (its image's
// stand-in burns CPU per request) with an HPA at 50% CPU, then the loadgen image sending 20
// requests a second. Figures: from the load generator's creation until the Deployment has more
// than one pod Ready, and from its deletion until the HPA is back at one replica (the
// scale-down window is 60 s, 6 s here).
const hpaManifests = {
  app: `apiVersion: apps/v1
kind: Deployment
metadata: {name: php-apache}
spec:
  selector: {matchLabels: {run: php-apache}}
  template:
    metadata: {labels: {run: php-apache}}
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 500m}, requests: {cpu: 200m}}
---
apiVersion: v1
kind: Service
metadata: {name: php-apache, labels: {run: php-apache}}
spec:
  ports: [{port: 80}]
  selector: {run: php-apache}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: php-apache}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  behavior:
    scaleDown: {stabilizationWindowSeconds: 60}
`,
  load: `apiVersion: v1
kind: Pod
metadata: {name: load-generator}
spec:
  restartPolicy: Never
  containers:
  - name: load
    image: loadgen
    args: ["--rps", "20", "--concurrency", "2", "http://php-apache/"]
`,
};

const hpaScenario = `async ({ app, load }) => {
  const pg = window.playground;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const get = async (path) => (await pg.request({ verb: 'GET', path })).body;
  async function until(check) {
    for (;;) {
      const value = await check();
      if (value) return value;
      await sleep(20);
    }
  }
  const deployment = () => get('/apis/apps/v1/namespaces/default/deployments/php-apache');
  const hpa = () => get('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/php-apache');
  await pg.apply(app);
  await until(async () => (await deployment()).status?.readyReplicas === 1);
  await until(async () => (await hpa()).status?.currentMetrics?.[0]?.resource);
  const t0 = performance.now();
  await pg.apply(load);
  await until(async () => (await deployment()).status?.readyReplicas > 1);
  const upMs = performance.now() - t0;
  await pg.request({ verb: 'DELETE', path: '/api/v1/namespaces/default/pods/load-generator' });
  const t1 = performance.now();
  await until(async () => (await deployment()).spec.replicas === 1);
  return { upMs, downMs: performance.now() - t1 };
}`;

/** The HPA's reaction to load and to its end, median of a few fresh pages. */
export async function benchAutoscaling(browser, url) {
  const ups = [];
  const downs = [];
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(`${url}?memory&cluster=bench-hpa-${i}`);
    await page.waitForFunction('window.playground !== undefined');
    await page.evaluate('window.playground.ready');
    const { upMs, downMs } = await page.evaluate(
      `(${hpaScenario})(${JSON.stringify(hpaManifests)})`,
    );
    ups.push(upMs);
    downs.push(downMs);
    await page.close();
  }
  return {
    hpa_load_start_to_new_pods_ready_ms: Math.round(median(ups)),
    hpa_load_end_to_scaled_down_ms: Math.round(median(downs)),
  };
}
