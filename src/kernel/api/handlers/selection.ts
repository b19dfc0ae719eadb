import type { KubeObject, LabelSelector } from '../../types/meta.ts';
import type { ResourceInfo } from '../resources.ts';
import { fieldSelectorMatcher, parseFieldSelectorFor } from '../selectors/selectable-fields.ts';
import {
  isEverything,
  labelSelectorAsSelector,
  labelSelectorString,
  matchesLabels,
  parseLabelSelector,
} from '../selectors/label-selector.ts';

/** Accepts every object: what `filterFor` returns for a request without selectors. */
export const everyObject = (): boolean => true;

/**
 * The filter a list, watch or deletecollection applies: the request's `labelSelector` and
 * `fieldSelector`, both required to match. Malformed selectors are a 400 BadRequest. Without
 * selectors it is `everyObject`, which callers may test for to skip work.
 */
export function filterFor(
  info: ResourceInfo,
  query: Record<string, string>,
): (object: KubeObject) => boolean {
  if (!query.labelSelector && !query.fieldSelector) return everyObject;
  const labels = parseLabelSelector(query.labelSelector ?? '');
  const fields = fieldSelectorMatcher(
    { group: info.group, resource: info.resource },
    parseFieldSelectorFor(
      { group: info.group, resource: info.resource },
      query.fieldSelector ?? '',
    ),
  );
  if (isEverything(labels)) return fields;
  return (object) => matchesLabels(labels, object.metadata.labels) && fields(object);
}

/** A metav1 LabelSelector in its string form (`app=web`), as Scale.status.selector carries it. */
export function selectorString(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '';
  try {
    return labelSelectorString(labelSelectorAsSelector(selector as LabelSelector));
  } catch {
    return '';
  }
}
