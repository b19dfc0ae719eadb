import type { KubeObject } from '../../types/meta.ts';
import type { ResourceInfo } from '../resources.ts';
import { hpaFromV1, hpaToV1 } from './hpa-v1.ts';

/** How a version served by conversion maps to and from its stored version. */
export interface Conversion {
  /** A stored object as this version serves it. */
  toServed(object: KubeObject): KubeObject;
  /** An object of this version as it is stored. */
  toStored(object: KubeObject): KubeObject;
}

/** The conversion of a resource that has `storedAs`, by API group. */
export function conversionFor(info: ResourceInfo): Conversion | undefined {
  if (!info.storedAs) return undefined;
  if (info.group === 'autoscaling' && info.version === 'v1') {
    return { toServed: hpaToV1, toStored: hpaFromV1 };
  }
  return undefined;
}
