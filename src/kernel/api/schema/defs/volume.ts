/**
 * Field shapes of core/v1 Volume and its sources. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const volumeDefinitions: Definitions = {
  Volume: {
    d: 'A named volume of the pod, with exactly one source.',
    f: {
      name: ['string', 'Name of the volume: a DNS label unique within the pod.', R],
      '...': ['VolumeSource'],
    },
  },
  VolumeSource: {
    d: '',
    f: {
      hostPath: ['HostPathVolumeSource'],
      emptyDir: ['EmptyDirVolumeSource'],
      gcePersistentDisk: ['GCEPersistentDiskVolumeSource'],
      awsElasticBlockStore: ['AWSElasticBlockStoreVolumeSource'],
      gitRepo: ['GitRepoVolumeSource'],
      secret: ['SecretVolumeSource'],
      nfs: ['NFSVolumeSource'],
      iscsi: ['ISCSIVolumeSource'],
      glusterfs: ['GlusterfsVolumeSource'],
      persistentVolumeClaim: ['PersistentVolumeClaimVolumeSource'],
      rbd: ['RBDVolumeSource'],
      flexVolume: ['FlexVolumeSource'],
      cinder: ['CinderVolumeSource'],
      cephfs: ['CephFSVolumeSource'],
      flocker: ['FlockerVolumeSource'],
      downwardAPI: ['DownwardAPIVolumeSource'],
      fc: ['FCVolumeSource'],
      azureFile: ['AzureFileVolumeSource'],
      configMap: ['ConfigMapVolumeSource'],
      vsphereVolume: ['VsphereVirtualDiskVolumeSource'],
      quobyte: ['QuobyteVolumeSource'],
      azureDisk: ['AzureDiskVolumeSource'],
      photonPersistentDisk: ['PhotonPersistentDiskVolumeSource'],
      projected: ['ProjectedVolumeSource'],
      portworxVolume: ['PortworxVolumeSource'],
      scaleIO: ['ScaleIOVolumeSource'],
      storageos: ['StorageOSVolumeSource'],
      csi: ['CSIVolumeSource'],
      ephemeral: ['EphemeralVolumeSource'],
      image: ['ImageVolumeSource'],
    },
  },
  HostPathVolumeSource: {
    d: '',
    f: {
      path: ['string', '', R],
      type: ['HostPathType'],
    },
  },
  EmptyDirVolumeSource: {
    d: '',
    f: {
      medium: ['StorageMedium'],
      sizeLimit: ['Quantity'],
      mode: ['int32'],
    },
  },
  GCEPersistentDiskVolumeSource: {
    d: '',
    f: {
      pdName: ['string', '', R],
      fsType: ['string'],
      partition: ['int32'],
      readOnly: ['bool'],
    },
  },
  AWSElasticBlockStoreVolumeSource: {
    d: '',
    f: {
      volumeID: ['string', '', R],
      fsType: ['string'],
      partition: ['int32'],
      readOnly: ['bool'],
    },
  },
  GitRepoVolumeSource: {
    d: '',
    f: {
      repository: ['string', '', R],
      revision: ['string'],
      directory: ['string'],
    },
  },
  SecretVolumeSource: {
    d: '',
    f: {
      secretName: ['string'],
      items: ['[]KeyToPath'],
      defaultMode: ['int32'],
      optional: ['bool'],
      defaultUser: ['int64'],
    },
  },
  KeyToPath: {
    d: '',
    f: {
      key: ['string', '', R],
      path: ['string', '', R],
      mode: ['int32'],
      user: ['int64'],
    },
  },
  NFSVolumeSource: {
    d: '',
    f: {
      server: ['string', '', R],
      path: ['string', '', R],
      readOnly: ['bool'],
    },
  },
  ISCSIVolumeSource: {
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
      secretRef: ['LocalObjectReference'],
      initiatorName: ['string'],
    },
  },
  GlusterfsVolumeSource: {
    d: '',
    f: {
      endpoints: ['string', '', R],
      path: ['string', '', R],
      readOnly: ['bool'],
    },
  },
  PersistentVolumeClaimVolumeSource: {
    d: '',
    f: {
      claimName: ['string', '', R],
      readOnly: ['bool'],
    },
  },
  RBDVolumeSource: {
    d: '',
    f: {
      monitors: ['[]string', '', R],
      image: ['string', '', R],
      fsType: ['string'],
      pool: ['string'],
      user: ['string'],
      keyring: ['string'],
      secretRef: ['LocalObjectReference'],
      readOnly: ['bool'],
    },
  },
  FlexVolumeSource: {
    d: '',
    f: {
      driver: ['string', '', R],
      fsType: ['string'],
      secretRef: ['LocalObjectReference'],
      readOnly: ['bool'],
      options: ['map[string]string'],
    },
  },
  CinderVolumeSource: {
    d: '',
    f: {
      volumeID: ['string', '', R],
      fsType: ['string'],
      readOnly: ['bool'],
      secretRef: ['LocalObjectReference'],
    },
  },
  CephFSVolumeSource: {
    d: '',
    f: {
      monitors: ['[]string', '', R],
      path: ['string'],
      user: ['string'],
      secretFile: ['string'],
      secretRef: ['LocalObjectReference'],
      readOnly: ['bool'],
    },
  },
  FlockerVolumeSource: {
    d: '',
    f: {
      datasetName: ['string'],
      datasetUUID: ['string'],
    },
  },
  DownwardAPIVolumeSource: {
    d: '',
    f: {
      items: ['[]DownwardAPIVolumeFile'],
      defaultMode: ['int32'],
      defaultUser: ['int64'],
    },
  },
  DownwardAPIVolumeFile: {
    d: '',
    f: {
      path: ['string', '', R],
      fieldRef: ['ObjectFieldSelector'],
      resourceFieldRef: ['ResourceFieldSelector'],
      mode: ['int32'],
      user: ['int64'],
    },
  },
  ObjectFieldSelector: {
    d: '',
    f: {
      apiVersion: ['string'],
      fieldPath: ['string', '', R],
    },
  },
  ResourceFieldSelector: {
    d: '',
    f: {
      containerName: ['string'],
      resource: ['string', '', R],
      divisor: ['Quantity'],
    },
  },
  FCVolumeSource: {
    d: '',
    f: {
      targetWWNs: ['[]string'],
      lun: ['int32'],
      fsType: ['string'],
      readOnly: ['bool'],
      wwids: ['[]string'],
    },
  },
  AzureFileVolumeSource: {
    d: '',
    f: {
      secretName: ['string', '', R],
      shareName: ['string', '', R],
      readOnly: ['bool'],
    },
  },
  ConfigMapVolumeSource: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      items: ['[]KeyToPath'],
      defaultMode: ['int32'],
      optional: ['bool'],
      defaultUser: ['int64'],
    },
  },
  VsphereVirtualDiskVolumeSource: {
    d: '',
    f: {
      volumePath: ['string', '', R],
      fsType: ['string'],
      storagePolicyName: ['string'],
      storagePolicyID: ['string'],
    },
  },
  QuobyteVolumeSource: {
    d: '',
    f: {
      registry: ['string', '', R],
      volume: ['string', '', R],
      readOnly: ['bool'],
      user: ['string'],
      group: ['string'],
      tenant: ['string'],
    },
  },
  AzureDiskVolumeSource: {
    d: '',
    f: {
      diskName: ['string', '', R],
      diskURI: ['string', '', R],
      cachingMode: ['AzureDataDiskCachingMode'],
      fsType: ['string'],
      readOnly: ['bool'],
      kind: ['AzureDataDiskKind'],
    },
  },
  PhotonPersistentDiskVolumeSource: {
    d: '',
    f: {
      pdID: ['string', '', R],
      fsType: ['string'],
    },
  },
  ProjectedVolumeSource: {
    d: '',
    f: {
      sources: ['[]VolumeProjection'],
      defaultMode: ['int32'],
      defaultUser: ['int64'],
    },
  },
  VolumeProjection: {
    d: '',
    f: {
      secret: ['SecretProjection'],
      downwardAPI: ['DownwardAPIProjection'],
      configMap: ['ConfigMapProjection'],
      serviceAccountToken: ['ServiceAccountTokenProjection'],
      clusterTrustBundle: ['ClusterTrustBundleProjection'],
      podCertificate: ['PodCertificateProjection'],
    },
  },
  SecretProjection: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      items: ['[]KeyToPath'],
      optional: ['bool'],
    },
  },
  DownwardAPIProjection: {
    d: '',
    f: {
      items: ['[]DownwardAPIVolumeFile'],
    },
  },
  ConfigMapProjection: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      items: ['[]KeyToPath'],
      optional: ['bool'],
    },
  },
  ServiceAccountTokenProjection: {
    d: '',
    f: {
      audience: ['string'],
      expirationSeconds: ['int64'],
      path: ['string', '', R],
      user: ['int64'],
    },
  },
  ClusterTrustBundleProjection: {
    d: '',
    f: {
      name: ['string'],
      signerName: ['string'],
      labelSelector: ['LabelSelector'],
      optional: ['bool'],
      path: ['string', '', R],
      user: ['int64'],
    },
  },
  PodCertificateProjection: {
    d: '',
    f: {
      signerName: ['string', '', R],
      keyType: ['string', '', R],
      maxExpirationSeconds: ['int32'],
      credentialBundlePath: ['string'],
      keyPath: ['string'],
      certificateChainPath: ['string'],
      userAnnotations: ['map[string]string'],
      user: ['int64'],
    },
  },
  PortworxVolumeSource: {
    d: '',
    f: {
      volumeID: ['string', '', R],
      fsType: ['string'],
      readOnly: ['bool'],
    },
  },
  ScaleIOVolumeSource: {
    d: '',
    f: {
      gateway: ['string', '', R],
      system: ['string', '', R],
      secretRef: ['LocalObjectReference'],
      sslEnabled: ['bool'],
      protectionDomain: ['string'],
      storagePool: ['string'],
      storageMode: ['string'],
      volumeName: ['string'],
      fsType: ['string'],
      readOnly: ['bool'],
    },
  },
  StorageOSVolumeSource: {
    d: '',
    f: {
      volumeName: ['string'],
      volumeNamespace: ['string'],
      fsType: ['string'],
      readOnly: ['bool'],
      secretRef: ['LocalObjectReference'],
    },
  },
  CSIVolumeSource: {
    d: '',
    f: {
      driver: ['string', '', R],
      readOnly: ['bool'],
      fsType: ['string'],
      volumeAttributes: ['map[string]string'],
      nodePublishSecretRef: ['LocalObjectReference'],
    },
  },
  EphemeralVolumeSource: {
    d: '',
    f: {
      volumeClaimTemplate: ['PersistentVolumeClaimTemplate'],
    },
  },
  PersistentVolumeClaimTemplate: {
    d: '',
    f: {
      metadata: ['ObjectMeta'],
      spec: ['PersistentVolumeClaimSpec', '', R],
    },
  },
  PersistentVolumeClaimSpec: {
    d: '',
    f: {
      accessModes: ['[]PersistentVolumeAccessMode'],
      selector: ['LabelSelector'],
      resources: ['VolumeResourceRequirements'],
      volumeName: ['string'],
      storageClassName: ['string'],
      volumeMode: ['PersistentVolumeMode'],
      dataSource: ['TypedLocalObjectReference'],
      dataSourceRef: ['TypedObjectReference'],
      volumeAttributesClassName: ['string'],
    },
  },
  VolumeResourceRequirements: {
    d: '',
    f: {
      limits: ['ResourceList'],
      requests: ['ResourceList'],
    },
  },
  TypedLocalObjectReference: {
    d: '',
    f: {
      apiGroup: ['string'],
      kind: ['string', '', R],
      name: ['string', '', R],
    },
  },
  TypedObjectReference: {
    d: '',
    f: {
      apiGroup: ['string'],
      kind: ['string', '', R],
      name: ['string', '', R],
      namespace: ['string'],
    },
  },
  ImageVolumeSource: {
    d: '',
    f: {
      reference: ['string'],
      pullPolicy: ['PullPolicy'],
    },
  },
};
