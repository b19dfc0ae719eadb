import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import { poddisruptionbudgets } from '../../../../src/kernel/api/resources.ts';
import type { PodDisruptionBudget } from '../../../../src/kernel/types/policy.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

function budget(spec: PodDisruptionBudget['spec'], name = 'web'): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec };
}

describe('PodDisruptionBudget API: validation', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  it('is served as pdb in policy/v1, created with zero counts', async () => {
    expect(poddisruptionbudgets.shortNames).to.deep.equal(['pdb']);
    const pdb = await api.client.create<PodDisruptionBudget>(
      poddisruptionbudgets,
      'default',
      budget({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } }),
    );
    expect(pdb.metadata.generation).to.equal(1);
    expect(pdb.status).to.deep.equal({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
  });

  const invalid: [string, PodDisruptionBudget['spec'], string, string[]][] = [
    [
      'both minAvailable and maxUnavailable',
      { minAvailable: 1, maxUnavailable: '50%', selector: { matchLabels: { app: 'web' } } },
      'PodDisruptionBudget.policy "web" is invalid: spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"app":"web"}},"MaxUnavailable":"50%","UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
      ['spec'],
    ],
    [
      'a negative minAvailable',
      { minAvailable: -1 },
      'PodDisruptionBudget.policy "web" is invalid: spec.minAvailable: Invalid value: -1: must be greater than or equal to 0',
      ['spec.minAvailable'],
    ],
    [
      'a percentage over 100%',
      { maxUnavailable: '120%' },
      'PodDisruptionBudget.policy "web" is invalid: spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
      ['spec.maxUnavailable'],
    ],
    [
      'a malformed percentage',
      { minAvailable: 'half' },
      "PodDisruptionBudget.policy \"web\" is invalid: spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ['spec.minAvailable'],
    ],
    [
      'an unknown eviction policy',
      { minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' as 'AlwaysAllow' },
      'PodDisruptionBudget.policy "web" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
      ['spec.unhealthyPodEvictionPolicy'],
    ],
  ];
  for (const [what, spec, message, fields] of invalid) {
    it(`refuses ${what}`, async () => {
      const err = await failure(api.client.create(poddisruptionbudgets, 'default', budget(spec)));
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.message).to.equal(message);
      expect(err.status.details?.causes?.map((c) => c.field)).to.deep.equal(fields);
    });
  }

  it('takes any name that is a path segment, and checks names only once the spec passes', async () => {
    await api.client.create(
      poddisruptionbudgets,
      'default',
      budget({ minAvailable: 1 }, 'Web_Budget'),
    );
    const bad = await failure(
      api.client.create(poddisruptionbudgets, 'default', budget({ minAvailable: 1 }, 'a%b')),
    );
    expect(bad.status.message).to.equal(
      `PodDisruptionBudget.policy "a%b" is invalid: metadata.name: Invalid value: "a%b": may not contain '%'`,
    );
    const specFirst = await failure(
      api.client.create(poddisruptionbudgets, 'default', budget({ minAvailable: -1 }, 'a%b')),
    );
    expect(specFirst.status.details?.causes?.map((c) => c.field)).to.deep.equal([
      'spec.minAvailable',
    ]);
  });

  it('lets the spec change, bumping the generation', async () => {
    await api.client.create(poddisruptionbudgets, 'default', budget({ minAvailable: 1 }));
    const updated = await api.client.patch<PodDisruptionBudget>(
      poddisruptionbudgets,
      'default',
      'web',
      {
        spec: { minAvailable: null, maxUnavailable: 1 },
      },
    );
    expect(updated.spec).to.deep.equal({ maxUnavailable: 1 });
    expect(updated.metadata.generation).to.equal(2);
  });
});
