import type { KubeObject } from '../../types/meta.ts';
import { jsonEqual } from '../../util/json-value.ts';
import { defaultDaemonSet } from '../defaults/daemonset.ts';
import { daemonsets } from '../resources.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

/**
 * The annotation apps/v1 carries the internal spec.templateGeneration in: `1` at creation, one
 * more at each template change. Clients cannot set it; the DaemonSet controller labels its
 * pods with it (`pod-template-generation`).
 */
export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

function generationOf(object: KubeObject): number {
  const n = Number(object.metadata.annotations?.[templateGenerationAnnotation]);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

function setGeneration(object: KubeObject, generation: number): void {
  object.metadata.annotations = {
    ...object.metadata.annotations,
    [templateGenerationAnnotation]: String(generation),
  };
}

const base = defaultStrategy(daemonsets);

/** DaemonSets: the default behaviour plus the template generation kept by the server. */
export const daemonSetStrategy: Strategy = {
  ...base,
  prepareForCreate(object) {
    base.prepareForCreate(object);
    setGeneration(object, 1);
    // The counts apps/v1 always serializes, zero until the controller writes them.
    object.status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    };
  },
  prepareForUpdate(object, old) {
    base.prepareForUpdate(object, old);
    // Compared as the apiserver does, after defaulting (which runs later here).
    const defaulted = structuredClone(object);
    defaultDaemonSet(defaulted);
    const templateChanged = !jsonEqual(
      (defaulted.spec as { template?: unknown }).template ?? null,
      (old.spec as { template?: unknown } | undefined)?.template ?? null,
    );
    setGeneration(object, generationOf(old) + (templateChanged ? 1 : 0));
  },
  prepareForStatusUpdate(object, old) {
    base.prepareForStatusUpdate(object, old);
    setGeneration(object, generationOf(old));
  },
};
