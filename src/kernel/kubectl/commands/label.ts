import type { KubeObject } from '../../types/meta.ts';
import { isStatus, StatusError, internalError } from '../../api/errors.ts';
import { objectPath } from '../../api/resources.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError } from '../errors.ts';
import { flagArray, flagBool, flagString, type FlagSpec, type ParsedArgs } from '../flags.ts';
import {
  dryRunFlag,
  dryRunOf,
  operationLine,
  outputNameFlag,
  outputOf,
} from '../mutation-output.ts';
import { selectTargets } from '../object-targets.ts';
import { objectRef } from '../resource-types.ts';

type Field = 'labels' | 'annotations';

/** Splits `TYPE NAME k=v k2-` into resources and changes (kubectl's GetResourcesAndPairs). */
function resourcesAndPairs(words: readonly string[], what: string): [string[], string[]] {
  const resources: string[] = [];
  const pairs: string[] = [];
  let inPairs = false;
  for (const word of words) {
    if (word.includes('=') || word.endsWith('-')) {
      inPairs = true;
      pairs.push(word);
    } else if (inPairs) {
      throw new KubectlError(`all resources must be specified before ${what} changes: ${word}`);
    } else {
      resources.push(word);
    }
  }
  return [resources, pairs];
}

function parsePairs(
  pairs: readonly string[],
  what: 'label' | 'annotation',
): [Record<string, string>, string[]] {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const pair of pairs) {
    if (pair.includes('=')) {
      const eq = pair.indexOf('=');
      if (what === 'label' && pair.split('=').length !== 2)
        throw new KubectlError(`invalid label spec: ${pair}`);
      set[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else {
      remove.push(pair.slice(0, -1));
    }
  }
  if (remove.some((k) => k in set))
    throw new KubectlError(
      what === 'label'
        ? 'can not both modify and remove a label in the same command'
        : 'can not both modify and remove an annotation in the same command',
    );
  return [set, remove];
}

/** label.go's message: what changed between the old and the new labels. */
function labelMessage(before: Record<string, string>, after: Record<string, string>): string {
  let removed = false;
  let changed = false;
  for (const [k, v] of Object.entries(before)) {
    if (!(k in after)) removed = true;
    else if (after[k] !== v) changed = true;
  }
  for (const k of Object.keys(after)) if (!(k in before)) changed = true;
  if (changed && removed) return 'label(s) changed';
  if (changed) return 'labeled';
  if (removed) return 'unlabeled';
  return 'not labeled';
}

function overwriteError(
  field: Field,
  current: Record<string, string>,
  set: Record<string, string>,
): string | undefined {
  const clashes = Object.entries(set).filter(([k, v]) => k in current && current[k] !== v);
  if (clashes.length === 0) return undefined;
  if (field === 'labels')
    return clashes
      .map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`)
      .join('\n');
  return `--overwrite is false but found the following declared annotation(s): ${clashes
    .map(([k]) => `'${k}' already has a value (${current[k]})`)
    .join('; ')}`;
}

async function runMetadataChange(ctx: KubectlContext, args: ParsedArgs, field: Field) {
  const what = field === 'labels' ? 'label' : 'annotation';
  const [resources, pairs] = resourcesAndPairs(args.positionals, what);
  const files = flagArray(args, 'filename');
  const selector = args.given.has('selector') ? flagString(args, 'selector') : undefined;
  const all = flagBool(args, 'all');
  if (all && selector !== undefined)
    throw new KubectlError('cannot set --all and --selector at the same time');
  if (resources.length === 0 && files.length === 0)
    throw new KubectlError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  const [set, remove] = parsePairs(pairs, what);
  if (Object.keys(set).length === 0 && remove.length === 0)
    throw new KubectlError(`at least one ${what} update is required`);
  const dryRun = dryRunOf(args);
  const output = outputOf(args);
  const overwrite = flagBool(args, 'overwrite');
  const selection = await selectTargets(ctx, {
    resources,
    namespace: namespaceOf(ctx, args),
    filenames: files,
    selector,
    all,
  });
  for (const line of selection.errors) ctx.stderr.write(`${line}\n`);
  for (const target of selection.targets) {
    try {
      const object = await ctx.client.get(target.info, target.namespace, target.name);
      const before = { ...object.metadata[field] };
      if (!overwrite) {
        const clash = overwriteError(field, before, set);
        if (clash) throw new KubectlError(clash);
      }
      if (field === 'labels')
        for (const key of remove)
          if (!(key in before)) ctx.stdout.write(`label "${key}" not found.\n`);
      const after = { ...before, ...set };
      for (const key of remove) delete after[key];
      const message = field === 'labels' ? labelMessage(before, after) : 'annotated';
      const patch: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(set)) if (before[k] !== v) patch[k] = v;
      for (const key of remove) if (key in before) patch[key] = null;
      if (Object.keys(patch).length > 0 && dryRun !== 'client') {
        const response = await ctx.client.api.handle({
          verb: 'PATCH',
          path: objectPath(target.info, target.namespace, target.name),
          body: { metadata: { [field]: patch } } satisfies Partial<KubeObject>,
          contentType: 'application/merge-patch+json',
          ...(dryRun === 'server' ? { query: { dryRun: 'All' } } : {}),
        });
        if (response.status < 200 || response.status >= 300) {
          if (isStatus(response.body)) throw new StatusError(response.body);
          throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
        }
      }
      ctx.stdout.write(operationLine(objectRef(target.info, target.name), message, output, dryRun));
    } catch (err) {
      // kubectl stops at the first object that fails.
      ctx.stderr.write(`${formatError(err)}\n`);
      return 1;
    }
  }
  if (selection.targets.length === 0 && selection.errors.length === 0 && selection.listed)
    ctx.stderr.write(`No resources found in ${namespaceOf(ctx, args)} namespace.\n`);
  return selection.errors.length > 0 ? 1 : 0;
}

const sharedFlags = (what: string): FlagSpec[] => [
  {
    name: 'overwrite',
    type: 'bool',
    usage: `If true, allow ${what}s to be overwritten, otherwise reject ${what} updates that overwrite existing ${what}s.`,
  },
  {
    name: 'selector',
    short: 'l',
    type: 'string',
    usage: 'Selector (label query) to filter on.',
  },
  {
    name: 'all',
    type: 'bool',
    usage: 'Select all resources, in the namespace of the specified resource types',
  },
  {
    name: 'filename',
    short: 'f',
    type: 'stringArray',
    usage: `Filename, directory, or URL to files identifying the resource to update the ${what}`,
  },
  dryRunFlag,
  outputNameFlag,
];

/**
 * `kubectl label` and `kubectl annotate`: `key=value` sets, `key-` removes; a key that already
 * has another value needs `--overwrite`. Each object prints `labeled`, `unlabeled`,
 * `label(s) changed` or `not labeled` (annotate always prints `annotated`).
 */
register(
  {
    path: ['label'],
    short: 'Update the labels on a resource',
    examples: `  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  kubectl label pods foo unhealthy=true

  # Update pod 'foo' by removing a label named 'bar' if it exists
  kubectl label pods foo bar-`,
    flags: sharedFlags('label'),
    run: (ctx, args) => runMetadataChange(ctx, args, 'labels'),
  },
  {
    path: ['annotate'],
    short: 'Update the annotations on a resource',
    examples: `  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
  kubectl annotate pods foo description='my frontend'

  # Update pod 'foo' by removing an annotation named 'description' if it exists
  kubectl annotate pods foo description-`,
    flags: sharedFlags('annotation'),
    run: (ctx, args) => runMetadataChange(ctx, args, 'annotations'),
  },
);
