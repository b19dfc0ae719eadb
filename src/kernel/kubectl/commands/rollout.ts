import { daemonsets, deployments, statefulsets, type ResourceInfo } from '../../api/resources.ts';
import { rfc3339 } from '../../clock/clock.ts';
import { revisionOf } from '../../controllers/deployment/annotations.ts';
import { equalIgnoreHash } from '../../controllers/deployment/replica-sets.ts';
import { podTemplateHashLabel } from '../../controllers/deployment/pod-template-hash.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../types/apps.ts';
import type { DaemonSet } from '../../types/daemonset.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { StatefulSet } from '../../types/statefulset.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import {
  daemonSetRolloutStatus,
  rollbackDaemonSet,
  viewDaemonSetHistory,
} from '../daemonset-rollout.ts';
import { deploymentReplicaSets } from '../deployment-replica-sets.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagInt, flagString, type FlagSpec, type ParsedArgs } from '../flags.ts';
import { parseDurationFlag } from '../go-duration.ts';
import { registerParent } from '../parent-command.ts';
import { describePodTemplate } from '../pod-template-description.ts';
import { formatTable, describeWriter } from '../printers/tabwriter.ts';
import { reportErrors } from '../report-errors.ts';
import { objectRef } from '../resource-types.ts';
import {
  fetchTargets,
  groupKindString,
  groupResourceString,
  type Target,
} from '../fetch-targets.ts';
import { watchUntil } from '../watch-until.ts';
import {
  rollbackStatefulSet,
  statefulSetRolloutStatus,
  viewStatefulSetHistory,
} from '../statefulset-rollout.ts';

const changeCauseAnnotation = 'kubernetes.io/change-cause';
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const restartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';

const selectorFlag: FlagSpec = {
  name: 'selector',
  short: 'l',
  type: 'string',
  usage:
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
};

registerParent({
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  long: 'Manage the rollout of one or many resources.\n\n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets',
  examples:
    "  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n\n  # Check the rollout status of a daemonset\n  kubectl rollout status daemonset/foo\n\n  # Restart a deployment\n  kubectl rollout restart deployment/abc\n\n  # Restart deployments with the 'app=nginx' label\n  kubectl rollout restart deployment --selector=app=nginx",
  helpTo: 'stdout',
});

function isDeployment(target: Target): target is Target<Deployment> {
  return target.info === deployments;
}

function isStatefulSet(target: Target): target is Target<StatefulSet> {
  return target.info === statefulsets;
}

function isDaemonSet(target: Target): target is Target<DaemonSet> {
  return target.info === daemonsets;
}

/** The status viewer for a kind (StatusViewerFor): each state's line and whether it is done. */
function statusViewerFor(
  target: Target,
  revision: number,
): ((object: KubeObject) => { message: string; done: boolean }) | undefined {
  if (isDeployment(target)) return (o) => deploymentRolloutStatus(o as Deployment, revision);
  if (isStatefulSet(target)) return (o) => statefulSetRolloutStatus(o as StatefulSet);
  if (isDaemonSet(target)) return (o) => daemonSetRolloutStatus(o as DaemonSet);
  return undefined;
}

async function targetsOf(ctx: KubectlContext, args: ParsedArgs): Promise<Target[]> {
  if (args.positionals.length === 0) throw new KubectlError('required resource not specified');
  return fetchTargets(ctx, args.positionals, namespaceOf(ctx, args), flagString(args, 'selector'));
}

function noResources(ctx: KubectlContext, args: ParsedArgs): number {
  ctx.stderr.write(`No resources found in ${namespaceOf(ctx, args)} namespace.\n`);
  return 0;
}

/**
 * kubectl's DeploymentStatusViewer: the line `rollout status` prints for one state of a
 * Deployment and whether the rollout is done; throws for a revision mismatch or a passed
 * progress deadline.
 */
