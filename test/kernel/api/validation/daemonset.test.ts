import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import { daemonsets } from '../../../../src/kernel/api/resources.ts';
import type { DaemonSet } from '../../../../src/kernel/types/daemonset.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

function daemonSet(patch: (ds: DaemonSet) => void = () => {}): DaemonSet {
  const ds: DaemonSet = {
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
  };
  patch(ds);
  return ds;
}

describe('DaemonSet API: defaults, strategy and validation', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  it('defaults the update strategy and history limit, and starts the template generation at 1', async () => {
    const ds = await api.client.create<DaemonSet>(daemonsets, 'default', daemonSet());
    expect(ds.spec.updateStrategy).to.deep.equal({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(ds.spec.revisionHistoryLimit).to.equal(10);
    expect(ds.spec.template.spec.restartPolicy).to.equal('Always');
    expect(ds.metadata.generation).to.equal(1);
    expect(ds.metadata.annotations).to.deep.equal({
      'deprecated.daemonset.template.generation': '1',
    });
    expect(ds.status).to.deep.equal({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
  });

  it('counts template changes in the generation annotation, which clients cannot set', async () => {
    await api.client.create(daemonsets, 'default', daemonSet());
    const relabelled = await api.client.patch<DaemonSet>(daemonsets, 'default', 'agent', {
      metadata: { annotations: { 'deprecated.daemonset.template.generation': '7' } },
      spec: { minReadySeconds: 5 },
    });
    expect(relabelled.metadata.generation).to.equal(2);
    expect(relabelled.metadata.annotations?.['deprecated.daemonset.template.generation']).to.equal(
      '1',
    );
    const updated = await api.client.patch<DaemonSet>(daemonsets, 'default', 'agent', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2.0' }] } } },
    });
    expect(updated.metadata.generation).to.equal(3);
    expect(updated.metadata.annotations?.['deprecated.daemonset.template.generation']).to.equal(
      '2',
    );
  });

  it('is served as ds in apps/v1, in the all category, with a status subresource', () => {
    expect(daemonsets.shortNames).to.deep.equal(['ds']);
    expect(daemonsets.categories).to.deep.equal(['all']);
    expect(daemonsets.subresources).to.deep.equal(['status']);
  });

  const invalid: [string, (ds: DaemonSet) => void, string][] = [
    [
      'a selector that does not match the template',
      (ds) => (ds.spec.selector = { matchLabels: { app: 'other' } }),
      'DaemonSet.apps "agent" is invalid: spec.template.metadata.labels: Invalid value: {"app":"agent"}: `selector` does not match template `labels`',
    ],
    [
      'an empty selector',
      (ds) => (ds.spec.selector = {}),
      'DaemonSet.apps "agent" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for daemonset',
    ],
    [
      'a restart policy other than Always',
      (ds) => (ds.spec.template.spec.restartPolicy = 'OnFailure'),
      'DaemonSet.apps "agent" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ],
    [
      'activeDeadlineSeconds',
      (ds) => (ds.spec.template.spec.activeDeadlineSeconds = 30),
      'DaemonSet.apps "agent" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
    ],
    [
      'both maxUnavailable and maxSurge',
      (ds) =>
        (ds.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' },
        }),
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "10%": may not be set when maxUnavailable is non-zero',
    ],
    [
      'neither maxUnavailable nor maxSurge',
      (ds) =>
        (ds.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 0 },
        }),
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ],
    [
      'a percentage over 100%',
      (ds) =>
        (ds.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '150%' },
        }),
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ],
    [
      'a malformed percentage',
      (ds) =>
        (ds.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 'ten' },
        }),
      `DaemonSet.apps "agent" is invalid: [spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "ten": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0]`,
    ],
    [
      'an unknown strategy',
      (ds) => (ds.spec.updateStrategy = { type: 'Replace' as 'OnDelete' }),
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy: Unsupported value: {"Type":"Replace","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete"',
    ],
    [
      'a negative history limit',
      (ds) => (ds.spec.revisionHistoryLimit = -1),
      'DaemonSet.apps "agent" is invalid: spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ],
  ];
  for (const [what, patch, message] of invalid) {
    it(`refuses ${what}`, async () => {
      const err = await failure(api.client.create(daemonsets, 'default', daemonSet(patch)));
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.message).to.equal(message);
    });
  }

  it('keeps the selector immutable, and lists a spec error once in the message', async () => {
    await api.client.create(daemonsets, 'default', daemonSet());
    const err = await failure(
      api.client.patch(daemonsets, 'default', 'agent', {
        spec: {
          selector: { matchLabels: { app: 'agent', tier: 'node' } },
          template: { metadata: { labels: { tier: 'node' } } },
        },
      }),
    );
    expect(err.status.message).to.equal(
      'DaemonSet.apps "agent" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"agent","tier":"node"}}: field is immutable',
    );
    const bad = await failure(
      api.client.patch(daemonsets, 'default', 'agent', { spec: { minReadySeconds: -1 } }),
    );
    expect(bad.status.message).to.equal(
      'DaemonSet.apps "agent" is invalid: spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(bad.status.details?.causes?.map((c) => c.field)).to.deep.equal([
      'spec.minReadySeconds',
      'spec.minReadySeconds',
    ]);
  });
});
