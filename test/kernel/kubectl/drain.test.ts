import { expect } from '@esm-bundle/chai';
import {
  daemonsets,
  nodes,
  pods,
  poddisruptionbudgets,
} from '../../../src/kernel/api/resources.ts';
import type { KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { PodDisruptionBudget } from '../../../src/kernel/types/policy.ts';
import { startCluster, type KubectlCluster } from './cluster-fixture.ts';

const violation = "Cannot evict pod as it would violate the pod's disruption budget.";

describe('kubectl drain with PodDisruptionBudgets and DaemonSets', () => {
  let cluster: KubectlCluster;
  beforeEach(async () => {
    cluster = await startCluster();
  });
  afterEach(() => cluster.stop());

  const client = () => cluster.kernel.client;

  async function podsOn(node: string, prefix = 'web-'): Promise<string[]> {
    const list = await client().list<Pod>(pods, 'default');
    return list.items
      .filter((p) => p.spec.nodeName === node && p.metadata.name?.startsWith(prefix))
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => p.metadata.name ?? '')
      .sort();
  }

  /** `web` with both replicas on node-a (node-b is cordoned meanwhile) and a budget over it. */
  async function webOnNodeA(budget: Partial<PodDisruptionBudget['spec']>): Promise<string[]> {
    await client().patch(nodes, undefined, 'node-b', { spec: { unschedulable: true } });
    await cluster.createDeployment('web', 'nginx:1.25', 2);
    await cluster.settle(async () => (await podsOn('node-a')).length === 2);
    await client().patch(nodes, undefined, 'node-b', { spec: { unschedulable: null } });
    await client().create(poddisruptionbudgets, 'default', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { ...budget, selector: { matchLabels: { app: 'web' } } },
    });
    const expected = budget.minAvailable === 1 ? 1 : 0;
    await cluster.settle(
      async () =>
        (await client().get<PodDisruptionBudget>(poddisruptionbudgets, 'default', 'web')).status
          ?.disruptionsAllowed === expected &&
        (await client().get<PodDisruptionBudget>(poddisruptionbudgets, 'default', 'web')).status
          ?.currentHealthy === 2,
    );
    return podsOn('node-a');
  }

  /** Runs a kubectl line while the cluster (and its pretend kubelets) keep going. */
  async function runWhileSettling(line: string, limit = 60_000): Promise<KubectlResult> {
    let result: KubectlResult | undefined;
    void cluster.run(line).then((r) => (result = r));
    await cluster.settle(async () => result !== undefined, limit);
    return result!;
  }

  it('retries an eviction the budget refuses until a replacement is ready', async () => {
    const [a, b] = await webOnNodeA({ minAvailable: 1 });
    const result = await runWhileSettling('drain node-a');
    expect(result).to.deep.equal({
      stdout:
        'node/node-a cordoned\n' +
        `evicting pod default/${a}\n` +
        `evicting pod default/${b}\n` +
        `pod/${a} evicted\n` +
        `evicting pod default/${b}\n` +
        `pod/${b} evicted\n` +
        'node/node-a drained\n',
      stderr: `error when evicting pods/"${b}" -n "default" (will retry after 5s): ${violation}\n`,
      exitCode: 0,
    });
    expect(await podsOn('node-b')).to.have.length(2);
  });

  it('gives up at --timeout while the budget allows no disruption', async () => {
    const [a, b] = await webOnNodeA({ minAvailable: 2 });
    const result = await runWhileSettling('drain node-a --timeout=8s');
    const retry = (name: string) =>
      `error when evicting pods/"${name}" -n "default" (will retry after 5s): ${violation}\n`;
    const timeout = (name: string) =>
      `error when evicting pods/"${name}" -n "default": global timeout reached: 8s`;
    expect(result).to.deep.equal({
      stdout:
        'node/node-a cordoned\n' +
        `evicting pod default/${a}\nevicting pod default/${b}\n`.repeat(3),
      stderr:
        (retry(a) + retry(b)).repeat(2) +
        `There are pending pods in node "node-a" when an error occurred: [${timeout(a)}, ${timeout(b)}]\n` +
        `pod/${a}\npod/${b}\n` +
        `error: unable to drain node "node-a" due to error: [${timeout(a)}, ${timeout(b)}], continuing command...\n` +
        'There are pending nodes to be drained:\n node-a\n' +
        `${timeout(a)}\n${timeout(b)}\n`,
      exitCode: 1,
    });
    expect(await podsOn('node-a')).to.deep.equal([a, b]);
  });

  it('deletes through the budget with --disable-eviction', async () => {
    const [a, b] = await webOnNodeA({ minAvailable: 2 });
    const result = await runWhileSettling('drain node-a --disable-eviction');
    expect(result).to.deep.equal({
      stdout: `node/node-a cordoned\npod/${a} deleted\npod/${b} deleted\nnode/node-a drained\n`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('refuses DaemonSet pods without --ignore-daemonsets, and leaves them with it', async () => {
    await client().create(daemonsets, 'default', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'agent', image: 'agent:1.0' }] },
        },
      },
    });
    await cluster.settle(async () => (await podsOn('node-a', 'agent-')).length === 1);
    const [agent] = await podsOn('node-a', 'agent-');
    expect(await cluster.run('drain node-a')).to.deep.equal({
      stdout: 'node/node-a cordoned\n',
      stderr:
        `error: unable to drain node "node-a" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${agent}, continuing command...\n` +
        'There are pending nodes to be drained:\n node-a\n' +
        `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${agent}\n`,
      exitCode: 1,
    });
    expect(await runWhileSettling('drain node-a --ignore-daemonsets')).to.deep.equal({
      stdout: 'node/node-a already cordoned\nnode/node-a drained\n',
      stderr: `Warning: ignoring DaemonSet-managed Pods: default/${agent}\n`,
      exitCode: 0,
    });
    // The daemon pod tolerates the cordon and stays.
    await cluster.settle();
    expect(await podsOn('node-a', 'agent-')).to.deep.equal([agent]);
  });
});
