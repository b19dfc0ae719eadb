import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';
import { messages, stored } from './fixtures.ts';

type Obj = Record<string, unknown>;

function validStatefulSet(): KubeObject {
  const set: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
  applyDefaults('StatefulSet', set);
  return set;
}

describe('StatefulSet validation', () => {
  it('defaults as apps/v1 does and accepts the result', () => {
    const set = validStatefulSet();
    expect(set.spec).to.deep.include({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect((set.spec as Obj).volumeClaimTemplates).to.deep.equal([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'www' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Pending' },
      },
    ]);
    expect(validateCreate('StatefulSet', set)).to.deep.equal([]);
  });

  it('checks names, policies, the service name and the selector against the template', () => {
    const set = validStatefulSet();
    set.metadata.name = 'web.v1';
    Object.assign(set.spec as Obj, {
      serviceName: 'Nginx',
      podManagementPolicy: 'Burst',
      updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' },
      selector: { matchLabels: { app: 'other' } },
    });
    expect(messages(validateCreate('StatefulSet', set))).to.deep.equal([
      'metadata.name: Invalid value: "web.v1": must not contain dots',
      "spec.podManagementPolicy: Invalid value: \"Burst\": must be 'OrderedReady' or 'Parallel'",
      'spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\'',
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
      "spec.serviceName: Invalid value: \"Nginx\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`',
    ]);
  });

  it('refuses an empty selector and pods that do not always restart', () => {
    const set = validStatefulSet();
    Object.assign(set.spec as Obj, { selector: {} });
    ((set.spec as Obj).template as { spec: Obj }).spec.restartPolicy = 'Never';
    expect(messages(validateCreate('StatefulSet', set))).to.deep.equal([
      'spec.selector: Invalid value: {}: empty selector is invalid for statefulset',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('lets replicas, template, strategy and retention change, and nothing else in the spec', () => {
    const old = stored(validStatefulSet());
    const set = structuredClone(old);
    Object.assign(set.spec as Obj, {
      replicas: 5,
      minReadySeconds: 3,
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
    });
    ((set.spec as Obj).template as { spec: { containers: Obj[] } }).spec.containers[0].image =
      'nginx:1.27';
    expect(validateUpdate('StatefulSet', set, old)).to.deep.equal([]);
    const claims = (set.spec as Obj).volumeClaimTemplates as { spec: Obj }[];
    claims[0].spec.resources = { requests: { storage: '5Gi' } };
    (set.spec as Obj).serviceName = 'other';
    expect(messages(validateUpdate('StatefulSet', set, old))).to.deep.equal([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('keeps a ControllerRevision’s data fixed', () => {
    const old = stored({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'web-1', namespace: 'default' },
      data: { spec: { template: {} } },
      revision: 1,
    });
    const renumbered = { ...structuredClone(old), revision: 3 };
    expect(validateUpdate('ControllerRevision', renumbered, old)).to.deep.equal([]);
    const changed = { ...structuredClone(old), data: { spec: {} } };
    expect(messages(validateUpdate('ControllerRevision', changed, old))).to.deep.equal([
      'data: Invalid value: {"spec":{}}: field is immutable',
    ]);
    const { data: _data, ...noData } = structuredClone(old);
    void _data;
    expect(messages(validateCreate('ControllerRevision', noData as KubeObject))).to.deep.equal([
      'data: Required value: data is mandatory',
    ]);
  });
});
