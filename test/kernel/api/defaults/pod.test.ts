import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import { imageTag } from '../../../../src/kernel/api/defaults/pod-spec.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';

type Obj = Record<string, unknown>;

function pod(spec: Obj): KubeObject {
  const p: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec,
  };
  applyDefaults('Pod', p);
  return p;
}

describe('Pod defaults', () => {
  it('fills in what a real cluster shows in kubectl get pod -o yaml', () => {
    const p = pod({
      containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }],
    });
    expect(p.spec).to.deep.equal({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    });
    expect(p.status).to.deep.equal({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  const pullPolicies: [string, string][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.k8s.io/busybox', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    [
      'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'IfNotPresent',
    ],
  ];
  for (const [image, policy] of pullPolicies) {
    it(`pulls ${image} with ${policy}`, () => {
      const p = pod({ containers: [{ name: 'c', image }] });
      expect(((p.spec as Obj).containers as Obj[])[0].imagePullPolicy).to.equal(policy);
    });
  }
  it('reads tags the way the image parser does', () => {
    expect(imageTag('busybox:1.28')).to.equal('1.28');
    expect(imageTag('Busybox')).to.equal('');
  });

  it('keeps what the user set', () => {
    const p = pod({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 5,
      serviceAccountName: 'builder',
      containers: [{ name: 'c', image: 'busybox', imagePullPolicy: 'Never' }],
    });
    const spec = p.spec as Obj;
    expect(spec.restartPolicy).to.equal('Never');
    expect(spec.terminationGracePeriodSeconds).to.equal(5);
    expect(spec.serviceAccountName).to.equal('builder');
    expect((spec.containers as Obj[])[0].imagePullPolicy).to.equal('Never');
  });

  it('defaults requests to limits and computes Guaranteed QoS', () => {
    const p = pod({
      containers: [
        { name: 'c', image: 'busybox', resources: { limits: { cpu: '0.5', memory: '128Mi' } } },
      ],
    });
    const resources = ((p.spec as Obj).containers as Obj[])[0].resources;
    expect(resources).to.deep.equal({
      limits: { cpu: '500m', memory: '128Mi' },
      requests: { cpu: '500m', memory: '128Mi' },
    });
    expect((p.status as Obj).qosClass).to.equal('Guaranteed');
  });

  const qos: [string, Obj, string][] = [
    ['no resources', {}, 'BestEffort'],
    ['requests only', { requests: { cpu: '100m' } }, 'Burstable'],
    [
      'limits below requests is still Burstable',
      { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } },
      'Burstable',
    ],
    ['cpu limit only', { limits: { cpu: '1' } }, 'Burstable'],
    [
      'equal cpu and memory',
      { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } },
      'Guaranteed',
    ],
  ];
  for (const [name, resources, cls] of qos) {
    it(`QoS: ${name} → ${cls}`, () => {
      const p = pod({ containers: [{ name: 'c', image: 'busybox', resources }] });
      expect((p.status as Obj).qosClass).to.equal(cls);
    });
  }

  it('does not add default tolerations the pod already has', () => {
    const p = pod({
      containers: [{ name: 'c', image: 'busybox' }],
      tolerations: [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 5,
        },
      ],
    });
    expect((p.spec as Obj).tolerations).to.deep.equal([
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 5,
      },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    const all = pod({
      containers: [{ name: 'c', image: 'busybox' }],
      tolerations: [{ operator: 'Exists' }],
    });
    expect((all.spec as Obj).tolerations).to.deep.equal([{ operator: 'Exists' }]);
  });

  it('defaults probes, volumes and field references', () => {
    const p = pod({
      volumes: [{ name: 'cfg', configMap: { name: 'game' } }, { name: 'scratch' }],
      containers: [
        {
          name: 'c',
          image: 'busybox',
          livenessProbe: { httpGet: { port: 8080 } },
          env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        },
      ],
    });
    const spec = p.spec as Obj;
    expect(spec.volumes).to.deep.equal([
      { name: 'cfg', configMap: { name: 'game', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ]);
    const c = (spec.containers as Obj[])[0];
    expect(c.livenessProbe).to.deep.equal({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.env).to.deep.equal([
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
    ]);
  });

  it('is idempotent', () => {
    const p = pod({
      containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '1' } } }],
    });
    const again = structuredClone(p);
    applyDefaults('Pod', again);
    expect(again).to.deep.equal(p);
  });
});
