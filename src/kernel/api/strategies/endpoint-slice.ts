import type { KubeObject } from '../../types/meta.ts';
import { jsonEqual } from '../../util/json-value.ts';
import { endpointslices } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

const base = defaultStrategy(endpointslices);

/**
 * EndpointSlices start at generation 1 and, as the endpointslice registry does, move to the
 * next generation when anything but metadata changes (the server does that for every kind
 * tracking generations) or when their labels change.
 */
export const endpointSliceStrategy: Strategy = {
  ...base,
  prepareForUpdate(object: KubeObject, old: KubeObject) {
    base.prepareForUpdate(object, old);
    if (!jsonEqual(object.metadata.labels ?? {}, old.metadata.labels ?? {})) {
      object.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
  },
};
