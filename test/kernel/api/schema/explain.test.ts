import { expect } from '@esm-bundle/chai';
import { fieldSchemaAt, schemaForKind } from '../../../../src/kernel/api/schema/index.ts';

describe('schema for kubectl explain', () => {
  it('describes kinds and their fields', () => {
    const pod = schemaForKind('Pod');
    expect(pod?.type).to.equal('object');
    expect(pod?.description).to.not.equal('');
    expect(Object.keys(pod?.children ?? {})).to.include.members([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
  });

  const table: [string, string, string, string?, boolean?][] = [
    ['Pod', 'spec.containers', 'array', 'Container', true],
    ['Pod', 'spec.containers.image', 'string'],
    ['Pod', 'spec.containers.name', 'string', undefined, true],
    ['Pod', 'spec.containers.resources.limits', 'map'],
    ['Pod', 'spec.containers.ports.containerPort', 'integer', undefined, true],
    ['Pod', 'spec.volumes.configMap.name', 'string'],
    ['Deployment', 'spec.strategy.rollingUpdate.maxSurge', 'int-or-string'],
    ['Deployment', 'spec.selector', 'object', 'LabelSelector', true],
    ['Deployment', 'spec.template', 'object', 'PodTemplateSpec', true],
    ['Node', 'spec.taints.effect', 'string', undefined, true],
    ['Lease', 'spec.renewTime', 'string'],
    ['Namespace', 'spec.finalizers', 'array'],
    ['Event', 'involvedObject.kind', 'string'],
    ['ReplicaSet', 'spec.replicas', 'integer'],
  ];
  for (const [kind, path, type, typeName, required] of table) {
    it(`${kind}.${path} is ${type}`, () => {
      const s = fieldSchemaAt(kind, path);
      expect(s?.type).to.equal(type);
      if (typeName) expect((s?.items ?? s)?.typeName).to.equal(typeName);
      expect(Boolean(s?.required)).to.equal(Boolean(required));
    });
  }

  it('has one-line descriptions for the fields people explain most', () => {
    for (const [kind, path] of [
      ['Pod', 'spec.containers'],
      ['Pod', 'spec.containers.imagePullPolicy'],
      ['Deployment', 'spec.replicas'],
      ['Deployment', 'spec.strategy.rollingUpdate.maxUnavailable'],
      ['Pod', 'metadata.labels'],
    ]) {
      const d = fieldSchemaAt(kind, path)?.description ?? '';
      expect(d, `${kind}.${path}`).to.match(/^\S.*[.)]$/);
      expect(d).to.not.include('\n');
    }
  });

  it('returns undefined for unknown paths and kinds', () => {
    expect(fieldSchemaAt('Pod', 'spec.nope')).to.equal(undefined);
    expect(schemaForKind('ReplicationController')).to.equal(undefined);
  });
});
