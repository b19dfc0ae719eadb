import { expect } from '@esm-bundle/chai';
import type { Status } from '../../../../src/kernel/api/errors.ts';
import { horizontalpodautoscalers } from '../../../../src/kernel/api/resources.ts';
import { applyManifest } from '../../../../src/kernel/client/apply.ts';
import type { HorizontalPodAutoscaler } from '../../../../src/kernel/types/autoscaling.ts';
import type { KubeObject, WatchEvent } from '../../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../../helpers/kubectl.ts';

// content/en/examples/application/hpa/php-apache.yaml, verbatim.
const walkthroughHpa = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 10
  targetCPUUtilizationPercentage: 50
`;

const v1Path = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';

describe('autoscaling/v1 HorizontalPodAutoscalers (served by conversion)', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });

  const getV1 = async (name = 'php-apache') =>
    (await k.server.handle({ verb: 'GET', path: `${v1Path}/${name}` })).body as KubeObject;

  it('is discovered beside autoscaling/v2, which is preferred', async () => {
    const apis = await k.server.handle({ verb: 'GET', path: '/apis' });
    const group = (
      apis.body as {
        groups: {
          name: string;
          versions: { version: string }[];
          preferredVersion: { version: string };
        }[];
      }
    ).groups.find((g) => g.name === 'autoscaling');
    expect(group?.versions.map((v) => v.version)).to.deep.equal(['v2', 'v1']);
    expect(group?.preferredVersion.version).to.equal('v2');
    const versions = await k.run('kubectl api-versions');
    expect(versions.stdout).to.contain('autoscaling/v1\nautoscaling/v2\n');
  });

  it("applies the walkthrough's v1 HPA: a CPU metric in v2, the same fields back in v1", async () => {
    const [result] = await applyManifest(k.client, walkthroughHpa);
    expect(result.error).to.equal(undefined);
    const v2 = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'php-apache',
    );
    expect(v2.spec.metrics).to.deep.equal([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ]);
    const v1 = await getV1();
    expect(v1.apiVersion).to.equal('autoscaling/v1');
    expect(v1.spec).to.deep.equal({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 50,
    });
    expect(v1.status).to.deep.equal({ currentReplicas: 0, desiredReplicas: 0 });
    // Applying it again finds nothing to change.
    const [again] = await applyManifest(k.client, walkthroughHpa);
    expect(again.action).to.equal('unchanged');
  });

  it('keeps v2-only fields and the status in annotations, and takes them back', async () => {
    await k.client.create(horizontalpodautoscalers, 'default', {
      metadata: { name: 'both' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
          },
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 30 } },
      },
    });
    const stored = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'both',
    );
    await k.client.updateStatus(horizontalpodautoscalers, {
      ...stored,
      status: {
        currentReplicas: 2,
        desiredReplicas: 3,
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 70, averageValue: '140m' } },
          },
        ],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'm' },
        ],
      },
    });
    const v1 = await getV1('both');
    const annotations = v1.metadata.annotations ?? {};
    expect(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/metrics'])).to.deep.equal([
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '200Mi' } },
    ]);
    expect(
      JSON.parse(annotations['autoscaling.alpha.kubernetes.io/current-metrics']),
    ).to.deep.equal([
      {
        type: 'Resource',
        resource: { name: 'cpu', currentAverageUtilization: 70, currentAverageValue: '140m' },
      },
    ]);
    expect(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/behavior'])).to.deep.include({
      ScaleDown: {
        StabilizationWindowSeconds: 30,
        SelectPolicy: 'Max',
        Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 15 }],
        Tolerance: null,
      },
    });
    expect(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/conditions'])[0]).to.include({
      type: 'AbleToScale',
      reason: 'SucceededRescale',
    });
    expect(v1.spec).to.include({ targetCPUUtilizationPercentage: 60 });
    expect(v1.status).to.deep.equal({
      currentReplicas: 2,
      desiredReplicas: 3,
      currentCPUUtilizationPercentage: 70,
    });

    // A merge patch through v1 changes maxReplicas and keeps the memory metric and behavior.
    const patched = await k.server.handle({
      verb: 'PATCH',
      path: `${v1Path}/both`,
      contentType: 'application/merge-patch+json',
      body: { spec: { maxReplicas: 8, targetCPUUtilizationPercentage: 40 } },
    });
    expect(patched.status).to.equal(200);
    const after = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'both',
    );
    expect(after.spec.maxReplicas).to.equal(8);
    expect(after.spec.metrics?.map((m) => m.resource?.name)).to.deep.equal(['memory', 'cpu']);
    expect(after.spec.metrics?.[1].resource?.target.averageUtilization).to.equal(40);
    expect(after.spec.behavior?.scaleDown?.stabilizationWindowSeconds).to.equal(30);
    expect(after.metadata.annotations).to.equal(undefined);
  });

  it('lists, watches and refuses as v1', async () => {
    await applyManifest(k.client, walkthroughHpa);
    const list = (await k.server.handle({ verb: 'GET', path: v1Path })).body as {
      apiVersion: string;
      kind: string;
      items: KubeObject[];
    };
    expect([list.apiVersion, list.kind, list.items[0].apiVersion]).to.deep.equal([
      'autoscaling/v1',
      'HorizontalPodAutoscalerList',
      'autoscaling/v1',
    ]);
    const seen: WatchEvent[] = [];
    const watch = await k.server.watch({ verb: 'GET', path: v1Path }, (e) => seen.push(e));
    expect('stop' in watch).to.equal(true);
    expect(seen[0]?.object).to.deep.include({ apiVersion: 'autoscaling/v1' });
    if ('stop' in watch) watch.stop();
    const invalid = await k.server.handle({
      verb: 'POST',
      path: v1Path,
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'bad' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 0 },
      },
    });
    expect(invalid.status).to.equal(422);
    expect((invalid.body as Status).message).to.equal(
      'HorizontalPodAutoscaler.autoscaling "bad" is invalid: [spec.maxReplicas: Invalid value: 0: must be greater than 0, spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`]',
    );
    const table = await k.run('kubectl get hpa.v1.autoscaling');
    expect(table.stdout).to.contain('php-apache   Deployment/php-apache   cpu: <unknown>/50%');
  });
});
