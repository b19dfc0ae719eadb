import { applyObject, resourceForObject } from '../../client/apply.ts';
import { namespaceOf, register } from '../command.ts';
import { formatError, KubectlError, SourcedError } from '../errors.ts';
import { flagArray, UsageError } from '../flags.ts';
import { readManifests } from '../manifest-source.ts';
import { mappingError } from '../object-targets.ts';
import {
  dryRunFlag,
  dryRunOf,
  operationLine,
  outputNameFlag,
  outputOf,
} from '../mutation-output.ts';

/**
 * `kubectl apply -f FILE...`: creates or three-way-patches each object, printing one line
 * per object in file and document order; the errors (parse, validation, server) follow on
 * stderr, and any error makes the exit code 1.
 */
register({
  path: ['apply'],
  short: 'Apply a configuration to a resource by file name or stdin',
  examples: `  # Apply the configuration in pod.json to a pod
  kubectl apply -f ./pod.json

  # Apply the YAML passed into stdin to a pod
  cat pod.yaml | kubectl apply -f -`,
  flags: [
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      usage: 'The files that contain the configurations to apply.',
    },
    dryRunFlag,
    outputNameFlag,
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      usage: 'Must be one of: strict (or true), warn, ignore (or false).',
    },
  ],
  async run(ctx, args) {
    const files = flagArray(args, 'filename');
    if (files.length === 0) throw new UsageError('must specify one of -f and -k');
    if (args.positionals.length > 0)
      throw new UsageError(`Unexpected args: [${args.positionals.join(' ')}]`);
    const dryRun = dryRunOf(args);
    const output = outputOf(args);
    const namespace = namespaceOf(ctx, args);
    const read = await readManifests(ctx, files);
    if (read.objects.length === 0 && read.errors.length === 0)
      throw new KubectlError('no objects passed to apply');
    const errors: string[] = [];
    for (const { source, object } of read.objects) {
      if (!resourceForObject(object)) {
        // kubectl prints a missing REST mapping as it is, without `error:`.
        errors.push(mappingError(object, namespace, source));
        continue;
      }
      const result = await applyObject(ctx.client, object, { namespace, dryRun }, source);
      if (result.error) {
        errors.push(
          formatError(
            result.failedWhile === 'creating' || result.failedWhile === 'patching'
              ? new SourcedError(result.failedWhile, source, result.error)
              : result.error,
          ),
        );
        continue;
      }
      if (result.warning) ctx.stderr.write(`${result.warning}\n`);
      ctx.stdout.write(operationLine(result.ref, result.action ?? '', output, dryRun));
    }
    errors.push(...read.errors.map((e) => formatError(e)));
    for (const line of errors) ctx.stderr.write(`${line}\n`);
    return errors.length > 0 ? 1 : 0;
  },
});
