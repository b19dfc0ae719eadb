import { expect } from '@esm-bundle/chai';
import { lastAppliedAnnotation } from '../../../src/kernel/client/apply.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { cleanForApply } from '../../../src/ui/bundle/clean-for-apply.ts';

/** Server-set metadata every live object carries. */
const served = {
  uid: '3f1c2a9e-0000-4000-8000-000000000001',
  resourceVersion: '4711',
  generation: 3,
  creationTimestamp: '2026-01-01T00:00:00Z',
  managedFields: [{ manager: 'kubectl' }],
  selfLink: '/api/v1/x',
};

function live(
  kind: string,
  spec: Record<string, unknown> | undefined,
  meta: Record<string, unknown> = {},
  applied?: Record<string, unknown>,
): KubeObject {
  const annotations = { ...(meta.annotations as Record<string, string> | undefined) };
  if (applied) annotations[lastAppliedAnnotation] = JSON.stringify(applied);
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name: 'x', namespace: 'default', ...served, ...meta, annotations },
    ...(spec ? { spec } : {}),
    status: { phase: 'Running' },
  };
}

describe('cleanForApply', () => {
  it('keeps name, namespace, labels, user annotations and finalizers; drops what the server set', () => {
    const cleaned = cleanForApply(
      live(
        'ConfigMap',
        undefined,
        {
          labels: { app: 'web' },
          annotations: { note: 'mine', 'deployment.kubernetes.io/revision': '2' },
          finalizers: ['example.com/keep', 'kubernetes.io/pvc-protection'],
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u' }],
          deletionGracePeriodSeconds: 30,
        },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      ),
    );
    expect(cleaned.metadata).to.deep.equal({
      name: 'x',
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { note: 'mine' },
      finalizers: ['example.com/keep'],
    });
    expect(cleaned).not.to.have.property('status');
  });

  it('does not change the live object', () => {
    const object = live('Pod', { nodeName: 'playground-worker' });
    const copy = structuredClone(object);
    cleanForApply(object);
    expect(object).to.deep.equal(copy);
  });

  // [what, kind, live spec, the user's last-applied spec (or none), expected spec]
  const specs: [
    string,
    string,
    Record<string, unknown>,
    Record<string, unknown> | undefined,
    Record<string, unknown>,
  ][] = [
    [
      'Service: allocated addresses and ports go, the ports stay',
      'Service',
      {
        type: 'NodePort',
        clusterIP: '10.96.12.7',
        clusterIPs: ['10.96.12.7'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 31234 }],
        selector: { app: 'web' },
      },
      { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'web' } },
      {
        type: 'NodePort',
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
        selector: { app: 'web' },
      },
    ],
    [
      'Service: a nodePort and clusterIP the user chose stay',
      'Service',
      {
        type: 'NodePort',
        clusterIP: '10.96.0.50',
        clusterIPs: ['10.96.0.50'],
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 },
          { name: 'admin', port: 81, protocol: 'TCP', nodePort: 31999 },
        ],
      },
      {
        type: 'NodePort',
        clusterIP: '10.96.0.50',
        ports: [
          { name: 'http', port: 80, nodePort: 30080 },
          { name: 'admin', port: 81 },
        ],
      },
      {
        type: 'NodePort',
        clusterIP: '10.96.0.50',
        clusterIPs: ['10.96.0.50'],
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 },
          { name: 'admin', port: 81, protocol: 'TCP' },
        ],
      },
    ],
    [
      'Service: headless stays headless, without last-applied too',
      'Service',
      { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 6379, protocol: 'TCP' }] },
      undefined,
      { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 6379, protocol: 'TCP' }] },
    ],
    [
      "Service: a LoadBalancer's health-check port goes",
      'Service',
      {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32000,
        ports: [],
      },
      undefined,
      { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [] },
    ],
    [
      "Pod: the scheduler's node and the priority admission's values go",
      'Pod',
      {
        nodeName: 'playground-worker2',
        priority: 0,
        preemptionPolicy: 'PreemptLowerPriority',
        containers: [{ name: 'c', image: 'hello:1.0' }],
      },
      { containers: [{ name: 'c', image: 'hello:1.0' }] },
      { containers: [{ name: 'c', image: 'hello:1.0' }] },
    ],
    [
      'Pod: a node the user named stays',
      'Pod',
      { nodeName: 'playground-worker', priority: 0, containers: [] },
      { nodeName: 'playground-worker', containers: [] },
      { nodeName: 'playground-worker', containers: [] },
    ],
    [
      'PersistentVolumeClaim: the bound volume and the default class go',
      'PersistentVolumeClaim',
      {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'standard',
        volumeName: 'pvc-3f1c2a9e',
        volumeMode: 'Filesystem',
      },
      { accessModes: ['ReadWriteOnce'] },
      { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
    ],
    [
      'PersistentVolumeClaim: a class and volume the user named stay',
      'PersistentVolumeClaim',
      { storageClassName: 'manual', volumeName: 'pv-1' },
      { storageClassName: 'manual', volumeName: 'pv-1' },
      { storageClassName: 'manual', volumeName: 'pv-1' },
    ],
    [
      'PersistentVolume: the claim reference keeps only which claim',
      'PersistentVolume',
      {
        capacity: { storage: '1Gi' },
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: 'shop',
          name: 'data',
          uid: 'u-1',
          resourceVersion: '12',
          apiVersion: 'v1',
        },
      },
      undefined,
      { capacity: { storage: '1Gi' }, claimRef: { namespace: 'shop', name: 'data' } },
    ],
    [
      'Namespace: the kubernetes finalizer goes, and the spec with it',
      'Namespace',
      { finalizers: ['kubernetes'] },
      undefined,
      undefined as unknown as Record<string, unknown>,
    ],
  ];
  for (const [what, kind, spec, applied, expected] of specs) {
    it(what, () => {
      const cleaned = cleanForApply(
        live(kind, spec, {}, applied ? { apiVersion: 'v1', kind, spec: applied } : undefined),
      );
      expect(cleaned.spec).to.deep.equal(expected);
    });
  }

  it('PersistentVolume: a Released volume loses its (deleted) claim', () => {
    const pv = live('PersistentVolume', { claimRef: { namespace: 'a', name: 'gone', uid: 'u' } });
    pv.status = { phase: 'Released' };
    expect(cleanForApply(pv).spec).to.deep.equal({});
  });

  it("Job: the selector and labels generated from the Job's uid go", () => {
    const uid = served.uid;
    const generated = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'x',
      'controller-uid': uid,
      'job-name': 'x',
    };
    const job = live(
      'Job',
      {
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
        manualSelector: false,
        template: {
          metadata: { labels: { app: 'once', ...generated } },
          spec: { restartPolicy: 'Never', containers: [] },
        },
      },
      { labels: { app: 'once', ...generated } },
    );
    const cleaned = cleanForApply(job);
    expect(cleaned.metadata.labels).to.deep.equal({ app: 'once' });
    expect(cleaned.spec).to.deep.equal({
      manualSelector: false,
      template: {
        metadata: { labels: { app: 'once' } },
        spec: { restartPolicy: 'Never', containers: [] },
      },
    });
  });

  it('Job: a manual selector stays', () => {
    const spec = {
      manualSelector: true,
      selector: { matchLabels: { run: 'x' } },
      template: { metadata: { labels: { run: 'x' } }, spec: { containers: [] } },
    };
    expect(cleanForApply(live('Job', structuredClone(spec))).spec).to.deep.equal(spec);
  });

  it('Deployment: server annotations and null template timestamps go', () => {
    const deployment = live(
      'Deployment',
      {
        replicas: 2,
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: {} },
      },
      {
        annotations: {
          'deployment.kubernetes.io/revision': '3',
          'kubernetes.io/change-cause': 'v2',
        },
      },
    );
    const cleaned = cleanForApply(deployment);
    expect(cleaned.metadata.annotations).to.deep.equal({ 'kubernetes.io/change-cause': 'v2' });
    expect(cleaned.spec).to.deep.equal({
      replicas: 2,
      template: { metadata: { labels: { app: 'web' } }, spec: {} },
    });
  });

  it('StatefulSet: claim templates lose their empty status; DaemonSet: the template generation', () => {
    const sts = live('StatefulSet', {
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: {}, status: { phase: 'Pending' } },
      ],
    });
    expect(cleanForApply(sts).spec).to.deep.equal({
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
    });
    const ds = live(
      'DaemonSet',
      {},
      { annotations: { 'deprecated.daemonset.template.generation': '1' } },
    );
    expect(cleanForApply(ds).metadata).to.deep.equal({ name: 'x', namespace: 'default' });
  });

  it("Namespace: its automatic name label goes, the user's labels stay", () => {
    const ns = live('Namespace', undefined, {
      namespace: undefined,
      labels: { 'kubernetes.io/metadata.name': 'x', team: 'a' },
    });
    expect(cleanForApply(ns).metadata).to.deep.equal({ name: 'x', labels: { team: 'a' } });
  });
});
