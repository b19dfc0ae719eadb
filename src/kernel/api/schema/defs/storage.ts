/**
 * Field shapes of core/v1 PersistentVolume and PersistentVolumeClaim and of storage.k8s.io/v1
 * StorageClass. Field names and Go types follow k8s.io/api (fetched 2026-07); descriptions
 * are this project's own one-liners. Sources a PV shares with pod volumes reuse their tables.
 */
import { R, type Definitions } from '../types.ts';

export const storageDefinitions: Definitions = {
  PersistentVolume: {
    d: 'A piece of storage in the cluster, provisioned by an administrator or by a StorageClass.',
    f: {
      metadata: ['ObjectMeta', "The volume's name and other object metadata."],
      spec: ['PersistentVolumeSpec', 'What the volume is, how big, and how it may be used.'],
      status: ['PersistentVolumeStatus', 'Whether the volume is available, bound or released.'],
    },
  },
  PersistentVolumeSpec: {
    d: 'The characteristics of a persistent volume.',
    f: {
      capacity: ['ResourceList', 'The size of the volume (`storage`).'],
      '...': ['PersistentVolumeSource'],
      accessModes: [
        '[]PersistentVolumeAccessMode',
        'How the volume may be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.',
      ],
      claimRef: ['ObjectReference', 'The claim bound to this volume, or reserved for it.'],
      persistentVolumeReclaimPolicy: [
        'PersistentVolumeReclaimPolicy',
        'What happens once its claim is released: Retain (default for manual volumes) or Delete.',
      ],
      storageClassName: ['string', 'The StorageClass the volume belongs to; empty for none.'],
      mountOptions: ['[]string', 'Mount options, as the volume plugin takes them.'],
      volumeMode: ['PersistentVolumeMode', 'Filesystem (the default) or Block.'],
      nodeAffinity: ['VolumeNodeAffinity', 'The nodes the volume can be reached from.'],
      volumeAttributesClassName: ['string', 'The VolumeAttributesClass the volume belongs to.'],
    },
  },
  PersistentVolumeSource: {
    d: '',
    f: {
      gcePersistentDisk: ['GCEPersistentDiskVolumeSource'],
      awsElasticBlockStore: ['AWSElasticBlockStoreVolumeSource'],
      hostPath: ['HostPathVolumeSource', 'A directory on the node (single-node testing only).'],
      glusterfs: ['GlusterfsPersistentVolumeSource'],
      nfs: ['NFSVolumeSource', 'An NFS export.'],
      rbd: ['RBDPersistentVolumeSource'],
      iscsi: ['ISCSIPersistentVolumeSource'],
      cinder: ['CinderPersistentVolumeSource'],
      cephfs: ['CephFSPersistentVolumeSource'],
      fc: ['FCVolumeSource'],
      flocker: ['FlockerVolumeSource'],
      flexVolume: ['FlexPersistentVolumeSource'],
      azureFile: ['AzureFilePersistentVolumeSource'],
      vsphereVolume: ['VsphereVirtualDiskVolumeSource'],
      quobyte: ['QuobyteVolumeSource'],
      azureDisk: ['AzureDiskVolumeSource'],
      photonPersistentDisk: ['PhotonPersistentDiskVolumeSource'],
      portworxVolume: ['PortworxVolumeSource'],
      scaleIO: ['ScaleIOPersistentVolumeSource'],
      local: ['LocalVolumeSource', 'A disk, partition or directory of one node.'],
      storageos: ['StorageOSPersistentVolumeSource'],
      csi: ['CSIPersistentVolumeSource', 'A volume of an external CSI driver.'],
    },
  },
  GlusterfsPersistentVolumeSource: {
    d: '',
    f: {
      endpoints: ['string', '', R],
      path: ['string', '', R],
      readOnly: ['bool'],
      endpointsNamespace: ['string'],
    },
  },
  RBDPersistentVolumeSource: {
    d: '',
    f: {
      monitors: ['[]string', '', R],
      image: ['string', '', R],
      fsType: ['string'],
      pool: ['string'],
      user: ['string'],
      keyring: ['string'],
      secretRef: ['SecretReference'],
      readOnly: ['bool'],
    },
  },
  ISCSIPersistentVolumeSource: {
    d: '',
    f: {
      targetPortal: ['string', '', R],
      iqn: ['string', '', R],
      lun: ['int32', '', R],
      iscsiInterface: ['string'],
      fsType: ['string'],
      readOnly: ['bool'],
      portals: ['[]string'],
      chapAuthDiscovery: ['bool'],
      chapAuthSession: ['bool'],
      secretRef: ['SecretReference'],
      initiatorName: ['string'],
    },
  },
  CinderPersistentVolumeSource: {
    d: '',
    f: {
      volumeID: ['string', '', R],
      fsType: ['string'],
      readOnly: ['bool'],
      secretRef: ['SecretReference'],
    },
  },
  CephFSPersistentVolumeSource: {
    d: '',
    f: {
      monitors: ['[]string', '', R],
      path: ['string'],
      user: ['string'],
      secretFile: ['string'],
      secretRef: ['SecretReference'],
      readOnly: ['bool'],
    },
  },
  FlexPersistentVolumeSource: {
    d: '',
    f: {
      driver: ['string', '', R],
      fsType: ['string'],
      secretRef: ['SecretReference'],
      readOnly: ['bool'],
      options: ['map[string]string'],
    },
  },
  AzureFilePersistentVolumeSource: {
    d: '',
    f: {
      secretName: ['string', '', R],
      shareName: ['string', '', R],
      readOnly: ['bool'],
      secretNamespace: ['string'],
    },
  },
  ScaleIOPersistentVolumeSource: {
    d: '',
    f: {
      gateway: ['string', '', R],
      system: ['string', '', R],
      secretRef: ['SecretReference', '', R],
      sslEnabled: ['bool'],
      protectionDomain: ['string'],
      storagePool: ['string'],
      storageMode: ['string'],
      volumeName: ['string'],
      fsType: ['string'],
      readOnly: ['bool'],
    },
  },
  StorageOSPersistentVolumeSource: {
    d: '',
    f: {
      volumeName: ['string'],
      volumeNamespace: ['string'],
      fsType: ['string'],
      readOnly: ['bool'],
      secretRef: ['ObjectReference'],
    },
  },
  LocalVolumeSource: {
    d: 'A mounted local storage device: a disk, partition or directory.',
    f: {
      path: ['string', 'The full path to the volume on the node.', R],
      fsType: ['string', 'The filesystem type, when path is a block device.'],
    },
  },
  CSIPersistentVolumeSource: {
    d: '',
    f: {
      driver: ['string', '', R],
      volumeHandle: ['string', '', R],
      readOnly: ['bool'],
      fsType: ['string'],
      volumeAttributes: ['map[string]string'],
      controllerPublishSecretRef: ['SecretReference'],
      nodeStageSecretRef: ['SecretReference'],
      nodePublishSecretRef: ['SecretReference'],
      controllerExpandSecretRef: ['SecretReference'],
      nodeExpandSecretRef: ['SecretReference'],
    },
  },
  SecretReference: {
    d: 'A Secret by name and namespace.',
    f: {
      name: ['string'],
      namespace: ['string'],
    },
  },
  VolumeNodeAffinity: {
    d: 'The nodes a volume can be reached from.',
    f: {
      required: ['NodeSelector', 'Terms the node must satisfy.'],
    },
  },
  PersistentVolumeStatus: {
    d: 'The observed state of a persistent volume.',
    f: {
      phase: ['PersistentVolumePhase', 'Pending, Available, Bound, Released or Failed.'],
      message: ['string', 'Why the volume is in this phase.'],
      reason: ['string', 'A short CamelCase reason for a failure.'],
      lastPhaseTransitionTime: ['Time', 'When the volume last changed phase.'],
    },
  },
  PersistentVolumeClaim: {
    d: "A user's request for and claim to a persistent volume.",
    f: {
      metadata: ['ObjectMeta', "The claim's name, namespace and other object metadata."],
      spec: [
        'PersistentVolumeClaimSpec',
        'The storage wanted: access modes, size, class, a volume by name or selector.',
      ],
      status: ['PersistentVolumeClaimStatus', 'Whether the claim is bound, and to what.'],
    },
  },
  PersistentVolumeClaimStatus: {
    d: 'The observed state of a claim.',
    f: {
      phase: ['PersistentVolumeClaimPhase', 'Pending, Bound or Lost.'],
      accessModes: ['[]PersistentVolumeAccessMode', 'The access modes of the bound volume.'],
      capacity: ['ResourceList', 'The size of the bound volume.'],
      conditions: ['[]PersistentVolumeClaimCondition', 'Conditions of a resize under way.'],
      allocatedResources: ['ResourceList'],
      allocatedResourceStatuses: ['map[string]string'],
      currentVolumeAttributesClassName: ['string'],
      modifyVolumeStatus: ['ModifyVolumeStatus'],
    },
  },
  PersistentVolumeClaimCondition: {
    d: '',
    f: {
      type: ['string', '', R],
      status: ['ConditionStatus', '', R],
      lastProbeTime: ['Time'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  ModifyVolumeStatus: {
    d: '',
    f: {
      targetVolumeAttributesClassName: ['string'],
      status: ['string', '', R],
    },
  },
  StorageClass: {
    d: 'A class of storage: the provisioner that makes its volumes and how they are handled.',
    f: {
      metadata: ['ObjectMeta', "The class's name and other object metadata."],
      provisioner: ['string', 'The volume plugin that provisions volumes of this class.', R],
      parameters: ['map[string]string', 'Settings passed to the provisioner; fixed once set.'],
      reclaimPolicy: [
        'PersistentVolumeReclaimPolicy',
        'What happens to provisioned volumes once released: Delete (default) or Retain.',
      ],
      mountOptions: ['[]string', 'Mount options of the provisioned volumes.'],
      allowVolumeExpansion: ['bool', 'Whether claims of this class may grow.'],
      volumeBindingMode: [
        'VolumeBindingMode',
        'Immediate (default), or WaitForFirstConsumer: bind once a pod uses the claim.',
      ],
      allowedTopologies: ['[]TopologySelectorTerm', 'Where volumes may be provisioned.'],
    },
  },
  TopologySelectorTerm: {
    d: '',
    f: {
      matchLabelExpressions: ['[]TopologySelectorLabelRequirement'],
    },
  },
  TopologySelectorLabelRequirement: {
    d: '',
    f: {
      key: ['string', '', R],
      values: ['[]string', '', R],
    },
  },
};
