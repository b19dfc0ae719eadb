import {
  isEverything,
  labelSelectorAsSelector,
  matchesLabels,
} from '../../api/selectors/label-selector.ts';
import type { LabelSelector } from '../../types/meta.ts';

/** Answers whether a label map is selected. */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/**
 * A workload's metav1 LabelSelector as a predicate (absent matches nothing, `{}` everything),
 * or undefined for a selector that cannot be converted: validation keeps those out of the
 * API, and a controller can only skip such an object, since retrying would not fix it.
 */
export function selectorMatcher(selector: LabelSelector | undefined): LabelMatcher | undefined {
  try {
    const compiled = labelSelectorAsSelector(selector);
    return (labels) => matchesLabels(compiled, labels);
  } catch {
    return undefined;
  }
}

/** True for a selector that selects every object; controllers refuse to adopt with one. */
export function selectsEverything(selector: LabelSelector | undefined): boolean {
  try {
    return isEverything(labelSelectorAsSelector(selector));
  } catch {
    return false;
  }
}
