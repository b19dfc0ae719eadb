import { expect } from '@esm-bundle/chai';
import {
  findUnknownFields,
  strictDecodingMessage,
  strictDecodingStatus,
  unknownFieldWarning,
} from '../../../../src/kernel/api/schema/index.ts';
import { setPath } from './set-path.ts';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { anything: 'goes' }, annotations: { 'free/form': 'yes' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            resources: { limits: { cpu: '1', 'example.com/gpu': '1' } },
          },
        ],
        nodeSelector: { disk: 'ssd' },
      },
    },
  },
});

describe('findUnknownFields', () => {
  it('finds nothing in a valid object, whatever keys its maps hold', () => {
    expect(findUnknownFields('Deployment', deployment())).to.deep.equal([]);
  });

  const table: [string, string, unknown, string[]][] = [
    ['misspelt top-level spec field', 'spec.replicass', 3, ['spec.replicass']],
    [
      'field in a list element, with its index',
      'spec.template.spec.containers.0.imagePullPolicyy',
      'Always',
      ['spec.template.spec.containers[0].imagePullPolicyy'],
    ],
    [
      'case matters',
      'spec.template.spec.containers.0.Image',
      'x',
      ['spec.template.spec.containers[0].Image'],
    ],
    [
      'fields under the wrong parent',
      'spec.template.metadata.containers',
      [],
      ['spec.template.metadata.containers'],
    ],
    ['metadata typo', 'metadata.label', {}, ['metadata.label']],
    ['top-level unknown', 'specs', {}, ['specs']],
  ];
  for (const [name, path, value, want] of table) {
    it(name, () => {
      const o = deployment();
      setPath(o, path, value);
      expect(findUnknownFields('Deployment', o)).to.deep.equal(want);
    });
  }

  it('reports several in document order', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', nmae: 'x' },
      spec: {
        containers: [
          { name: 'a', image: 'b', port: 80 },
          { name: 'c', image: 'd', restartPolicy: 'Always' },
        ],
        restart: 'Never',
      },
    };
    expect(findUnknownFields('Pod', pod)).to.deep.equal([
      'metadata.nmae',
      'spec.containers[0].port',
      'spec.restart',
    ]);
  });

  it('knows inlined volume sources and sidecar restartPolicy', () => {
    const pod = {
      kind: 'Pod',
      spec: {
        volumes: [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } }],
        initContainers: [{ name: 'side', image: 'i', restartPolicy: 'Always' }],
        containers: [{ name: 'a', image: 'b', volumeMounts: [{ name: 'v', mountPath: '/v' }] }],
      },
    };
    expect(findUnknownFields('Pod', pod)).to.deep.equal([]);
  });

  it('covers Namespace, Node, Event, Lease and ReplicaSet, and skips unknown kinds', () => {
    expect(
      findUnknownFields('Namespace', { metadata: { name: 'a' }, spec: { finalizer: [] } }),
    ).to.deep.equal(['spec.finalizer']);
    expect(
      findUnknownFields('Node', {
        spec: { taints: [{ key: 'a', effect: 'NoSchedule', tolerate: 1 }] },
      }),
    ).to.deep.equal(['spec.taints[0].tolerate']);
    expect(
      findUnknownFields('Event', {
        involvedObject: { kind: 'Pod' },
        reason: 'x',
        severity: 'high',
      }),
    ).to.deep.equal(['severity']);
    expect(
      findUnknownFields('Lease', { spec: { holderIdentity: 'n', holder: 'n' } }),
    ).to.deep.equal(['spec.holder']);
    expect(findUnknownFields('ReplicaSet', { spec: { replicas: 1, paused: true } })).to.deep.equal([
      'spec.paused',
    ]);
    expect(findUnknownFields('ConfigMap', { data: {}, whatever: 1 })).to.deep.equal(['whatever']);
    expect(findUnknownFields('Secret', { stringData: { a: 'b' }, typ: 'Opaque' })).to.deep.equal([
      'typ',
    ]);
    expect(findUnknownFields('ReplicationController', { spec: {}, whatever: 1 })).to.deep.equal([]);
  });
});

describe('strict decoding and warning messages', () => {
  it('words the Strict BadRequest as the apiserver does', () => {
    expect(strictDecodingMessage('Deployment', 'apps/v1', ['spec.replicass'])).to.equal(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"',
    );
    expect(
      strictDecodingMessage('Deployment', 'apps/v1', [
        'spec.template.metadata.containers',
        'spec.template.metadata.volumes',
      ]),
    ).to.equal(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.metadata.containers", unknown field "spec.template.metadata.volumes"',
    );
    const status = strictDecodingStatus('Pod', 'v1', ['spec.restart']).status;
    expect(status.code).to.equal(400);
    expect(status.reason).to.equal('BadRequest');
  });

  it('words the Warn warning per field', () => {
    expect(unknownFieldWarning('spec.replicass')).to.equal('unknown field "spec.replicass"');
  });
});
