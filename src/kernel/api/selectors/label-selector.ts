/**
 * Label selectors as the API server and controllers use them: parsed from `?labelSelector=`
 * text or converted from a metav1 LabelSelector, matched against an object's labels, and
 * printed the way kubectl prints them. Semantics follow apimachinery `pkg/labels` and
 * `metav1.LabelSelectorAsSelector`.
 */
import type { LabelSelector } from '../../types/meta.ts';
import { badRequest } from '../errors.ts';
import {
  LabelSelectorError,
  newLabelRequirement,
  requirementMatches,
  requirementString,
  type LabelRequirement,
} from './label-requirement.ts';
import { parseLabelRequirements } from './parse-label-requirements.ts';

export type { LabelOperator, LabelRequirement } from './label-requirement.ts';

/**
 * A ready-to-match selector: the AND of its requirements. `matchesNothing` marks the selector
 * of an absent (nil) metav1 LabelSelector, which matches no object at all.
 */
export interface CompiledLabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly matchesNothing: boolean;
}

const everythingSelector: CompiledLabelSelector = Object.freeze({
  requirements: Object.freeze([]) as readonly LabelRequirement[],
  matchesNothing: false,
});
const nothingSelector: CompiledLabelSelector = Object.freeze({
  requirements: Object.freeze([]) as readonly LabelRequirement[],
  matchesNothing: true,
});

/** labels.Everything(): matches every label set, including none. */
export function everything(): CompiledLabelSelector {
  return everythingSelector;
}

/** labels.Nothing(): matches no label set. */
export function nothing(): CompiledLabelSelector {
  return nothingSelector;
}

/** Selector.Empty(): true when the selector does not restrict anything (Nothing is not empty). */
export function isEverything(selector: CompiledLabelSelector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return requirements
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map(({ r }) => r);
}

/**
 * Parses `?labelSelector=` / `kubectl -l` text (`env=prod,tier in (a,b),!canary`). Throws a
 * StatusError BadRequest (400) whose message is exactly the API server's, for example
 * `unable to parse requirement: found '', expected: identifier` or
 * `found ')', expected: ',' or 'end of string'`. Empty or blank text matches everything.
 */
export function parseLabelSelector(text: string): CompiledLabelSelector {
  try {
    const requirements = parseLabelRequirements(text);
    return requirements.length ? { requirements, matchesNothing: false } : everythingSelector;
  } catch (e) {
    if (e instanceof LabelSelectorError) throw badRequest(e.message);
    throw e;
  }
}

/**
 * Whether a label map satisfies the selector (absent labels are an empty map). `!=` and
 * `notin` also match objects that lack the key.
 */
export function matchesLabels(
  selector: CompiledLabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector.matchesNothing) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

/** Selector.String(): requirements joined by `,`; empty for Everything and Nothing alike. */
export function labelSelectorString(selector: CompiledLabelSelector): string {
  return selector.requirements.map(requirementString).join(',');
}

/**
 * metav1.LabelSelectorAsSelector: `matchLabels` become `=` requirements and `matchExpressions`
 * `in`/`notin`/`exists`/`!`, all ANDed. An empty selector (`{}`) matches everything; an absent
 * or null one matches nothing. A bad operator or value throws a StatusError BadRequest with
 * apimachinery's message (`"Foo" is not a valid label selector operator`,
 * `values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty`).
 */
export function labelSelectorAsSelector(
  selector: LabelSelector | null | undefined,
): CompiledLabelSelector {
  if (selector === null || selector === undefined) return nothingSelector;
  const matchLabels = selector.matchLabels ?? {};
  const expressions = selector.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels).sort();
  if (labelKeys.length + expressions.length === 0) return everythingSelector;
  const requirements: LabelRequirement[] = [];
  try {
    for (const key of labelKeys) {
      requirements.push(newLabelRequirement(key, '=', [matchLabels[key]]));
    }
    for (const expression of expressions) {
      const operator = expressionOperators[expression.operator as string];
      if (!operator) {
        throw new LabelSelectorError(
          `${JSON.stringify(expression.operator)} is not a valid label selector operator`,
        );
      }
      const values = expression.values && expression.values.length ? expression.values : undefined;
      requirements.push(newLabelRequirement(expression.key, operator, values));
    }
  } catch (e) {
    if (e instanceof LabelSelectorError) throw badRequest(e.message);
    throw e;
  }
  return { requirements: sortByKey(requirements), matchesNothing: false };
}

const expressionOperators: Readonly<Record<string, 'in' | 'notin' | 'exists' | '!'>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.FormatLabelSelector, which kubectl prints in SELECTOR columns and `describe`:
 * `app=nginx,tier in (a,b)`, `<none>` when it selects everything (or is absent), `<error>`
 * when it cannot be converted.
 */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = labelSelectorString(labelSelectorAsSelector(selector));
  } catch {
    return '<error>';
  }
  return text === '' ? '<none>' : text;
}

/**
 * labels.SelectorFromSet: a selector requiring each key to equal its value (the form of a
 * Service or ReplicationController selector). An empty or absent map matches everything.
 */
export function selectorFromSet(
  set: Readonly<Record<string, string>> | undefined,
): CompiledLabelSelector {
  const keys = Object.keys(set ?? {}).sort();
  if (!set || keys.length === 0) return everythingSelector;
  return {
    requirements: keys.map((key) => ({ key, operator: '=' as const, values: [set[key]] })),
    matchesNothing: false,
  };
}

/** labels.FormatLabels, kubectl's LABELS column: `a=b,c=d` sorted, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return pairs.length ? pairs.join(',') : '<none>';
}

/** A label selector as a predicate over an object's labels. */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/**
 * A metav1 LabelSelector compiled once into a predicate for matching many objects (absent
 * matches nothing, `{}` everything). Throws as `labelSelectorAsSelector` does for a selector
 * the API server would refuse.
 */
export function labelSelectorMatcher(selector: LabelSelector | null | undefined): LabelMatcher {
  const compiled = labelSelectorAsSelector(selector);
  if (compiled.matchesNothing) return () => false;
  if (compiled.requirements.length === 0) return () => true;
  return (labels) => matchesLabels(compiled, labels);
}
