import { labelSelectorMatcher, type LabelMatcher } from '../api/selectors/label-selector.ts';
import type { LabelSelector } from '../types/meta.ts';

export type { LabelMatcher };

const empty: Readonly<Record<string, string>> = {};

/** Matches every set of labels: metav1's `labels.Everything()`. */
export const matchEverything: LabelMatcher = () => true;
/** Matches no set of labels: what an absent selector means (`labels.Nothing()`). */
export const matchNothing: LabelMatcher = () => false;

/**
 * Compiles a metav1.LabelSelector once so it can be matched many times, with the API's own
 * selector semantics. A selector the API server would have refused selects nothing, as
 * LabelSelectorAsSelector's error makes it for kube-scheduler.
 */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  try {
    return labelSelectorMatcher(selector);
  } catch {
    return matchNothing;
  }
}

/** True when every `key: value` of `selector` (a nodeSelector map) is among `labels`. */
export function labelsContain(
  labels: Readonly<Record<string, string>> | undefined,
  selector: Readonly<Record<string, string>>,
): boolean {
  const l = labels ?? empty;
  for (const key in selector) if (l[key] !== selector[key]) return false;
  return true;
}