export function deploymentRolloutStatus(
  d: Deployment,
  revision: number,
): { message: string; done: boolean } {
  const name = d.metadata.name ?? '';
  if (revision > 0) {
    const current = revisionOf(d);
    if (revision !== current)
      throw new KubectlError(
        `desired revision (${revision}) is different from the running revision (${current})`,
      );
  }
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const progressing = status.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded')
      throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const wait = `Waiting for deployment "${name}" rollout to finish: `;
    if (d.spec.replicas !== undefined && updated < d.spec.replicas)
      return {
        message: `${wait}${updated} out of ${d.spec.replicas} new replicas have been updated...\n`,
        done: false,
      };
    if (replicas > updated)
      return {
        message: `${wait}${replicas - updated} old replicas are pending termination...\n`,
        done: false,
      };
    if (available < updated)
      return {
        message: `${wait}${available} of ${updated} updated replicas are available...\n`,
        done: false,
      };
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

register({
  path: ['rollout', 'status'],
  short: 'Show the status of the rollout',
  examples:
    '  # Watch the rollout status of a deployment\n  kubectl rollout status deployment/nginx',
  flags: [
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      default: true,
      usage: "Watch the status of the rollout until it's done.",
    },
    {
      name: 'revision',
      type: 'int',
      usage: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).',
    },
    {
      name: 'timeout',
      type: 'string',
      default: '0s',
      usage:
        'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).',
    },
    selectorFlag,
  ],
  async run(ctx, args) {
    const timeoutMs = parseDurationFlag(flagString(args, 'timeout'), 'timeout');
    const revision = flagInt(args, 'revision');
    const watch = flagBool(args, 'watch');
    if (args.positionals.length === 0) throw new KubectlError('required resource not specified');
    if (revision < 0) throw new KubectlError(`revision must be a positive integer: ${revision}`);
    const targets = await targetsOf(ctx, args);
    if (targets.length === 0) return noResources(ctx, args);
    for (const target of targets) {
      const viewer = statusViewerFor(target, revision);
      if (!viewer)
        throw new KubectlError(
          `no status viewer has been implemented for ${groupKindString(target.info)}`,
        );
      const outcome = await watchUntil<KubeObject>(ctx, {
        info: target.info,
        namespace: target.object.metadata.namespace,
        name: target.object.metadata.name ?? '',
        timeoutMs,
        condition(type, object) {
          if (type === 'DELETED') throw new KubectlError('object has been deleted');
          const { message, done } = viewer(object);
          ctx.stdout.write(message);
          return done || !watch;
        },
      });
      // Ctrl-C: kubectl's interrupt handler exits 1 without a message.
      if (outcome.kind === 'aborted') return 1;
      if (outcome.kind === 'timeout') throw new KubectlError('timed out waiting for the condition');
    }
    return 0;
  },
});

/** Revision → ReplicaSet, as kubectl's history viewer keys them (a later set wins a tie). */
async function revisions(
  ctx: KubectlContext,
  deployment: Deployment,
): Promise<Map<number, ReplicaSet>> {
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of await deploymentReplicaSets(ctx.client, deployment))
    byRevision.set(revisionOf(rs), rs);
  return byRevision;
}

register({
  path: ['rollout', 'history'],
  short: 'View rollout history',
  examples:
    '  # View the rollout history of a deployment\n  kubectl rollout history deployment/abc\n\n  # View the details of daemonset revision 3\n  kubectl rollout history daemonset/abc --revision=3',
  flags: [
    {
      name: 'revision',
      type: 'int',
      usage: 'See the details, including podTemplate of the revision specified',
    },
    selectorFlag,
  ],
  async run(ctx, args) {
    const revision = flagInt(args, 'revision');
    if (args.positionals.length === 0) throw new KubectlError('required resource not specified');
    if (revision < 0) throw new KubectlError(`revision must be a positive integer: ${revision}`);
    for (const target of await targetsOf(ctx, args)) {
      if (!isDeployment(target) && !isStatefulSet(target) && !isDaemonSet(target))
        throw new KubectlError(
          `no history viewer has been implemented for "${groupKindString(target.info)}"`,
        );
      const history = isDeployment(target) ? await revisions(ctx, target.object) : new Map();
      let text: string;
      if (isStatefulSet(target)) {
        text = await viewStatefulSetHistory(ctx.client, target.object, revision);
      } else if (isDaemonSet(target)) {
        text = await viewDaemonSetHistory(ctx.client, target.object, revision);
      } else if (history.size === 0) {
        text = 'No rollout history found.';
      } else if (revision > 0) {
        const rs = history.get(revision);
        if (!rs) throw new KubectlError('unable to find the specified revision');
        const template = structuredClone(rs.spec.template) as PodTemplateSpec;
        const cause = rs.metadata.annotations?.[changeCauseAnnotation];
        if (cause) {
          template.metadata ??= {};
          template.metadata.annotations = {
            ...template.metadata.annotations,
            [changeCauseAnnotation]: cause,
          };
        }
        text = describePodTemplate(template);
      } else {
        const rows = [['REVISION', 'CHANGE-CAUSE']];
        for (const r of [...history.keys()].sort((a, b) => a - b)) {
          const cause = history.get(r)!.metadata.annotations?.[changeCauseAnnotation];
          rows.push([String(r), cause || '<none>']);
        }
        text = formatTable(rows, describeWriter);
      }
      const withRevision = revision > 0 ? `with revision #${revision}` : '';
      ctx.stdout.write(
        `${objectRef(target.info, target.object.metadata.name ?? '')} ${withRevision}\n${text}\n`,
      );
    }
    return 0;
  },
});

