/**
 * `kubectl create poddisruptionbudget|pdb NAME --selector=SELECTOR --min-available=N`
 * (or --max-unavailable), building the budget as kubectl's create_pdb.go does.
 */
import { StatusError } from '../../api/errors.ts';
import { collectionPath, poddisruptionbudgets } from '../../api/resources.ts';
import { LabelSelectorError } from '../../api/selectors/label-requirement.ts';
import { parseLabelRequirements } from '../../api/selectors/parse-label-requirements.ts';
import type { LabelSelector, LabelSelectorRequirement } from '../../types/meta.ts';
import type { PodDisruptionBudget } from '../../types/policy.ts';
import { namespaceOf, register, type Command } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagString } from '../flags.ts';
import { dryRunFlag, dryRunOf } from '../mutation-output.ts';
import { objectOutputFlag, objectPrinter } from '../print-flags.ts';
import { objectRef } from '../resource-types.ts';
import { createAt, oneName } from './create.ts';

const expressionOperators: Record<string, LabelSelectorRequirement['operator']> = {
  in: 'In',
  notin: 'NotIn',
  exists: 'Exists',
  '!': 'DoesNotExist',
};

/** metav1.ParseToLabelSelector: equalities become matchLabels, the rest matchExpressions. */
function parseToLabelSelector(text: string): LabelSelector {
  let requirements;
  try {
    requirements = parseLabelRequirements(text);
  } catch (err) {
    if (!(err instanceof LabelSelectorError)) throw err;
    throw new KubectlError(`couldn't parse the selector string "${text}": ${err.message}`);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const r of requirements) {
    if (r.operator === '=' || r.operator === '==') {
      matchLabels[r.key] = r.values[0];
      continue;
    }
    if (r.operator === 'gt' || r.operator === 'lt') {
      throw new KubectlError(`"${r.operator}" isn't supported in label selectors`);
    }
    const operator = expressionOperators[r.operator];
    if (!operator) throw new KubectlError(`"${r.operator}" is not a valid label selector operator`);
    matchExpressions.push({
      key: r.key,
      operator,
      ...(r.values.length ? { values: [...r.values].sort() } : {}),
    });
  }
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

/** intstr.Parse: a number when the text is one, else the text. */
function intOrString(text: string): number | string {
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

const createPodDisruptionBudget: Command = {
  path: ['create', 'poddisruptionbudget'],
  short: 'Create a pod disruption budget with the specified name',
  examples: `  # Create a pod disruption budget named my-pdb that will select all pods with the app=rails label
  # and require at least one of them being available at any point in time
  kubectl create poddisruptionbudget my-pdb --selector=app=rails --min-available=1

  # Create a pod disruption budget named my-pdb that will select all pods with the app=nginx label
  # and require at least half of the pods selected to be available at any point in time
  kubectl create pdb my-pdb --selector=app=nginx --min-available=50%`,
  flags: [
    {
      name: 'min-available',
      type: 'string',
      usage: 'The minimum number or percentage of available pods this budget requires.',
    },
    {
      name: 'max-unavailable',
      type: 'string',
      usage: 'The maximum number or percentage of unavailable pods this budget requires.',
    },
    {
      name: 'selector',
      type: 'string',
      usage:
        'A label selector to use for this budget. Only equality-based selector requirements are supported.',
    },
    dryRunFlag,
    objectOutputFlag,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    const dryRun = dryRunOf(args);
    const print = await objectPrinter(ctx, args, 'created', dryRun);
    const selector = flagString(args, 'selector');
    const minAvailable = flagString(args, 'min-available');
    const maxUnavailable = flagString(args, 'max-unavailable');
    if (!selector) throw new KubectlError('a selector must be specified');
    if (!minAvailable && !maxUnavailable) {
      throw new KubectlError('one of min-available or max-unavailable must be specified');
    }
    if (minAvailable && maxUnavailable) {
      throw new KubectlError('min-available and max-unavailable cannot be both specified');
    }
    const numberOrPercent = /^[0-9]+%?$/;
    if (minAvailable && !numberOrPercent.test(minAvailable)) {
      throw new KubectlError('invalid format specified for min-available');
    }
    if (maxUnavailable && !numberOrPercent.test(maxUnavailable)) {
      throw new KubectlError('invalid format specified for max-unavailable');
    }
    const pdb: PodDisruptionBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name },
      spec: {
        ...(minAvailable ? { minAvailable: intOrString(minAvailable) } : {}),
        selector: parseToLabelSelector(selector),
        ...(maxUnavailable ? { maxUnavailable: intOrString(maxUnavailable) } : {}),
      },
      // The status policy/v1 always serializes, as the client-side object prints it.
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
    };
    const path = collectionPath(poddisruptionbudgets, namespaceOf(ctx, args));
    let result;
    try {
      result = await createAt(ctx, path, pdb, dryRun);
    } catch (err) {
      const message = err instanceof StatusError ? err.status.message : (err as Error).message;
      throw new KubectlError(`failed to create poddisruptionbudgets: ${message}`);
    }
    ctx.stdout.write(print(result, objectRef(poddisruptionbudgets, name)));
    return 0;
  },
};

register(createPodDisruptionBudget, {
  ...createPodDisruptionBudget,
  path: ['create', 'pdb'],
});
