import { expect } from '@esm-bundle/chai';
import {
  builtinResources,
  groupVersion,
  type ResourceInfo,
} from '../../../src/kernel/api/resources.ts';
import type { KubeObject, ObjectMeta } from '../../../src/kernel/types/meta.ts';
import { selectUserObjects, type ListedObject } from '../../../src/ui/bundle/user-objects.ts';

function info(kind: string, version?: string): ResourceInfo {
  const found = builtinResources.find(
    (r) => r.kind === kind && (!version || groupVersion(r) === version),
  );
  if (!found) throw new Error(`no resource for ${kind}`);
  return found;
}

function listed(
  kind: string,
  meta: ObjectMeta,
  rest: Record<string, unknown> = {},
  version?: string,
): ListedObject {
  const resource = info(kind, version);
  const object: KubeObject = {
    apiVersion: groupVersion(resource),
    kind,
    metadata: { ...(resource.namespaced ? { namespace: 'default' } : {}), ...meta },
    ...rest,
  };
  return { info: resource, object };
}

const controller = (kind: string, name: string) => ({
  ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true }],
});

const name = (l: ListedObject) =>
  `${l.info.kind}/${l.object.metadata.namespace ? `${l.object.metadata.namespace}/` : ''}${l.object.metadata.name}`;

describe('selectUserObjects', () => {
  // [what, the object, kept?]
  const cases: [string, ListedObject, boolean][] = [
    ["the user's namespace", listed('Namespace', { name: 'shop' }), true],
    ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map(
      (ns): [string, ListedObject, boolean] => [
        `namespace ${ns}`,
        listed('Namespace', { name: ns }),
        false,
      ],
    ),
    ['a ConfigMap in default', listed('ConfigMap', { name: 'settings' }), true],
    [
      'a ConfigMap in kube-system',
      listed('ConfigMap', { name: 'c', namespace: 'kube-system' }),
      false,
    ],
    [
      'kube-root-ca.crt',
      listed('ConfigMap', { name: 'kube-root-ca.crt', namespace: 'shop' }),
      false,
    ],
    ['an Opaque Secret', listed('Secret', { name: 's' }, { type: 'Opaque' }), true],
    [
      'a service-account token',
      listed('Secret', { name: 't' }, { type: 'kubernetes.io/service-account-token' }),
      false,
    ],
    ['a Deployment', listed('Deployment', { name: 'web' }), true],
    [
      "a Deployment's ReplicaSet",
      listed('ReplicaSet', { name: 'web-1', ...controller('Deployment', 'web') }),
      false,
    ],
    ['a bare ReplicaSet', listed('ReplicaSet', { name: 'rs' }), true],
    [
      "a ReplicaSet's pod",
      listed('Pod', { name: 'web-1-x', ...controller('ReplicaSet', 'web-1') }),
      false,
    ],
    ['a bare pod', listed('Pod', { name: 'debug' }), true],
    [
      'a pod being deleted',
      listed('Pod', { name: 'gone', deletionTimestamp: '2026-01-01T00:00:00Z' }),
      false,
    ],
    [
      'a mirror pod',
      listed('Pod', { name: 'etcd', annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      false,
    ],
    ["a CronJob's Job", listed('Job', { name: 'tick-1', ...controller('CronJob', 'tick') }), false],
    ['a Job', listed('Job', { name: 'once' }), true],
    ['the kubernetes Service', listed('Service', { name: 'kubernetes' }), false],
    [
      'a kubernetes Service elsewhere',
      listed('Service', { name: 'kubernetes', namespace: 'shop' }),
      true,
    ],
    ['the kubernetes Endpoints', listed('Endpoints', { name: 'kubernetes' }), false],
    [
      'the kubernetes EndpointSlice',
      listed('EndpointSlice', {
        name: 'kubernetes',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      }),
      false,
    ],
    [
      'a controller-made EndpointSlice',
      listed('EndpointSlice', {
        name: 'web-abcde',
        labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      }),
      false,
    ],
    [
      "a user's EndpointSlice",
      listed('EndpointSlice', {
        name: 'external',
        labels: { 'endpointslice.kubernetes.io/managed-by': 'staff' },
      }),
      true,
    ],
    ['Events, Leases, Nodes, ControllerRevisions', listed('Event', { name: 'e' }), false],
    ['a Lease', listed('Lease', { name: 'l' }), false],
    ['a Node', listed('Node', { name: 'playground-worker' }), false],
    ['a ControllerRevision', listed('ControllerRevision', { name: 'db-1' }), false],
    ['the built-in IngressClass', listed('IngressClass', { name: 'nginx' }), false],
    ["a user's IngressClass", listed('IngressClass', { name: 'traefik' }), true],
    ['the built-in StorageClass', listed('StorageClass', { name: 'standard' }), false],
    ["a user's StorageClass", listed('StorageClass', { name: 'fast' }), true],
    ['a static PersistentVolume', listed('PersistentVolume', { name: 'pv-1' }), true],
    [
      'a provisioned PersistentVolume',
      listed('PersistentVolume', {
        name: 'pvc-1',
        annotations: { 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' },
      }),
      false,
    ],
    [
      'an HPA (autoscaling/v2)',
      listed('HorizontalPodAutoscaler', { name: 'h' }, {}, 'autoscaling/v2'),
      true,
    ],
    [
      'the same HPA listed as autoscaling/v1',
      listed('HorizontalPodAutoscaler', { name: 'h' }, {}, 'autoscaling/v1'),
      false,
    ],
  ];
  for (const [what, object, kept] of cases) {
    it(`${kept ? 'keeps' : 'leaves out'} ${what}`, () => {
      expect(selectUserObjects([object]).map(name)).to.deep.equal(kept ? [name(object)] : []);
    });
  }

  it('leaves out the Endpoints of Services with selectors, keeps those of selector-less Services', () => {
    const objects = [
      listed('Service', { name: 'web' }, { spec: { selector: { app: 'web' } } }),
      listed('Endpoints', { name: 'web' }),
      listed('Service', { name: 'external' }, { spec: { ports: [{ port: 80 }] } }),
      listed('Endpoints', { name: 'external' }),
    ];
    expect(selectUserObjects(objects).map(name)).to.deep.equal([
      'Service/default/web',
      'Service/default/external',
      'Endpoints/default/external',
    ]);
  });

  it("leaves out a StatefulSet's claims (template-set-ordinal), keeps other claims", () => {
    const objects = [
      listed(
        'StatefulSet',
        { name: 'db', namespace: 'shop' },
        { spec: { volumeClaimTemplates: [{ metadata: { name: 'state' } }] } },
      ),
      listed('PersistentVolumeClaim', { name: 'state-db-0', namespace: 'shop' }),
      listed('PersistentVolumeClaim', { name: 'state-db-12', namespace: 'shop' }),
      listed('PersistentVolumeClaim', { name: 'state-db-0', namespace: 'default' }),
      listed('PersistentVolumeClaim', { name: 'state-db-main', namespace: 'shop' }),
    ];
    expect(selectUserObjects(objects).map(name)).to.deep.equal([
      'StatefulSet/shop/db',
      'PersistentVolumeClaim/default/state-db-0',
      'PersistentVolumeClaim/shop/state-db-main',
    ]);
  });
});
