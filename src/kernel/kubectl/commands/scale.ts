import { isStatus, StatusError, internalError } from '../../api/errors.ts';
import { objectPath } from '../../api/resources.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError, SourcedError } from '../errors.ts';
import { flagArray, flagBool, flagInt, flagString } from '../flags.ts';
import {
  dryRunFlag,
  dryRunOf,
  operationLine,
  outputNameFlag,
  outputOf,
} from '../mutation-output.ts';
import { selectTargets, type ObjectTarget } from '../object-targets.ts';
import { objectRef } from '../resource-types.ts';

interface Scale extends KubeObject {
  spec?: { replicas?: number };
}

async function scaleRequest(
  ctx: KubectlContext,
  target: ObjectTarget,
  verb: 'GET' | 'PATCH',
  body?: unknown,
): Promise<Scale> {
  const response = await ctx.client.api.handle({
    verb,
    path: objectPath(target.info, target.namespace, target.name, 'scale'),
    ...(body === undefined ? {} : { body, contentType: 'application/merge-patch+json' }),
  });
  if (response.status >= 200 && response.status < 300) return response.body as Scale;
  if (isStatus(response.body)) throw new StatusError(response.body);
  throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
}

/**
 * `kubectl scale --replicas=N TYPE NAME`: sets the replica count through the scale
 * subresource, checking `--current-replicas` and `--resource-version` first when given, and
 * prints `deployment.apps/web scaled`.
 */
register({
  path: ['scale'],
  short: 'Set a new size for a deployment, replica set, replication controller, or stateful set',
  examples: `  # Scale a replica set named 'foo' to 3
  kubectl scale --replicas=3 rs/foo

  # If the deployment named mysql's current size is 2, scale mysql to 3
  kubectl scale --current-replicas=2 --replicas=3 deployment/mysql`,
  flags: [
    {
      name: 'replicas',
      type: 'int',
      default: -1,
      usage: 'The new desired number of replicas. Required.',
    },
    {
      name: 'current-replicas',
      type: 'int',
      default: -1,
      usage:
        'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.',
    },
    {
      name: 'resource-version',
      type: 'string',
      usage:
        'Precondition for resource version. Requires that the current resource version match this value in order to scale.',
    },
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      usage: 'Filename, directory, or URL to files identifying the resource to set a new size',
    },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    {
      name: 'all',
      type: 'bool',
      usage: 'Select all resources in the namespace of the specified resource types',
    },
    dryRunFlag,
    outputNameFlag,
  ],
  async run(ctx, args) {
    const replicas = flagInt(args, 'replicas');
    if (replicas < 0)
      throw new KubectlError(
        'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
      );
    const dryRun = dryRunOf(args);
    const output = outputOf(args);
    const selection = await selectTargets(ctx, {
      resources: args.positionals,
      namespace: namespaceOf(ctx, args),
      filenames: flagArray(args, 'filename'),
      selector: args.given.has('selector') ? flagString(args, 'selector') : undefined,
      all: flagBool(args, 'all'),
    });
    if (selection.targets.length === 0 && selection.errors.length === 0)
      throw new KubectlError('no objects passed to scale');
    const expected = flagInt(args, 'current-replicas');
    const version = flagString(args, 'resource-version');
    if (version && selection.targets.length > 1)
      throw new KubectlError('cannot use --resource-version with multiple resources');
    const errors = [...selection.errors];
    for (const target of selection.targets) {
      try {
        if (expected >= 0 || version) {
          const scale = await scaleRequest(ctx, target, 'GET');
          const actual = scale.spec?.replicas ?? 0;
          if (expected >= 0 && actual !== expected)
            throw new KubectlError(`Expected replicas to be ${expected}, was ${actual}`);
          if (version && scale.metadata.resourceVersion !== version)
            throw new KubectlError(
              `Expected resource version to be ${version}, was ${scale.metadata.resourceVersion ?? ''}`,
            );
        }
        // The server's scale subresource does not honour dryRun yet, so a server dry run
        // checks the object exists and sends nothing, as a client dry run does.
        if (dryRun !== 'none') await scaleRequest(ctx, target, 'GET');
        else
          await scaleRequest(ctx, target, 'PATCH', {
            spec: { replicas },
            ...(version ? { metadata: { resourceVersion: version } } : {}),
          });
      } catch (err) {
        errors.push(
          formatError(target.source ? new SourcedError('scaling', target.source, err) : err),
        );
        continue;
      }
      ctx.stdout.write(
        operationLine(objectRef(target.info, target.name), 'scaled', output, dryRun),
      );
    }
    for (const line of errors) ctx.stderr.write(`${line}\n`);
    return errors.length > 0 ? 1 : 0;
  },
});
