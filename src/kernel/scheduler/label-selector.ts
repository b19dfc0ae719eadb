import type { LabelSelector, LabelSelectorRequirement } from '../types/meta.ts';

/** A compiled label selector: true when the labels satisfy it. */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

const empty: Readonly<Record<string, string>> = {};

/** Matches every set of labels: metav1's `labels.Everything()`. */
export const matchEverything: LabelMatcher = () => true;
/** Matches no set of labels: what an absent selector means (`labels.Nothing()`). */
export const matchNothing: LabelMatcher = () => false;

function requirementMatcher(r: LabelSelectorRequirement): LabelMatcher {
  const { key } = r;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (values.length === 1) {
        const only = values[0];
        return (labels) => (labels ?? empty)[key] === only;
      }
      return (labels) => {
        const v = (labels ?? empty)[key];
        return v !== undefined && values.includes(v);
      };
    case 'NotIn':
      return (labels) => {
        const v = (labels ?? empty)[key];
        return v === undefined || !values.includes(v);
      };
    case 'Exists':
      return (labels) => (labels ?? empty)[key] !== undefined;
    case 'DoesNotExist':
      return (labels) => (labels ?? empty)[key] === undefined;
    default:
      // An operator the API server would have rejected selects nothing (LabelSelectorAsSelector errors).
      return matchNothing;
  }
}

/**
 * Compiles a metav1.LabelSelector once so it can be matched many times: matchLabels and
 * matchExpressions are ANDed; an empty selector matches everything and an absent one
 * (undefined/null) matches nothing, as LabelSelectorAsSelector makes them.
 */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  if (!selector) return matchNothing;
  const parts: LabelMatcher[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    parts.push((labels) => (labels ?? empty)[key] === value);
  }
  for (const r of selector.matchExpressions ?? []) parts.push(requirementMatcher(r));
  if (parts.length === 0) return matchEverything;
  if (parts.length === 1) return parts[0];
  return (labels) => {
    for (const part of parts) if (!part(labels)) return false;
    return true;
  };
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
