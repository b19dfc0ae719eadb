import { parse as parseYaml } from 'yaml';
import type { PatchType } from '../../client/client.ts';
import { jsonEqual } from '../../util/json-value.ts';
import { namespaceOf, register } from '../command.ts';
import { formatError, KubectlError } from '../errors.ts';
import { flagArray, flagString } from '../flags.ts';
import {
  dryRunFlag,
  dryRunOf,
  operationLine,
  outputNameFlag,
  outputOf,
} from '../mutation-output.ts';
import { selectTargets } from '../object-targets.ts';
import { objectRef } from '../resource-types.ts';
import { isStatus, StatusError, internalError } from '../../api/errors.ts';
import { objectPath } from '../../api/resources.ts';
import type { KubeObject } from '../../types/meta.ts';

const contentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: sends the patch (JSON or
 * YAML) and prints `... patched`, or `... patched (no change)` when the object came back as
 * it was.
 */
register({
  path: ['patch'],
  short: 'Update fields of a resource',
  examples: `  # Partially update a node using a strategic merge patch, specifying the patch as JSON
  kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'

  # Update a container's image using a JSON patch with positional arrays
  kubectl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'`,
  flags: [
    {
      name: 'patch',
      short: 'p',
      type: 'string',
      usage: 'The patch to be applied to the resource JSON file.',
    },
    {
      name: 'type',
      type: 'string',
      default: 'strategic',
      usage: 'The type of patch being provided; one of [json merge strategic]',
    },
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      usage: 'Filename, directory, or URL to files identifying the resource to update',
    },
    {
      name: 'subresource',
      type: 'string',
      usage:
        "If specified, patch will operate on the subresource of the requested object. Supports 'status' and 'scale'.",
    },
    dryRunFlag,
    outputNameFlag,
  ],
  async run(ctx, args) {
    const type = flagString(args, 'type');
    if (type !== 'json' && type !== 'merge' && type !== 'strategic')
      throw new KubectlError(`--type must be one of [json merge strategic], not "${type}"`);
    const text = flagString(args, 'patch');
    if (!args.given.has('patch') || text === '')
      throw new KubectlError(
        'must specify --patch or --patch-file containing the contents of the patch',
      );
    let patch: unknown;
    try {
      patch = parseYaml(text) as unknown;
    } catch (err) {
      throw new KubectlError(
        `unable to parse "${text}": yaml: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    const dryRun = dryRunOf(args);
    const output = outputOf(args);
    const subresource = flagString(args, 'subresource') || undefined;
    const selection = await selectTargets(ctx, {
      resources: args.positionals,
      namespace: namespaceOf(ctx, args),
      filenames: flagArray(args, 'filename'),
    });
    const errors = [...selection.errors];
    for (const target of selection.targets) {
      try {
        const before = await ctx.client.get(target.info, target.namespace, target.name);
        let after: KubeObject = before;
        if (dryRun !== 'client') {
          const response = await ctx.client.api.handle({
            verb: 'PATCH',
            path: objectPath(target.info, target.namespace, target.name, subresource),
            body: patch,
            contentType: contentTypes[type],
            ...(dryRun === 'server' ? { query: { dryRun: 'All' } } : {}),
          });
          if (response.status < 200 || response.status >= 300) {
            if (isStatus(response.body)) throw new StatusError(response.body);
            throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
          }
          after = response.body as KubeObject;
        }
        const operation = jsonEqual(before, after) ? 'patched (no change)' : 'patched';
        ctx.stdout.write(
          operationLine(objectRef(target.info, target.name), operation, output, dryRun),
        );
      } catch (err) {
        errors.push(formatError(err));
      }
    }
    for (const line of errors) ctx.stderr.write(`${line}\n`);
    return errors.length > 0 ? 1 : 0;
  },
});
