import type {
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
} from '../types/core.ts';
import { labelsContain } from './label-selector.ts';

/** A compiled node predicate over a node's labels and name. */
export type NodeMatcher = (labels: Readonly<Record<string, string>>, name: string) => boolean;

const matchNone: NodeMatcher = () => false;

function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  return Number(value);
}

function expressionMatcher(r: NodeSelectorRequirement): NodeMatcher {
  const { key } = r;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return (labels) => labels[key] !== undefined && values.includes(labels[key]);
    case 'NotIn':
      return (labels) => labels[key] === undefined || !values.includes(labels[key]);
    case 'Exists':
      return (labels) => labels[key] !== undefined;
    case 'DoesNotExist':
      return (labels) => labels[key] === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = parseInteger(values[0]);
      if (bound === undefined || values.length !== 1) return matchNone;
      const greater = r.operator === 'Gt';
      return (labels) => {
        const v = parseInteger(labels[key]);
        return v !== undefined && (greater ? v > bound : v < bound);
      };
    }
    default:
      return matchNone;
  }
}

/** matchFields supports only `metadata.name` with In/NotIn, as the API allows. */
function fieldMatcher(r: NodeSelectorRequirement): NodeMatcher {
  if (r.key !== 'metadata.name') return matchNone;
  const values = r.values ?? [];
  if (r.operator === 'In') return (_labels, name) => values.includes(name);
  if (r.operator === 'NotIn') return (_labels, name) => !values.includes(name);
  return matchNone;
}

/** One NodeSelectorTerm: its requirements ANDed; a term with none selects no node. */
export function compileNodeSelectorTerm(term: NodeSelectorTerm | undefined): NodeMatcher {
  const parts = [
    ...(term?.matchExpressions ?? []).map(expressionMatcher),
    ...(term?.matchFields ?? []).map(fieldMatcher),
  ];
  if (parts.length === 0) return matchNone;
  if (parts.length === 1) return parts[0];
  return (labels, name) => {
    for (const p of parts) if (!p(labels, name)) return false;
    return true;
  };
}

/** A NodeSelector: its terms ORed. */
export function compileNodeSelector(selector: NodeSelector): NodeMatcher {
  const terms = (selector.nodeSelectorTerms ?? []).map(compileNodeSelectorTerm);
  if (terms.length === 1) return terms[0];
  return (labels, name) => {
    for (const t of terms) if (t(labels, name)) return true;
    return false;
  };
}

/**
 * What a pod requires of its node (component-helpers' GetRequiredNodeAffinity): every
 * spec.nodeSelector label, and one of the required node affinity terms. `constrained` is false
 * when the pod requires nothing, so callers can skip matching altogether.
 */
export interface RequiredNodeAffinity {
  readonly constrained: boolean;
  matches(labels: Readonly<Record<string, string>>, name: string): boolean;
}

const unconstrained: RequiredNodeAffinity = { constrained: false, matches: () => true };

/** Compiles a pod's nodeSelector and required node affinity into one predicate. */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const nodeSelector = pod.spec.nodeSelector;
  const hasSelector = !!nodeSelector && Object.keys(nodeSelector).length > 0;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!hasSelector && !required) return unconstrained;
  const terms = required ? compileNodeSelector(required) : undefined;
  return {
    constrained: true,
    matches(labels, name) {
      if (hasSelector && !labelsContain(labels, nodeSelector)) return false;
      return terms ? terms(labels, name) : true;
    },
  };
}
