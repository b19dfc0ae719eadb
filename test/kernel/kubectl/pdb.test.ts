import { expect } from '@esm-bundle/chai';
import { poddisruptionbudgets } from '../../../src/kernel/api/resources.ts';
import { timestampAge } from '../../../src/kernel/client/duration.ts';
import type { PodDisruptionBudget } from '../../../src/kernel/types/policy.ts';
import { rolledOut, startCluster, type KubectlCluster } from './cluster-fixture.ts';

describe('kubectl for PodDisruptionBudgets', () => {
  let c: KubectlCluster;
  beforeEach(async () => {
    c = await startCluster();
  });
  afterEach(() => c.stop());

  const getPdb = (name: string) =>
    c.kernel.client.get<PodDisruptionBudget>(poddisruptionbudgets, 'default', name);

  async function observed(name: string): Promise<boolean> {
    const pdb = await getPdb(name);
    return (pdb.status?.observedGeneration ?? 0) === pdb.metadata.generation;
  }

  it('create pdb builds the budget kubectl builds', async () => {
    expect(
      await c.run("create pdb web --selector='app=web,tier in (front,back)' --min-available=50%"),
    ).to.deep.equal({
      stdout: 'poddisruptionbudget.policy/web created\n',
      stderr: '',
      exitCode: 0,
    });
    const pdb = await getPdb('web');
    expect(pdb.spec).to.deep.equal({
      minAvailable: '50%',
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['back', 'front'] }],
      },
    });
    expect(
      (
        await c.run(
          'create poddisruptionbudget api --selector=app=api --max-unavailable=1 -o yaml --dry-run=client',
        )
      ).stdout,
    ).to.equal(
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: api\nstatus:\n  currentHealthy: 0\n  desiredHealthy: 0\n  disruptionsAllowed: 0\n  expectedPods: 0\n',
    );
  });

  const refusals: [string, string][] = [
    [
      'create poddisruptionbudget',
      "error: exactly one NAME is required, got 0\nSee 'kubectl create poddisruptionbudget -h' for help and examples\n",
    ],
    ['create pdb web --min-available=1', 'error: a selector must be specified\n'],
    [
      'create pdb web --selector=app=web',
      'error: one of min-available or max-unavailable must be specified\n',
    ],
    [
      'create pdb web --selector=app=web --min-available=1 --max-unavailable=1',
      'error: min-available and max-unavailable cannot be both specified\n',
    ],
    [
      'create pdb web --selector=app=web --min-available=10Gb',
      'error: invalid format specified for min-available\n',
    ],
    [
      'create pdb web --selector=app=web --max-unavailable=-1',
      'error: invalid format specified for max-unavailable\n',
    ],
    [
      'create pdb web --selector=app!=web --min-available=1',
      'error: "!=" is not a valid label selector operator\n',
    ],
  ];
  for (const [line, stderr] of refusals) {
    it(`refuses: ${line}`, async () => {
      expect(await c.run(line)).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    });
  }

  it('refuses a budget that exists, wrapped as kubectl wraps it', async () => {
    await c.run('create pdb web --selector=app=web --min-available=1');
    expect(await c.run('create pdb web --selector=app=web --min-available=1')).to.deep.equal({
      stdout: '',
      stderr:
        'error: failed to create poddisruptionbudgets: poddisruptionbudgets.policy "web" already exists\n',
      exitCode: 1,
    });
  });

  it('get pdb and describe pdb show the budget and what it allows', async () => {
    await c.createDeployment('web', 'nginx:1.25', 3);
    await c.settle(rolledOut(c, 'web'));
    await c.run('create pdb web --selector=app=web --min-available=2');
    await c.run('create pdb web-max --selector=app=web --max-unavailable=50%');
    await c.settle(async () => (await observed('web')) && (await observed('web-max')));
    const age = timestampAge((await getPdb('web')).metadata.creationTimestamp, c.clock.now());
    expect(await c.run('get pdb')).to.deep.equal({
      stdout:
        'NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n' +
        `web       2               N/A               1                     ${age}\n` +
        `web-max   N/A             50%               2                     ${age}\n`,
      stderr: '',
      exitCode: 0,
    });
    const described = await c.run('describe pdb web');
    expect(described.stdout).to.equal(
      'Name:           web\n' +
        'Namespace:      default\n' +
        'Min available:  2\n' +
        'Selector:       app=web\n' +
        'Status:\n' +
        '    Allowed disruptions:  1\n' +
        '    Current:              3\n' +
        '    Desired:              2\n' +
        '    Total:                3\n' +
        'Events:                   <none>\n',
    );
    expect((await c.run('describe pdb web-max')).stdout).to.contain(
      'Max unavailable:  50%\nSelector:         app=web\n',
    );
  });
});
