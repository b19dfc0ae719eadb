import { expect } from '@esm-bundle/chai';
import {
  daemonsets,
  deployments,
  horizontalpodautoscalers,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { EventRecorder } from '../../../src/kernel/client/event-recorder.ts';
import type { HorizontalPodAutoscaler } from '../../../src/kernel/types/autoscaling.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const phpApache = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'php-apache' },
  spec: {
    selector: { matchLabels: { run: 'php-apache' } },
    template: {
      metadata: { labels: { run: 'php-apache' } },
      spec: {
        containers: [
          {
            name: 'php-apache',
            image: 'registry.k8s.io/hpa-example',
            resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } },
          },
        ],
      },
    },
  },
};

describe('kubectl for HorizontalPodAutoscalers', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
    await k.client.create(deployments, 'default', phpApache);
  });

  it('autoscale creates an autoscaling/v2 HPA with the defaults the server fills in', async () => {
    const r = await k.run('kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10');
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    const all = await k.run('kubectl get all');
    expect(all.stdout).to.match(
      /deployment\.apps\/php-apache[\s\S]*\n\nNAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\nhorizontalpodautoscaler\.autoscaling\/php-apache +Deployment\/php-apache +cpu: <unknown>\/50% +1 +10 +0 +0s\n$/,
    );
    const hpa = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'php-apache',
    );
    expect(hpa.spec).to.deep.equal({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    });
    expect(hpa.status).to.deep.equal({ desiredReplicas: 0, currentMetrics: null });
  });

  it('autoscale takes the deprecated --cpu-percent, quantities and memory targets', async () => {
    const old = await k.run('kubectl autoscale deploy/php-apache --cpu-percent=50 --max=5');
    expect(old.stderr).to.equal(
      "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n",
    );
    const values = await k.run(
      'kubectl autoscale deployment php-apache --name=by-value --max=6 --cpu=500 --memory=200 --dry-run=client -o yaml',
    );
    expect(values.stdout).to.contain('averageValue: 500m');
    expect(values.stdout).to.contain('averageValue: 200Mi');
    const dry = await k.run(
      'kubectl autoscale deployment php-apache --name=x --max=3 --dry-run=client',
    );
    expect(dry.stdout).to.equal('horizontalpodautoscaler.autoscaling/x created (dry run)\n');
    const generated = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'php-apache',
    );
    expect(generated.spec.metrics?.[0].resource?.target.averageUtilization).to.equal(50);
  });

  it("answers autoscale's errors with kubectl's words", async () => {
    await k.client.create(daemonsets, 'default', {
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: 'hello' }] },
        },
      },
    });
    const cases: [string, string][] = [
      ['kubectl autoscale deployment php-apache', 'error: required flag(s) "max" not set\n'],
      [
        'kubectl autoscale deployment php-apache --max=0',
        'error: --max=MAXPODS is required and must be at least 1, max: 0\n',
      ],
      [
        'kubectl autoscale deployment php-apache --min=3 --max=2',
        'error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n',
      ],
      [
        'kubectl autoscale deployment php-apache --max=2 --cpu-percent=5 --cpu=5%',
        "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\nerror: --cpu-percent and --cpu are mutually exclusive\n",
      ],
      [
        'kubectl autoscale deployment php-apache --max=2 --cpu=x%',
        'error: invalid percentage value: x\n',
      ],
      [
        'kubectl autoscale deployment php-apache --max=2 --memory=lots',
        'error: invalid resource memory value: lots\n',
      ],
      [
        'kubectl autoscale deployment nope --max=2',
        'Error from server (NotFound): deployments.apps "nope" not found\n',
      ],
      [
        'kubectl autoscale daemonset agent --max=2',
        'error: cannot autoscale a DaemonSet: could not find scale subresource for apps/v1, Resource=daemonsets in discovery information\n',
      ],
    ];
    for (const [line, stderr] of cases) {
      const r = await k.run(line);
      expect(r.stderr, line).to.equal(stderr);
      expect(r.exitCode, line).to.equal(1);
    }
  });

  it('get hpa prints REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS', async () => {
    await k.run('kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10');
    await k.client.create(horizontalpodautoscalers, 'default', {
      metadata: { name: 'many' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
        maxReplicas: 4,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
          },
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } },
          },
          {
            type: 'Pods',
            pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } },
          },
        ],
      },
    });
    let r = await k.run('kubectl get hpa');
    expect(r.stdout).to.equal(
      [
        'NAME         REFERENCE               TARGETS                                                   MINPODS   MAXPODS   REPLICAS   AGE',
        'many         Deployment/php-apache   cpu: <unknown>/60%, memory: <unknown>/200Mi + 1 more...   1         4         0          0s',
        'php-apache   Deployment/php-apache   cpu: <unknown>/50%                                        1         10        0          0s',
        '',
      ].join('\n'),
    );
    const hpa = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'php-apache',
    );
    await k.client.updateStatus(horizontalpodautoscalers, {
      ...hpa,
      status: {
        currentReplicas: 4,
        desiredReplicas: 4,
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 52, averageValue: '104m' } },
          },
        ],
      },
    });
    r = await k.run('kubectl get hpa php-apache');
    expect(r.stdout).to.equal(
      'NAME         REFERENCE               TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\n' +
        'php-apache   Deployment/php-apache   cpu: 52%/50%   1         10        4          0s\n',
    );
  });

  it('describe hpa shows metrics, bounds, behavior, conditions and events', async () => {
    const t0 = k.clock.now();
    await k.client.create(horizontalpodautoscalers, 'default', {
      metadata: { name: 'php-apache' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
    });
    const hpa = await k.client.get<HorizontalPodAutoscaler>(
      horizontalpodautoscalers,
      'default',
      'php-apache',
    );
    const at = rfc3339(t0);
    await k.client.updateStatus(horizontalpodautoscalers, {
      ...hpa,
      status: {
        currentReplicas: 1,
        desiredReplicas: 4,
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 250, averageValue: '500m' } },
          },
        ],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            lastTransitionTime: at,
            reason: 'SucceededRescale',
            message: 'the HPA controller was able to update the target scale to 4',
          },
          {
            type: 'ScalingActive',
            status: 'True',
            lastTransitionTime: at,
            reason: 'ValidMetricFound',
            message:
              'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          },
          {
            type: 'ScalingLimited',
            status: 'True',
            lastTransitionTime: at,
            reason: 'ScaleUpLimit',
            message: 'the desired replica count is increasing faster than the maximum scale rate',
          },
        ],
      },
    });
    await new EventRecorder(k.client, k.clock, 'horizontal-pod-autoscaler').record(
      hpa,
      'Normal',
      'SuccessfulRescale',
      'New size: 4; reason: cpu resource utilization (percentage of request) above target',
    );
    await k.clock.advance(30_000);
    const r = await k.run('kubectl describe hpa php-apache');
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal(
      [
        'Name:                                                  php-apache',
        'Namespace:                                             default',
        'Labels:                                                <none>',
        'Annotations:                                           <none>',
        'CreationTimestamp:                                     Thu, 01 Jan 2026 00:00:00 +0000',
        'Reference:                                             Deployment/php-apache',
        'Metrics:                                               ( current / target )',
        '  resource cpu on pods  (as a percentage of request):  250% (500m) / 50%',
        'Min replicas:                                          1',
        'Max replicas:                                          10',
        'Behavior:',
        '  Scale Up:',
        '    Stabilization Window: 0 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Pods     Value: 4    Period: 15 seconds',
        '      - Type: Percent  Value: 100  Period: 15 seconds',
        '  Scale Down:',
        '    Stabilization Window: 60 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Percent  Value: 100  Period: 15 seconds',
        // The policy lines and this one share a tab column, as in kubectl's tabwriter.
        'Deployment pods:       1 current / 4 desired',
        'Conditions:',
        '  Type            Status  Reason            Message',
        '  ----            ------  ------            -------',
        '  AbleToScale     True    SucceededRescale  the HPA controller was able to update the target scale to 4',
        '  ScalingActive   True    ValidMetricFound  the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        '  ScalingLimited  True    ScaleUpLimit      the desired replica count is increasing faster than the maximum scale rate',
        'Events:',
        '  Type    Reason             Age   From                       Message',
        '  ----    ------             ----  ----                       -------',
        '  Normal  SuccessfulRescale  30s   horizontal-pod-autoscaler  New size: 4; reason: cpu resource utilization (percentage of request) above target',
        '',
      ].join('\n'),
    );
  });

  it('applies the walkthrough HPA in autoscaling/v2 and rejects an invalid one', async () => {
    const bad = await k.client.api.handle({
      verb: 'POST',
      path: '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers',
      body: {
        metadata: { name: 'bad' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: '' },
          minReplicas: 5,
          maxReplicas: 2,
          behavior: { scaleUp: { policies: [{ type: 'Speed', value: 0, periodSeconds: 4000 }] } },
        },
      },
    });
    expect(bad.status).to.equal(422);
    const causes = (bad.body as { details: { causes: { field: string; message: string }[] } })
      .details.causes;
    expect(causes.map((c) => `${c.field}: ${c.message}`)).to.deep.equal([
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      'spec.scaleTargetRef.name: Required value',
      'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Speed": supported values: "Percent", "Pods"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 4000: must be less than or equal to 1800',
    ]);
  });
});
