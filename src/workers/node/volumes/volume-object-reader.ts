/**
 * How the kubelet reads what a pod's volumes refer to: the ConfigMaps, Secrets and Node of
 * projections (as for the environment), and the claims and volumes of persistentVolumeClaim
 * volumes, all through the API client.
 */
import { persistentvolumeclaims, persistentvolumes } from '../../../kernel/api/resources.ts';
import type { Client } from '../../../kernel/client/client.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../kernel/types/storage.ts';
import { apiEnvObjectReader, type EnvObjectReader } from '../env-object-reader.ts';

export interface VolumeObjectReader extends EnvObjectReader {
  claim(namespace: string, name: string): Promise<PersistentVolumeClaim>;
  volume(name: string): Promise<PersistentVolume>;
}

/** Reads through `client`; a missing object rejects with the API's NotFound. */
export function apiVolumeObjectReader(client: Client): VolumeObjectReader {
  return {
    ...apiEnvObjectReader(client),
    claim: (namespace, name) =>
      client.get<PersistentVolumeClaim>(persistentvolumeclaims, namespace, name),
    volume: (name) => client.get<PersistentVolume>(persistentvolumes, undefined, name),
  };
}
