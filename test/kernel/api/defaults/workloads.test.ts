import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';

type Obj = Record<string, unknown>;

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
};

describe('Deployment defaults', () => {
  it('match kubectl get deploy -o yaml of a tutorial deployment', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx-deployment', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) },
    };
    applyDefaults('Deployment', d);
    expect(d.spec).to.deep.equal({
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.14.2',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
  });

  it('leaves a Recreate strategy without rollingUpdate and keeps set values', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', namespace: 'default' },
      spec: {
        replicas: 0,
        revisionHistoryLimit: 0,
        strategy: { type: 'Recreate' },
        template: structuredClone(template),
      },
    };
    applyDefaults('Deployment', d);
    const spec = d.spec as Obj;
    expect(spec.strategy).to.deep.equal({ type: 'Recreate' });
    expect(spec.replicas).to.equal(0);
    expect(spec.revisionHistoryLimit).to.equal(0);
  });

  it('fills only the missing half of rollingUpdate', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', namespace: 'default' },
      spec: { strategy: { rollingUpdate: { maxSurge: 1 } }, template: structuredClone(template) },
    };
    applyDefaults('Deployment', d);
    expect((d.spec as Obj).strategy).to.deep.equal({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' },
    });
  });
});

describe('ReplicaSet, Namespace and Node defaults', () => {
  it('gives a ReplicaSet one replica and a defaulted template', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'x' },
      spec: { template: structuredClone(template) },
    };
    applyDefaults('ReplicaSet', rs);
    const spec = rs.spec as Obj;
    expect(spec.replicas).to.equal(1);
    expect(((spec.template as Obj).spec as Obj).restartPolicy).to.equal('Always');
  });

  it('labels a namespace with its name and adds the kubernetes finalizer', () => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { env: 'dev' } },
    };
    applyDefaults('Namespace', ns);
    expect(ns.metadata.labels).to.deep.equal({
      env: 'dev',
      'kubernetes.io/metadata.name': 'team-a',
    });
    expect(ns.spec).to.deep.equal({ finalizers: ['kubernetes'] });
    expect(ns.status).to.deep.equal({ phase: 'Active' });
    const withOwn: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'b' },
      spec: { finalizers: ['example.com/x'] },
    };
    applyDefaults('Namespace', withOwn);
    expect(withOwn.spec).to.deep.equal({ finalizers: ['example.com/x', 'kubernetes'] });
  });

  it('copies node capacity to allocatable, canonically', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n' },
      status: { capacity: { cpu: '4000m', memory: '8192Mi', pods: 110 } },
    };
    applyDefaults('Node', node);
    expect((node.status as Obj).capacity).to.deep.equal({ cpu: '4', memory: '8Gi', pods: '110' });
    expect((node.status as Obj).allocatable).to.deep.equal({
      cpu: '4',
      memory: '8Gi',
      pods: '110',
    });
  });

  it('leaves Events and Leases alone', () => {
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'n' },
      spec: { holderIdentity: 'n' },
    };
    const before = structuredClone(lease);
    applyDefaults('Lease', lease);
    applyDefaults('Event', lease);
    expect(lease).to.deep.equal(before);
  });
});
