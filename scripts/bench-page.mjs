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
// 3 live replacement pods Running and Ready elsewhere (tutorial preset).
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
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
  };
}