/** Annotations a rollback keeps from the Deployment rather than copying from the ReplicaSet. */
const annotationsToSkip = new Set([
  lastAppliedAnnotation,
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/**
 * kubectl's DeploymentRollbacker: finds the ReplicaSet of `toRevision` (0: the one before
 * the latest) and patches the Deployment's template back to it, client-side. Returns the
 * operation word the name printer shows.
 */
async function rollbackDeployment(
  ctx: KubectlContext,
  deployment: Deployment,
  toRevision: number,
): Promise<string> {
  if (toRevision < 0)
    throw new KubectlError(`unable to find specified revision ${toRevision} in history`);
  const name = deployment.metadata.name ?? '';
  const sets = await deploymentReplicaSets(ctx.client, deployment);
  let target: ReplicaSet | undefined;
  if (toRevision > 0) {
    target = sets.find((rs) => revisionOf(rs) === toRevision);
    if (!target)
      throw new KubectlError(`unable to find specified revision ${toRevision} in history`);
  } else {
    let latest = -1;
    let previous = -1;
    let latestRS: ReplicaSet | undefined;
    for (const rs of sets) {
      const v = revisionOf(rs);
      if (latest < v) {
        previous = latest;
        target = latestRS;
        latest = v;
        latestRS = rs;
      } else if (previous < v) {
        previous = v;
        target = rs;
      }
    }
    if (!target) throw new KubectlError(`no rollout history found for deployment "${name}"`);
  }
  if (deployment.spec.paused)
    throw new KubectlError(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  if (equalIgnoreHash(target.spec.template, deployment.spec.template))
    return `skipped rollback (current template already matches revision ${toRevision})`;
  const template = structuredClone(target.spec.template) as PodTemplateSpec;
  if (template.metadata?.labels) delete template.metadata.labels[podTemplateHashLabel];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {}))
    if (annotationsToSkip.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {}))
    if (!annotationsToSkip.has(k)) annotations[k] = v;
  try {
    await ctx.client.patch(
      deployments,
      deployment.metadata.namespace,
      name,
      [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ],
      'json',
    );
  } catch (err) {
    throw new KubectlError(
      `failed restoring revision ${toRevision}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return 'rolled back';
}

register({
  path: ['rollout', 'undo'],
  short: 'Undo a previous rollout',
  examples:
    '  # Roll back to the previous deployment\n  kubectl rollout undo deployment/abc\n\n  # Roll back to daemonset revision 3\n  kubectl rollout undo daemonset/abc --to-revision=3',
  flags: [
    {
      name: 'to-revision',
      type: 'int',
      usage: 'The revision to rollback to. Default to 0 (last revision).',
    },
    selectorFlag,
  ],
  async run(ctx, args) {
    for (const target of await targetsOf(ctx, args)) {
      const name = target.object.metadata.name ?? '';
      if (target.object.metadata.annotations?.[lastAppliedAnnotation] !== undefined) {
        ctx.stderr.write(
          `Warning: resource ${target.info.resource}/${name} was previously managed with 'kubectl apply'. Rolling back will not update the ${lastAppliedAnnotation} annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.\n`,
        );
      }
      const toRevision = flagInt(args, 'to-revision');
      let operation: string;
      if (isDeployment(target))
        operation = await rollbackDeployment(ctx, target.object, toRevision);
      else if (isStatefulSet(target))
        operation = await rollbackStatefulSet(ctx.client, target.object, toRevision);
      else if (isDaemonSet(target))
        operation = await rollbackDaemonSet(ctx.client, target.object, toRevision);
      else
        throw new KubectlError(
          `no rollbacker has been implemented for "${groupKindString(target.info)}"`,
        );
      ctx.stdout.write(`${objectRef(target.info, name)} ${operation}\n`);
    }
    return 0;
  },
});

/** What one of pause/resume/restart does to an object: the patch, or an `already` word. */
type Mutation = { patch: unknown } | { unchanged: true };

/**
 * The shared shape of `rollout pause|resume|restart` (kubectl's CalculatePatches loop): each
 * object's mutation error is collected as `error: <resource> "name" <reason>`, an empty patch
 * prints `unchangedWord` (or fails for restart), the rest are patched and printed with `word`.
 */
async function patchEach(
  ctx: KubectlContext,
  args: ParsedArgs,
  mutate: (target: Target) => Mutation,
  supported: readonly ResourceInfo[],
  unsupported: string,
  word: string,
  unchangedWord: ((name: string) => Error) | string,
): Promise<number> {
  const targets = await targetsOf(ctx, args);
  if (targets.length === 0) return noResources(ctx, args);
  const errors: unknown[] = [];
  for (const target of targets) {
    const name = target.object.metadata.name ?? '';
    const ref = objectRef(target.info, name);
    let mutation: Mutation;
    try {
      if (!supported.includes(target.info)) throw new Error(unsupported);
      mutation = mutate(target);
    } catch (err) {
      errors.push(
        new Error(`error: ${groupResourceString(target.info)} "${name}" ${(err as Error).message}`),
      );
      continue;
    }
    if ('unchanged' in mutation) {
      if (typeof unchangedWord === 'string') ctx.stdout.write(`${ref} ${unchangedWord}\n`);
      else errors.push(unchangedWord(name));
      continue;
    }
    try {
      await ctx.client.patch(
        target.info,
        target.object.metadata.namespace,
        name,
        mutation.patch,
        'strategic',
      );
    } catch (err) {
      errors.push(new Error(`failed to patch: ${(err as Error).message}`));
      continue;
    }
    ctx.stdout.write(`${ref} ${word}\n`);
  }
  return reportErrors(ctx, errors);
}

register({
  path: ['rollout', 'pause'],
  short: 'Mark the provided resource as paused',
  examples:
    '  # Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kubectl rollout pause deployment/nginx',
  flags: [selectorFlag],
  run: (ctx, args) =>
    patchEach(
      ctx,
      args,
      (t) => {
        if ((t.object as Deployment).spec.paused) throw new Error('is already paused');
        return { patch: { spec: { paused: true } } };
      },
      [deployments],
      'pausing is not supported',
      'paused',
      'already paused',
    ),
});

register({
  path: ['rollout', 'resume'],
  short: 'Resume a paused resource',
  examples: '  # Resume an already paused deployment\n  kubectl rollout resume deployment/nginx',
  flags: [selectorFlag],
  run: (ctx, args) =>
    patchEach(
      ctx,
      args,
      (t) => {
        if (!(t.object as Deployment).spec.paused) throw new Error('is not paused');
        return { patch: { spec: { paused: null } } };
      },
      [deployments],
      'resuming is not supported',
      'resumed',
      'already resumed',
    ),
});

register({
  path: ['rollout', 'restart'],
  short: 'Restart a resource',
  examples:
    '  # Restart all deployments in the test-namespace namespace\n  kubectl rollout restart deployment -n test-namespace\n\n  # Restart a deployment\n  kubectl rollout restart deployment/nginx',
  flags: [selectorFlag],
  run: (ctx, args) =>
    patchEach(
      ctx,
      args,
      (t) => {
        if (isDeployment(t) && t.object.spec.paused)
          throw new Error("can't restart paused deployment (run rollout resume first)");
        // Seconds precision, as time.RFC3339: a second restart within the second changes nothing.
        const at = rfc3339(ctx.clock.now());
        const template = (t.object as Deployment | StatefulSet | DaemonSet).spec.template;
        if (template.metadata?.annotations?.[restartedAtAnnotation] === at)
          return { unchanged: true };
        return {
          patch: {
            spec: { template: { metadata: { annotations: { [restartedAtAnnotation]: at } } } },
          },
        };
      },
      [deployments, statefulsets, daemonsets],
      'restarting is not supported',
      'restarted',
      (name) =>
        new Error(
          `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
        ),
    ),
});
