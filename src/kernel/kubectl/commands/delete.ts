import { isNotFound, isStatus, StatusError, internalError } from '../../api/errors.ts';
import { objectPath } from '../../api/resources.ts';
import type { DeleteOptions, DeletionPropagation, KubeObject } from '../../types/meta.ts';
import type { Client } from '../../client/client.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError, SourcedError } from '../errors.ts';
import { flagArray, flagBool, flagInt, flagString } from '../flags.ts';
import { dryRunFlag, dryRunOf, outputNameFlag, outputOf } from '../mutation-output.ts';
import { selectTargets, type ObjectTarget } from '../object-targets.ts';
import { kindString, objectRef } from '../resource-types.ts';

const forceWarning =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.';

function propagationOf(value: string): DeletionPropagation {
  switch (value) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
    default:
      throw new KubectlError(
        `invalid cascade value (${value}). Must be "background", "foreground", or "orphan".`,
      );
  }
}

/**
 * Resolves once the object with this uid is gone (deleted, or replaced by a new one of the
 * same name), watching from the resourceVersion it was last seen at; false when aborted.
 */
async function waitForDeletion(
  client: Client,
  target: ObjectTarget,
  uid: string | undefined,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  let current: KubeObject;
  try {
    current = await client.get(target.info, target.namespace, target.name);
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
  if (uid && current.metadata.uid !== uid) return true;
  if (signal?.aborted) return false;
  return new Promise<boolean>((resolve, reject) => {
    let stop = () => {};
    let finished = false;
    const finish = (gone: boolean) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      stop();
      resolve(gone);
    };
    const onAbort = () => finish(false);
    signal?.addEventListener('abort', onAbort);
    client
      .watch(
        target.info,
        target.namespace,
        {
          resourceVersion: current.metadata.resourceVersion,
          fieldSelector: `metadata.name=${target.name}`,
        },
        (event) => {
          if (event.object.metadata?.name !== target.name) return;
          if (event.type === 'DELETED' || (uid && event.object.metadata.uid !== uid)) finish(true);
        },
      )
      .then((subscription) => {
        // Events can come before the subscription (across a worker port): stop it all the same.
        if (finished) subscription.stop();
        else stop = () => subscription.stop();
        if (signal?.aborted) finish(false);
      }, reject);
  });
}

async function sendDelete(
  ctx: KubectlContext,
  target: ObjectTarget,
  options: DeleteOptions,
  serverDryRun: boolean,
): Promise<KubeObject | undefined> {
  const response = await ctx.client.api.handle({
    verb: 'DELETE',
    path: objectPath(target.info, target.namespace, target.name),
    body: options,
    ...(serverDryRun ? { query: { dryRun: 'All' } } : {}),
  });
  if (response.status >= 200 && response.status < 300) {
    const body = response.body as KubeObject;
    return isStatus(body) ? undefined : body;
  }
  if (isStatus(response.body)) throw new StatusError(response.body);
  throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
}

/**
 * `kubectl delete`: deletes the objects named by arguments, a selector, `--all` or `-f`,
 * printing `deployment.apps "web" deleted from default namespace` for each (kubectl 1.34),
 * then, unless `--wait=false`, returns only when every one of them is gone.
 */
register({
  path: ['delete'],
  short:
    'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  examples: `  # Delete pods and services with the same names "baz" and "foo"
  kubectl delete pod,service baz foo

  # Delete pods and services with label name=myLabel
  kubectl delete pods,services -l name=myLabel

  # Delete a pod with minimal delay
  kubectl delete pod foo --now

  # Delete all pods
  kubectl delete pods --all`,
  flags: [
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      usage: 'containing the resource to delete.',
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
      usage: 'Delete all resources, in the namespace of the specified resource types.',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: -1,
      usage:
        'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).',
    },
    {
      name: 'now',
      type: 'bool',
      usage: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).',
    },
    {
      name: 'force',
      type: 'bool',
      usage:
        'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.',
    },
    {
      name: 'wait',
      type: 'bool',
      default: true,
      usage: 'If true, wait for resources to be gone before returning. This waits for finalizers.',
    },
    {
      name: 'cascade',
      type: 'string',
      default: 'background',
      usage:
        'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
    },
    {
      name: 'ignore-not-found',
      type: 'bool',
      usage: 'Treat "resource not found" as a successful delete.',
    },
    dryRunFlag,
    outputNameFlag,
  ],
  async run(ctx, args) {
    const dryRun = dryRunOf(args);
    const output = outputOf(args);
    const propagation = propagationOf(flagString(args, 'cascade'));
    const force = flagBool(args, 'force');
    let grace = flagInt(args, 'grace-period');
    if (flagBool(args, 'now')) {
      if (grace !== -1)
        throw new KubectlError('--now and --grace-period cannot be specified together');
      grace = 1;
    }
    if (grace === 0 && !force) grace = 1;
    if (force && grace < 0) grace = 0;
    const selector = args.given.has('selector') ? flagString(args, 'selector') : undefined;
    const all = flagBool(args, 'all');
    if (all && selector !== undefined)
      throw new KubectlError('cannot set --all and --selector at the same time');
    const selection = await selectTargets(ctx, {
      resources: args.positionals,
      namespace: namespaceOf(ctx, args),
      filenames: flagArray(args, 'filename'),
      selector,
      all,
    });
    const errors = [...selection.errors];
    if (grace === 0 && force) ctx.stderr.write(`${forceWarning}\n`);
    const options: DeleteOptions = { propagationPolicy: propagation };
    if (grace >= 0) options.gracePeriodSeconds = grace;
    const deleted: [ObjectTarget, string | undefined][] = [];
    for (const target of selection.targets) {
      let uid: string | undefined;
      try {
        if (dryRun === 'client') {
          await ctx.client.get(target.info, target.namespace, target.name);
        } else {
          const object = await sendDelete(ctx, target, options, dryRun === 'server');
          uid = object?.metadata?.uid;
        }
      } catch (err) {
        if (isNotFound(err) && flagBool(args, 'ignore-not-found')) continue;
        errors.push(
          formatError(target.source ? new SourcedError('deleting', target.source, err) : err),
        );
        continue;
      }
      deleted.push([target, uid]);
      if (output === 'name') {
        ctx.stdout.write(`${objectRef(target.info, target.name)}\n`);
        continue;
      }
      let operation = grace === 0 && force ? 'force deleted' : 'deleted';
      if (target.info.namespaced) operation += ` from ${target.namespace} namespace`;
      if (dryRun === 'client') operation += ' (dry run)';
      if (dryRun === 'server') operation += ' (server dry run)';
      ctx.stdout.write(`${kindString(target.info)} "${target.name}" ${operation}\n`);
    }
    if (selection.targets.length === 0 && errors.length === 0 && selection.listed)
      ctx.stdout.write('No resources found\n');
    for (const line of errors) ctx.stderr.write(`${line}\n`);
    if (flagBool(args, 'wait') && dryRun === 'none') {
      for (const [target, uid] of deleted) {
        if (!(await waitForDeletion(ctx.client, target, uid, ctx.signal))) return 1;
      }
    }
    return errors.length > 0 ? 1 : 0;
  },
});
