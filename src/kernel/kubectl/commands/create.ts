import { isStatus, StatusError, internalError } from '../../api/errors.ts';
import { collectionPath, deployments, namespaces, type ResourceInfo } from '../../api/resources.ts';
import { resourceForObject, withLastApplied } from '../../client/apply.ts';
import type { DryRun } from '../../client/apply.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register, type Command } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError, SourcedError } from '../errors.ts';
import { flagArray, flagBool, flagInt, UsageError, type ParsedArgs } from '../flags.ts';
import { readManifests } from '../manifest-source.ts';
import {
  dryRunFlag,
  dryRunOf,
  operationLine,
  outputNameFlag,
  outputOf,
} from '../mutation-output.ts';
import { mappingError } from '../object-targets.ts';
import { objectRef } from '../resource-types.ts';

/** POSTs an object (to any collection path: kinds this server lacks get its 404). */
export async function createAt(
  ctx: KubectlContext,
  path: string,
  object: KubeObject,
  dryRun: DryRun,
): Promise<KubeObject> {
  if (dryRun === 'client') return object;
  const response = await ctx.client.api.handle({
    verb: 'POST',
    path,
    body: object,
    ...(dryRun === 'server' ? { query: { dryRun: 'All' } } : {}),
  });
  if (response.status >= 200 && response.status < 300) return response.body as KubeObject;
  if (isStatus(response.body)) throw new StatusError(response.body);
  throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
}

