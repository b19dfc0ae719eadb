import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import {
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  storageclasses,
} from '../../../../src/kernel/api/resources.ts';
import { discovery } from '../../../../src/kernel/api/discovery.ts';
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
} from '../../../../src/kernel/types/storage.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

function claim(
  spec: Partial<PersistentVolumeClaim['spec']> = {},
  name = 'data',
): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

function volume(spec: Partial<PersistentVolume['spec']> = {}, name = 'task-pv'): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/mnt/data' },
      ...spec,
    },
  };
}

describe('storage API: PersistentVolume, PersistentVolumeClaim, StorageClass', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  it('serves pv and pvc in core/v1 and sc in storage.k8s.io/v1, with status subresources', () => {
    const core = discovery('/api/v1') as { resources: { name: string; shortNames?: string[] }[] };
    const names = core.resources.map((r) => r.name);
    expect(names).to.include.members([
      'persistentvolumes',
      'persistentvolumes/status',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
    ]);
    const storage = discovery('/apis/storage.k8s.io/v1') as {
      resources: { name: string; namespaced: boolean; shortNames?: string[] }[];
    };
    expect(storage.resources[0]).to.include({ name: 'storageclasses', namespaced: false });
    expect(storage.resources[0].shortNames).to.deep.equal(['sc']);
    expect(persistentvolumes.shortNames).to.deep.equal(['pv']);
    expect(persistentvolumeclaims.shortNames).to.deep.equal(['pvc']);
  });

  it('creates the default StorageClass standard at start, as kind has it', async () => {
    const sc = await api.client.get<StorageClass>(storageclasses, undefined, 'standard');
    expect(sc.provisioner).to.equal('rancher.io/local-path');
    expect(sc.reclaimPolicy).to.equal('Delete');
    expect(sc.volumeBindingMode).to.equal('WaitForFirstConsumer');
    expect(sc.metadata.annotations).to.deep.equal({
      'storageclass.kubernetes.io/is-default-class': 'true',
    });
  });

  it('defaults a claim: the default class, Filesystem, Pending, and the protection finalizer', async () => {
    const created = await api.client.create<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      claim(),
    );
    expect(created.spec.storageClassName).to.equal('standard');
    expect(created.spec.volumeMode).to.equal('Filesystem');
    expect(created.status).to.deep.equal({ phase: 'Pending' });
    expect(created.metadata.finalizers).to.deep.equal(['kubernetes.io/pvc-protection']);
    // An empty class asks for volumes without a class: admission leaves it.
    const classless = await api.client.create<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      claim({ storageClassName: '' }, 'classless'),
    );
    expect(classless.spec.storageClassName).to.equal('');
  });

  it('defaults a volume: Retain, Filesystem, Pending, and the protection finalizer', async () => {
    const created = await api.client.create<PersistentVolume>(
      persistentvolumes,
      undefined,
      volume(),
    );
    expect(created.spec.persistentVolumeReclaimPolicy).to.equal('Retain');
    expect(created.spec.volumeMode).to.equal('Filesystem');
    expect(created.status?.phase).to.equal('Pending');
    expect(created.metadata.finalizers).to.deep.equal(['kubernetes.io/pv-protection']);
    expect(created.metadata.namespace).to.equal(undefined);
  });

  it('defaults a StorageClass: Delete and Immediate', async () => {
    const created = await api.client.create<StorageClass>(storageclasses, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'example.com/fast',
    });
    expect(created).to.include({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  const invalidClaims: [string, PersistentVolumeClaim, string, string][] = [
    [
      'no access mode',
      claim({ accessModes: [] }),
      'spec.accessModes',
      'spec.accessModes: Required value: at least 1 access mode is required',
    ],
    [
      'no storage request',
      claim({ resources: {} }),
      'spec.resources[storage]',
      'spec.resources[storage]: Required value',
    ],
    [
      'a zero request',
      claim({ resources: { requests: { storage: '0' } } }),
      'spec.resources[storage]',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ],
    [
      'an unknown access mode',
      claim({ accessModes: ['ReadWriteSometimes' as 'ReadWriteOnce'] }),
      'spec.accessModes',
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ],
    [
      'ReadWriteOncePod with another mode',
      claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
      'spec.accessModes',
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    ],
  ];
  for (const [what, object, field, message] of invalidClaims) {
    it(`refuses a claim with ${what}`, async () => {
      const err = await failure(api.client.create(persistentvolumeclaims, 'default', object));
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.details?.causes?.map((c) => c.field)).to.include(field);
      expect(err.status.message).to.equal(
        `PersistentVolumeClaim "${object.metadata.name}" is invalid: ${message}`,
      );
    });
  }

  const invalidVolumes: [string, PersistentVolume, string, string][] = [
    [
      'no capacity',
      volume({ capacity: undefined }),
      'spec.capacity',
      'spec.capacity: Required value',
    ],
    [
      'no volume source',
      volume({ hostPath: undefined }),
      'spec',
      'spec: Required value: must specify a volume type',
    ],
    [
      'two volume sources',
      volume({ local: { path: '/x' } }),
      'spec.local',
      'spec.local: Forbidden: may not specify more than 1 volume type',
    ],
    [
      'an unknown reclaim policy',
      volume({ persistentVolumeReclaimPolicy: 'Keep' as 'Retain' }),
      'spec.persistentVolumeReclaimPolicy',
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
    ],
  ];
  for (const [what, object, field, message] of invalidVolumes) {
    it(`refuses a volume with ${what}`, async () => {
      const err = await failure(api.client.create(persistentvolumes, undefined, object));
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.details?.causes?.map((c) => c.field)).to.include(field);
      expect(err.status.message).to.contain(message);
    });
  }

  it('keeps a claim spec fixed, except the volume name set once', async () => {
    const created = await api.client.create<PersistentVolumeClaim>(
      persistentvolumeclaims,
      'default',
      claim(),
    );
    const named = await api.client.update<PersistentVolumeClaim>(persistentvolumeclaims, {
      ...created,
      spec: { ...created.spec, volumeName: 'pvc-1' },
    });
    expect(named.spec.volumeName).to.equal('pvc-1');
    const err = await failure(
      api.client.update(persistentvolumeclaims, {
        ...named,
        spec: { ...named.spec, accessModes: ['ReadWriteMany'] },
      }),
    );
    expect(err.status.reason).to.equal('Invalid');
    expect(err.status.details?.causes?.[0]?.field).to.equal('spec');
    expect(err.status.message).to.contain(
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    );
  });

  it('keeps a StorageClass provisioner, parameters and reclaim policy fixed', async () => {
    const sc = await api.client.get<StorageClass>(storageclasses, undefined, 'standard');
    const err = await failure(
      api.client.update(storageclasses, {
        ...sc,
        provisioner: 'example.com/other',
        parameters: { a: 'b' },
        reclaimPolicy: 'Retain',
      }),
    );
    expect(err.status.message).to.equal(
      'StorageClass.storage.k8s.io "standard" is invalid: [parameters: Forbidden: updates to parameters are forbidden., provisioner: Forbidden: updates to provisioner are forbidden., reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.]',
    );
    const annotated = await api.client.update<StorageClass>(storageclasses, {
      ...sc,
      metadata: { ...sc.metadata, labels: { tier: 'gold' } },
    });
    expect(annotated.metadata.labels).to.deep.equal({ tier: 'gold' });
  });

  it('refuses a StorageClass without a provisioner', async () => {
    const err = await failure(
      api.client.create(storageclasses, undefined, {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'empty' },
      }),
    );
    expect(err.status.details?.causes?.map((c) => c.field)).to.deep.equal(['provisioner']);
  });

  const badMounts: [string, Record<string, unknown>, string][] = [
    [
      'a subPath climbing out',
      { subPath: '../etc' },
      `spec.containers[0].volumeMounts[0].subPath: Invalid value: "../etc": must not contain '..'`,
    ],
    [
      'an absolute subPath',
      { subPath: '/etc' },
      'spec.containers[0].volumeMounts[0].subPath: Invalid value: "/etc": must be a relative path',
    ],
    [
      'both subPath and subPathExpr',
      { subPath: 'a', subPathExpr: '$(POD_NAME)' },
      'spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: "$(POD_NAME)": subPathExpr and subPath are mutually exclusive',
    ],
  ];
  for (const [what, fields, message] of badMounts) {
    it(`refuses a pod whose volume mount has ${what}`, async () => {
      const err = await failure(
        api.client.create(pods, 'default', {
          metadata: { name: 'p' },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'busybox',
                volumeMounts: [{ name: 'data', mountPath: '/data', ...fields }],
              },
            ],
            volumes: [{ name: 'data', emptyDir: {} }],
          },
        }),
      );
      expect(err.status.message).to.equal(`Pod "p" is invalid: ${message}`);
    });
  }
});
