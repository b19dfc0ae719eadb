import {
  isEverything,
  labelSelectorAsSelector,
  labelSelectorMatcher,
  type LabelMatcher,
} from '../../api/selectors/label-selector.ts';
import type { LabelSelector } from '../../types/meta.ts';

export type { LabelMatcher };

/**
 * A workload's metav1 LabelSelector as a predicate (absent matches nothing, `{}` everything),
 * or undefined for a selector that cannot be converted: validation keeps those out of the
 * API, and a controller can only skip such an object, since retrying would not fix it.
 */
export function selectorMatcher(selector: LabelSelector | undefined): LabelMatcher | undefined {
  try {
    return labelSelectorMatcher(selector);
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