/** The message of an API error, for generators that wrap it (`failed to create deployment: ...`). */
function messageOf(err: unknown): string {
  if (err instanceof StatusError) return err.status.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/** The one NAME a generator takes (NameFromCommandArgs). */
export function oneName(args: ParsedArgs): string {
  if (args.positionals.length !== 1)
    throw new UsageError(`exactly one NAME is required, got ${args.positionals.length}`);
  return args.positionals[0];
}

function requireFlag(args: ParsedArgs, name: string): void {
  if (!args.given.has(name)) throw new KubectlError(`required flag(s) "${name}" not set`);
}

/** The flags every generator subcommand has. */
export const generatorFlags = [dryRunFlag, outputNameFlag];

/**
 * A generator subcommand (`create deployment`, `create configmap`...): builds the object,
 * POSTs it, and prints `<kind>/<name> created`; an API failure is wrapped as kubectl's
 * generator wraps it (`failed to create deployment: ...`), or printed as it is when `wrap`
 * is undefined.
 */
export async function createGenerated(
  ctx: KubectlContext,
  args: ParsedArgs,
  info: { resource: string; group: string; version: string; namespaced: boolean; kind: string },
  object: KubeObject,
  wrap: ((message: string) => string) | undefined,
): Promise<number> {
  const dryRun = dryRunOf(args);
  const output = outputOf(args);
  const namespace = info.namespaced ? namespaceOf(ctx, args) : undefined;
  try {
    await createAt(ctx, collectionPath(info as ResourceInfo, namespace), object, dryRun);
  } catch (err) {
    if (!wrap) throw err;
    throw new KubectlError(wrap(messageOf(err)));
  }
  ctx.stdout.write(
    operationLine(
      objectRef(info as ResourceInfo, object.metadata.name ?? ''),
      'created',
      output,
      dryRun,
    ),
  );
  return 0;
}

/** `create deployment`'s container name: the image's last path segment without tag or digest. */
export function containerNameForImage(image: string): string {
  let name = image.split('/').pop() ?? image;
  name = name.split(':')[0].split('@')[0];
  return name.replace(/_/g, '-');
}

const commands: Command[] = [
  {
    path: ['create'],
    short: 'Create a resource from a file or from stdin',
    examples: `  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json

  # Create a pod based on the JSON passed into stdin
  cat pod.json | kubectl create -f -`,
    flags: [
      {
        name: 'filename',
        short: 'f',
        type: 'stringArray',
        usage: 'Filename, directory, or URL to files to use to create the resource',
      },
      dryRunFlag,
      outputNameFlag,
      {
        name: 'save-config',
        type: 'bool',
        usage:
          'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.',
      },
    ],
    async run(ctx, args) {
      const files = flagArray(args, 'filename');
      if (args.positionals.length > 0)
        throw new UsageError(`Unexpected args: [${args.positionals.join(' ')}]`);
      if (files.length === 0) throw new UsageError('must specify one of -f and -k');
      const dryRun = dryRunOf(args);
      const output = outputOf(args);
      const namespace = namespaceOf(ctx, args);
      const read = await readManifests(ctx, files);
      if (read.objects.length === 0 && read.errors.length === 0)
        throw new KubectlError('no objects passed to create');
      const errors: string[] = [];
      for (const { source, object } of read.objects) {
        const info = resourceForObject(object);
        if (!info) {
          errors.push(mappingError(object, namespace, source));
          continue;
        }
        const ns = info.namespaced ? (object.metadata.namespace ?? namespace) : undefined;
        try {
          const body = flagBool(args, 'save-config') ? withLastApplied(object, ns) : object;
          await createAt(ctx, collectionPath(info, ns), body, dryRun);
        } catch (err) {
          errors.push(formatError(new SourcedError('creating', source, err)));
          continue;
        }
        ctx.stdout.write(
          operationLine(objectRef(info, object.metadata.name ?? ''), 'created', output, dryRun),
        );
      }
      errors.push(...read.errors.map((e) => formatError(e)));
      for (const line of errors) ctx.stderr.write(`${line}\n`);
      return errors.length > 0 ? 1 : 0;
    },
  },
  {
    path: ['create', 'deployment'],
    short: 'Create a deployment with the specified name',
    examples: `  # Create a deployment named my-dep that runs the busybox image
  kubectl create deployment my-dep --image=busybox

  # Create a deployment named my-dep that runs the nginx image with 3 replicas
  kubectl create deployment my-dep --image=nginx --replicas=3`,
    flags: [
      {
        name: 'image',
        type: 'stringArray',
        usage:
          'Image names to run. A deployment can have multiple images set for multi-container pod.',
      },
      {
        name: 'replicas',
        short: 'r',
        type: 'int',
        default: 1,
        usage: 'Number of replicas to create. Default is 1.',
      },
      {
        name: 'port',
        type: 'int',
        default: -1,
        usage: 'The containerPort that this deployment exposes.',
      },
      ...generatorFlags,
    ],
    async run(ctx, args) {
      const name = oneName(args);
      requireFlag(args, 'image');
      const labels = { app: name };
      const command = args.afterDash ?? [];
      const containers = flagArray(args, 'image').map((image) => ({
        name: containerNameForImage(image),
        image,
        ...(command.length > 0 ? { command } : {}),
        resources: {},
      }));
      const port = flagInt(args, 'port');
      if (port >= 0 && containers.length > 0)
        Object.assign(containers[0], { ports: [{ containerPort: port }] });
      const deployment: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels },
        spec: {
          replicas: flagInt(args, 'replicas'),
          selector: { matchLabels: labels },
          strategy: {},
          template: { metadata: { labels }, spec: { containers } },
        },
        status: {},
      };
      return createGenerated(
        ctx,
        args,
        deployments,
        deployment,
        (m) => `failed to create deployment: ${m}`,
      );
    },
  },
  {
    path: ['create', 'namespace'],
    short: 'Create a namespace with the specified name',
    examples: `  # Create a new namespace named my-namespace
  kubectl create namespace my-namespace`,
    flags: generatorFlags,
    async run(ctx, args) {
      const name = oneName(args);
      const namespace: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
        spec: {},
        status: {},
      };
      return createGenerated(ctx, args, namespaces, namespace, undefined);
    },
  },
];

/** kubectl's aliases of the generator subcommands. */
const aliases: Record<string, string> = {
  deployment: 'deploy',
  namespace: 'ns',
};

register(
  ...commands,
  ...commands
    .filter((c) => c.path.length > 1 && aliases[c.path[1]])
    .map((c) => ({ ...c, path: ['create', aliases[c.path[1]], ...c.path.slice(2)] })),
);
