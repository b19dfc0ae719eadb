import type { PodTemplateSpec } from '../../types/apps.ts';
import type { Affinity, Pod } from '../../types/core.ts';
import type { DaemonSet } from '../../types/daemonset.ts';
import { templateGenerationAnnotation } from '../../api/strategies/daemonset.ts';
import { withDaemonTolerations } from './daemon-pod-tolerations.ts';

/** The label naming the ControllerRevision a daemon pod (and the revision itself) belongs to. */
export const controllerRevisionHashLabel = 'controller-revision-hash';
/** The label carrying the DaemonSet's template generation a pod was made from. */
export const podTemplateGenerationLabel = 'pod-template-generation';

/** GetTemplateGeneration: the DaemonSet's template generation, if its annotation parses. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const text = ds.metadata.annotations?.[templateGenerationAnnotation];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

/**
 * CreatePodTemplate: the template daemon pods are made from — the DaemonSet's, with the daemon
 * tolerations and the template generation and revision hash labels.
 */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const template = structuredClone(ds.spec.template);
  template.spec.tolerations = withDaemonTolerations(template.spec);
  template.metadata ??= {};
  const labels = { ...template.metadata.labels };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[podTemplateGenerationLabel] = String(generation);
  if (hash) labels[controllerRevisionHashLabel] = hash;
  template.metadata.labels = labels;
  return template;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: binds a daemon pod to one node through its required
 * node affinity (`metadata.name In [node]` in matchFields), replacing any required terms — the
 * controller already checked those — so the default scheduler places it there.
 */
export function withNodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term = {
    matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }],
  };
  const next = structuredClone(affinity ?? {});
  next.nodeAffinity ??= {};
  const required = next.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) required.nodeSelectorTerms = [term];
  else
    next.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
      nodeSelectorTerms: [term],
    };
  return next;
}

/**
 * GetTargetNodeName: the node a daemon pod is for — its nodeName once bound, else the one its
 * node affinity names.
 */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const r of term.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}

/** IsPodUpdated: the pod carries the current revision's hash, or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const templateMatches =
    generation !== undefined && labels[podTemplateGenerationLabel] === String(generation);
  const hashMatches = hash.length > 0 && labels[controllerRevisionHashLabel] === hash;
  return hashMatches || templateMatches;
}

/** podByCreationTimestampAndPhase: scheduled pods first, then the oldest, then by name. */
export function byCreationAndPhase(a: Pod, b: Pod): number {
  const aBound = !!a.spec.nodeName;
  const bBound = !!b.spec.nodeName;
  if (aBound !== bBound) return aBound ? -1 : 1;
  const at = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const bt = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (at !== bt) return at - bt;
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}
