import { expect } from '@esm-bundle/chai';
import { invalid } from '../../../../src/kernel/api/errors.ts';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import { fields, messages, stored, validDeployment, validPod } from './fixtures.ts';

describe('metadata validation', () => {
  it('requires a name or generateName', () => {
    const pod = validPod();
    delete pod.metadata.name;
    expect(messages(validateCreate('Pod', pod))).to.deep.equal([
      'metadata.name: Required value: name or generateName is required',
    ]);
    pod.metadata.generateName = 'web-';
    expect(validateCreate('Pod', pod)).to.deep.equal([]);
  });

  it('refuses invalid names with the subdomain message', () => {
    const d = validDeployment();
    d.metadata.name = 'My_App';
    const errs = validateCreate('Deployment', d);
    expect(fields(errs)).to.deep.equal(['metadata.name']);
    expect(errs[0].type).to.equal('FieldValueInvalid');
    expect(invalid('Deployment', 'apps', 'My_App', errs).status.message).to.equal(
      `Deployment.apps "My_App" is invalid: metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  it('requires a namespace for namespaced kinds and forbids one otherwise', () => {
    const pod = validPod();
    delete pod.metadata.namespace;
    expect(messages(validateCreate('Pod', pod))).to.deep.equal([
      'metadata.namespace: Required value',
    ]);
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', namespace: 'default' },
    };
    expect(messages(validateCreate('Node', node))).to.deep.equal([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('allows only one controller owner reference', () => {
    const pod = validPod();
    pod.metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    ];
    const errs = validateCreate('Pod', pod);
    expect(fields(errs)).to.deep.equal(['metadata.ownerReferences']);
    expect(errs[0].detail).to.equal(
      'Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    );
  });

  it('checks owner reference fields', () => {
    const pod = validPod();
    pod.metadata.ownerReferences = [{ apiVersion: '', kind: '', name: '', uid: '' }];
    expect(messages(validateCreate('Pod', pod))).to.deep.equal([
      'metadata.ownerReferences[0].apiVersion: Required value: must not be empty',
      'metadata.ownerReferences[0].kind: Required value: must not be empty',
      'metadata.ownerReferences[0].name: Required value: must not be empty',
      'metadata.ownerReferences[0].uid: Required value: must not be empty',
    ]);
  });

  it('checks finalizers', () => {
    const pod = validPod();
    pod.metadata.finalizers = ['orphan', 'foregroundDeletion', 'example.com/keep', 'custom'];
    expect(messages(validateCreate('Pod', pod))).to.deep.equal([
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion","example.com/keep","custom"]: finalizer orphan and foregroundDeletion cannot be both set',
      'metadata.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('keeps identity fields immutable on update', () => {
    const old = stored(validPod());
    const pod = structuredClone(old);
    pod.metadata.name = 'other';
    pod.metadata.uid = 'zzz';
    expect(messages(validateUpdate('Pod', pod, old)).slice(0, 2)).to.deep.equal([
      'metadata.name: Invalid value: "other": field is immutable',
      'metadata.uid: Invalid value: "zzz": field is immutable',
    ]);
  });

  it('requires a resourceVersion on update and forbids new finalizers while deleting', () => {
    const old = stored(validPod());
    old.metadata.deletionTimestamp = '2026-01-01T00:01:00Z';
    const pod = structuredClone(old);
    delete pod.metadata.resourceVersion;
    pod.metadata.finalizers = ['example.com/late'];
    expect(messages(validateUpdate('Pod', pod, old))).to.deep.equal([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/late"}',
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });
});
