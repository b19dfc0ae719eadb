import { expect } from '@esm-bundle/chai';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import { messages, stored, validReplicaSet } from './fixtures.ts';

type Obj = Record<string, unknown>;

describe('ReplicaSet validation', () => {
  it('accepts a defaulted replica set', () => {
    expect(validateCreate('ReplicaSet', validReplicaSet())).to.deep.equal([]);
  });

  it('checks replicas, selector and template like a deployment', () => {
    const rs = validReplicaSet();
    Object.assign(rs.spec as Obj, {
      replicas: -3,
      minReadySeconds: -1,
      selector: { matchLabels: { app: 'other' } },
    });
    expect(messages(validateCreate('ReplicaSet', rs))).to.deep.equal([
      'spec.replicas: Invalid value: -3: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('keeps the selector immutable and lets replicas change', () => {
    const old = stored(validReplicaSet());
    const rs = structuredClone(old);
    (rs.spec as Obj).replicas = 5;
    expect(validateUpdate('ReplicaSet', rs, old)).to.deep.equal([]);
    (rs.spec as Obj).selector = { matchExpressions: [{ key: 'app', operator: 'Exists' }] };
    expect(messages(validateUpdate('ReplicaSet', rs, old))).to.deep.equal([
      'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Exists"}]}: field is immutable',
    ]);
  });
});
