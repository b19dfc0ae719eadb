import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';
import { fields, messages, stored } from './fixtures.ts';

function node(taints: unknown[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1' },
    spec: { taints },
    status: { capacity: { cpu: '4', memory: '8Gi' } },
  };
}

describe('Node validation', () => {
  it('accepts a node with valid taints', () => {
    expect(
      validateCreate('Node', node([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])),
    ).to.deep.equal([]);
  });
  it('checks taint effects, keys and uniqueness under metadata.taints as upstream does', () => {
    const errs = validateCreate(
      'Node',
      node([
        { key: 'a', effect: 'Sometimes' },
        { key: 'b' },
        { key: 'c', effect: 'NoExecute' },
        { key: 'c', effect: 'NoExecute', value: 'x' },
      ]),
    );
    expect(messages(errs)).to.deep.equal([
      'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[1].effect: Required value',
      'metadata.taints[3]: Duplicate value: {"Key":"c","Value":"x","Effect":"NoExecute","TimeAdded":null}: taints must be unique by key and effect pair',
    ]);
  });
  it('refuses a name that is not a subdomain and negative capacity', () => {
    const n = node();
    n.metadata.name = 'Node 1';
    (n.status as Record<string, Record<string, string>>).capacity.cpu = '-1';
    expect(fields(validateCreate('Node', n))).to.deep.equal([
      'metadata.name',
      'status.capacity.cpu',
    ]);
  });
  it('keeps podCIDRs once set', () => {
    const old = stored(node());
    (old.spec as Record<string, unknown>).podCIDRs = ['10.244.1.0/24'];
    const n = structuredClone(old);
    (n.spec as Record<string, unknown>).podCIDRs = ['10.244.2.0/24'];
    (n.spec as Record<string, unknown>).unschedulable = true;
    expect(messages(validateUpdate('Node', n, old))).to.deep.equal([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]);
  });
});

describe('Namespace validation', () => {
  const ns = (name: string): KubeObject => {
    const o: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    applyDefaults('Namespace', o);
    return o;
  };
  it('accepts DNS labels', () => {
    expect(validateCreate('Namespace', ns('team-a'))).to.deep.equal([]);
  });
  it('refuses dots and upper case', () => {
    expect(messages(validateCreate('Namespace', ns('team.a')))).to.deep.equal([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
    expect(fields(validateCreate('Namespace', ns('Team')))).to.include('metadata.name');
  });
  it('checks spec.finalizers', () => {
    const o = ns('a');
    (o.spec as Record<string, unknown>).finalizers = ['nope'];
    expect(messages(validateCreate('Namespace', o))).to.deep.equal([
      'spec.finalizers: Invalid value: "nope": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe('Event validation', () => {
  const event = (ns: string, involvedNs: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.17a', namespace: ns },
    involvedObject: { kind: 'Pod', name: 'web', namespace: involvedNs },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web to node-1',
    type: 'Normal',
  });
  it('accepts an event about an object in its namespace', () => {
    expect(validateCreate('Event', event('default', 'default'))).to.deep.equal([]);
  });
  it('requires the involved object namespace to match', () => {
    expect(messages(validateCreate('Event', event('default', 'other')))).to.deep.equal([
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });
  it('lets cluster-scoped objects be reported in default', () => {
    expect(validateCreate('Event', event('default', ''))).to.deep.equal([]);
    expect(fields(validateCreate('Event', event('team-a', '')))).to.deep.equal([
      'involvedObject.namespace',
    ]);
  });
});

describe('Lease validation', () => {
  const lease = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec,
  });
  it('accepts a node heartbeat lease', () => {
    expect(
      validateCreate(
        'Lease',
        lease({
          holderIdentity: 'node-1',
          leaseDurationSeconds: 40,
          renewTime: '2026-01-01T00:00:00.000000Z',
        }),
      ),
    ).to.deep.equal([]);
  });
  it('refuses non-positive durations and negative transitions', () => {
    expect(
      messages(validateCreate('Lease', lease({ leaseDurationSeconds: 0, leaseTransitions: -1 }))),
    ).to.deep.equal([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
  it('validates updates too', () => {
    const old = stored(lease({ leaseDurationSeconds: 40 }));
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).leaseDurationSeconds = -5;
    expect(fields(validateUpdate('Lease', next, old))).to.deep.equal(['spec.leaseDurationSeconds']);
  });
});
