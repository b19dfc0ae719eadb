/**
 * Field shapes of core/v1 ResourceQuota and LimitRange. Field names and Go types follow
 * k8s.io/api (1.34); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const quotaDefinitions: Definitions = {
  ResourceQuota: {
    d: 'Limits on the total resources objects of one namespace may claim.',
    f: {
      metadata: ['ObjectMeta', "The quota's name and namespace."],
      spec: ['ResourceQuotaSpec', 'The hard limits and which objects they apply to.'],
      status: ['ResourceQuotaStatus', 'The limits enforced and what is used of them.'],
    },
  },
  ResourceQuotaSpec: {
    d: 'The desired limits of a quota.',
    f: {
      hard: ['ResourceList', 'The most of each named resource the namespace may use.'],
      scopes: ['[]ResourceQuotaScope', 'Only objects in all of these scopes are counted.'],
      scopeSelector: ['ScopeSelector', 'Only objects these scope expressions select are counted.'],
    },
  },
  ScopeSelector: {
    d: 'Scope expressions, all of which must hold.',
    f: { matchExpressions: ['[]ScopedResourceSelectorRequirement', 'The expressions.'] },
  },
  ScopedResourceSelectorRequirement: {
    d: 'A scope name, an operator and values.',
    f: {
      scopeName: ['ResourceQuotaScope', 'The scope the expression is about.', R],
      operator: ['ScopeSelectorOperator', 'In, NotIn, Exists or DoesNotExist.', R],
      values: ['[]string', 'Values for In and NotIn.'],
    },
  },
  ResourceQuotaStatus: {
    d: 'The enforced state of a quota.',
    f: {
      hard: ['ResourceList', 'The limits being enforced.'],
      used: ['ResourceList', 'What the namespace uses now.'],
    },
  },
  LimitRange: {
    d: 'Defaults and bounds for the resources of each pod, container or claim in a namespace.',
    f: {
      metadata: ['ObjectMeta', "The limit range's name and namespace."],
      spec: ['LimitRangeSpec', 'The limits.'],
    },
  },
  LimitRangeSpec: {
    d: 'The limits of a LimitRange.',
    f: { limits: ['[]LimitRangeItem', 'One item per kind of object limited.', R] },
  },
  LimitRangeItem: {
    d: 'Limits for one kind of object.',
    f: {
      type: ['LimitType', 'Container, Pod or PersistentVolumeClaim.', R],
      max: ['ResourceList', 'The most of each resource one object may use.'],
      min: ['ResourceList', 'The least of each resource one object must ask for.'],
      default: ['ResourceList', 'Limits given to containers that set none.'],
      defaultRequest: ['ResourceList', 'Requests given to containers that set none.'],
      maxLimitRequestRatio: ['ResourceList', 'The largest limit/request ratio allowed.'],
    },
  },
};
