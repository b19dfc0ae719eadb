import { isNotFound, reasonOf, StatusError } from '../../api/errors.ts';
import { formatGoDuration } from '../../util/go-duration.ts';
import { daemonsets, nodes, pods } from '../../api/resources.ts';
import { isQualifiedName, isValidLabelValue } from '../../api/validation/labels.ts';
import { sleep } from '../../clock/clock.ts';
import { controllerRefOf } from '../../controllers/util/controller-ref.ts';
import type { Node, Pod, Taint, TaintEffect } from '../../types/core.ts';
import { register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError } from '../errors.ts';
import {
  flagBool,
  flagInt,
  flagString,
  UsageError,
  type FlagSpec,
  type ParsedArgs,
} from '../flags.ts';
import { parseDurationFlag } from '../go-duration.ts';
import { aggregateMessage } from '../report-errors.ts';
import { resolveResourceType } from '../resource-types.ts';

const selectorFlag: FlagSpec = {
  name: 'selector',
  short: 'l',
  type: 'string',
  usage:
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
};

/** The nodes `cordon|uncordon|drain NODE` (or `--selector`) names, fetched from the server. */
async function nodesOf(ctx: KubectlContext, args: ParsedArgs, use: string): Promise<Node[]> {
  const selector = flagString(args, 'selector');
  if (args.positionals.length === 0 && !args.given.has('selector'))
    throw new UsageError(`USAGE: ${use} [flags]`);
  if (args.positionals.length > 0 && selector)
    // kubectl's message already starts with `error: `, which CheckErr does not repeat.
    throw new UsageError('cannot specify both a node name and a --selector option');
  if (args.positionals.length === 0) {
    return (await ctx.client.list<Node>(nodes, undefined, { labelSelector: selector })).items;
  }
  const found: Node[] = [];
  for (const name of args.positionals)
    found.push(await ctx.client.get<Node>(nodes, undefined, name));
  return found;
}

/**
 * kubectl's RunCordonOrUncordon: `node/x cordoned` or `node/x already cordoned` per node; a
 * failed patch is printed and the command goes on (exit code 0, as kubectl).
 */
async function cordonAll(ctx: KubectlContext, list: Node[], desired: boolean): Promise<void> {
  const verb = desired ? 'cordon' : 'uncordon';
  for (const node of list) {
    const name = node.metadata.name ?? '';
    if ((node.spec?.unschedulable ?? false) === desired) {
      ctx.stdout.write(`node/${name} already ${verb}ed\n`);
      continue;
    }
    try {
      await ctx.client.patch(nodes, undefined, name, {
        spec: { unschedulable: desired ? true : null },
      });
    } catch (err) {
      ctx.stderr.write(`error: unable to ${verb} node "${name}": ${(err as Error).message}\n`);
      continue;
    }
    ctx.stdout.write(`node/${name} ${verb}ed\n`);
  }
}

for (const desired of [true, false]) {
  const verb = desired ? 'cordon' : 'uncordon';
  register({
    path: [verb],
    short: `Mark node as ${desired ? 'unschedulable' : 'schedulable'}`,
    examples: `  # Mark node "foo" as ${desired ? 'unschedulable' : 'schedulable'}\n  kubectl ${verb} foo`,
    flags: [selectorFlag],
    async run(ctx, args) {
      await cordonAll(ctx, await nodesOf(ctx, args, `${verb} NODE`), desired);
      return 0;
    },
  });
}

/** One pod's fate in a drain (kubectl's PodDeleteStatus). */
interface PodVerdict {
  pod: Pod;
  remove: boolean;
  kind: 'okay' | 'skip' | 'warning' | 'error';
  message?: string;
}

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  gracePeriodSeconds: number;
  timeoutMs: number;
  podSelector: string;
  disableEviction: boolean;
}

const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/**
 * kubectl drain's pod filters, in its order (daemon set, mirror pod, local storage,
 * unreplicated): the first that refuses a pod decides; otherwise the last one's word stands.
 */
async function judge(ctx: KubectlContext, pod: Pod, o: DrainOptions): Promise<PodVerdict> {
  const okay: PodVerdict = { pod, remove: true, kind: 'okay' };
  const ref = controllerRefOf(pod);
  if (ref && ref.kind === 'DaemonSet' && ref.apiVersion === 'apps/v1' && !finished(pod)) {
    let lookup: unknown;
    try {
      await ctx.client.get(daemonsets, pod.metadata.namespace, ref.name);
    } catch (err) {
      lookup = err;
    }
    if (lookup !== undefined) {
      const message = (lookup as Error).message;
      // An orphan goes with --force; its warning is overwritten by the later filters, as in kubectl.
      if (!isNotFound(lookup) || !o.force) return { pod, remove: false, kind: 'error', message };
    } else if (!o.ignoreDaemonSets) {
      return {
        pod,
        remove: false,
        kind: 'error',
        message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
      };
    } else {
      return { pod, remove: false, kind: 'warning', message: 'ignoring DaemonSet-managed Pods' };
    }
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined)
    return { pod, remove: false, kind: 'skip' };
  const emptyDir = (pod.spec.volumes ?? []).some((v) => (v as { emptyDir?: unknown }).emptyDir);
  if (emptyDir && !finished(pod)) {
    if (!o.deleteEmptyDirData)
      return {
        pod,
        remove: false,
        kind: 'error',
        message: 'Pods with local storage (use --delete-emptydir-data to override)',
      };
  }
  // The local-storage warning is overwritten by the unreplicated filter (kubectl's TODO).
  if (finished(pod) || ref) return okay;
  if (o.force)
    return {
      pod,
      remove: true,
      kind: 'warning',
      message: 'deleting Pods that declare no controller',
    };
  return {
    pod,
    remove: false,
    kind: 'error',
    message: 'Pods that declare no controller (use --force to override)',
  };
}

function messageOf(err: Error): string {
  return err instanceof StatusError ? formatError(err) : err.message;
}

/** Pod lists grouped by message, in first-seen order: `msg: ns/a, ns/b`. */
function grouped(verdicts: PodVerdict[], kind: PodVerdict['kind']): [string, string][] {
  const groups = new Map<string, string[]>();
  for (const v of verdicts) {
    if (v.kind !== kind) continue;
    const message = v.message || 'unexpected error';
    const list = groups.get(message) ?? [];
    list.push(`${v.pod.metadata.namespace}/${v.pod.metadata.name}`);
    groups.set(message, list);
  }
  return [...groups].map(([m, list]) => [m, list.join(', ')]);
}

async function podsForDeletion(
  ctx: KubectlContext,
  nodeName: string,
  o: DrainOptions,
): Promise<{ remove: Pod[]; warnings: string; errors: Error[] }> {
  const list = await ctx.client.list<Pod>(pods, undefined, {
    fieldSelector: `spec.nodeName=${nodeName}`,
    ...(o.podSelector ? { labelSelector: o.podSelector } : {}),
  });
  const verdicts: PodVerdict[] = [];
  for (const pod of list.items) verdicts.push(await judge(ctx, pod, o));
  return {
    remove: verdicts.filter((v) => v.remove).map((v) => v.pod),
    warnings: grouped(verdicts, 'warning')
      .map(([m, p]) => `${m}: ${p}`)
      .join('; '),
    errors: grouped(verdicts, 'error').map(([m, p]) => new Error(`cannot delete ${m}: ${p}`)),
  };
}

/** What evicting and deleting share: the pods' deadline and what to tell each one. */
interface Removal {
  deadline: number;
  deleteOptions: { gracePeriodSeconds?: number };
}

/** `namespace/name` and the pod, for messages. */
function podNames(pod: Pod): { ns: string; name: string } {
  return { ns: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' };
}

/**
 * waitForDelete for one pod: polls at once and then every second until the pod is gone (or
 * replaced by one with another uid), printing `pod/x <word>`; past the deadline it fails with
 * `context deadline exceeded`.
 */
async function waitForDelete(
  ctx: KubectlContext,
  pod: Pod,
  deadline: number,
  word: string,
): Promise<void> {
  const { ns, name } = podNames(pod);
  for (;;) {
    let gone = false;
    try {
      const current = await ctx.client.get<Pod>(pods, ns, name);
      gone = current.metadata.uid !== pod.metadata.uid;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      gone = true;
    }
    if (gone) {
      ctx.stdout.write(`pod/${name} ${word}\n`);
      return;
    }
    if (ctx.clock.now() + 1000 > deadline) {
      await sleep(ctx.clock, Math.max(0, deadline - ctx.clock.now()), ctx.signal);
      throw new Error('context deadline exceeded');
    }
    await sleep(ctx.clock, 1000, ctx.signal);
  }
}

/**
 * evictPods' work for one pod: asks the eviction API, retrying every 5 seconds while it
 * answers 429 (a disruption budget in the way) and printing kubectl's line each time; then
 * waits for the pod to go. The deadline is checked before each attempt, as kubectl checks its
 * context, so a retry that sleeps past it ends with `global timeout reached`.
 */
async function evictOne(ctx: KubectlContext, pod: Pod, r: Removal, timeoutMs: number) {
  let active = pod;
  for (;;) {
    const { ns, name } = podNames(active);
    ctx.stdout.write(`evicting pod ${ns}/${name}\n`);
    if (ctx.clock.now() >= r.deadline) {
      throw new Error(
        `error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${formatGoDuration(timeoutMs)}`,
      );
    }
    try {
      await ctx.client.createSubresource(pods, ns, name, 'eviction', {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace: ns },
        deleteOptions: r.deleteOptions,
      });
      break;
    } catch (err) {
      if (isNotFound(err)) return;
      const terminating = isNamespaceTerminating(err);
      if (terminating && active.metadata.deletionTimestamp) break;
      if (reasonOf(err) === 'TooManyRequests') {
        ctx.stderr.write(
          `error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${(err as Error).message}\n`,
        );
      } else if (terminating) {
        ctx.stderr.write(
          `error when evicting pod "${name}" from terminating namespace "${ns}" (will retry after 5s): ${(err as Error).message}\n`,
        );
      } else {
        throw new Error(`error when evicting pods/"${name}" -n "${ns}": ${(err as Error).message}`);
      }
      await sleep(ctx.clock, 5000, ctx.signal);
    }
    // A fresh read for the next attempt; a failed one keeps the pod as it was.
    active = await ctx.client.get<Pod>(pods, ns, name).catch(() => active);
  }
  try {
    await waitForDelete(ctx, active, r.deadline, 'evicted');
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    const { ns, name } = podNames(pod);
    throw new Error(
      `error when waiting for pod "${name}" in namespace "${ns}" to terminate: ${(err as Error).message}`,
    );
  }
}

function isNamespaceTerminating(err: unknown): boolean {
  if (reasonOf(err) !== 'Forbidden') return false;
  const causes = (err as StatusError).status?.details?.causes ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}

/**
 * evictPods: every pod at once, each evicted (with retries) and waited for on its own; the
 * errors of all of them together.
 */
async function evictPods(ctx: KubectlContext, list: Pod[], r: Removal, timeoutMs: number) {
  const results = await Promise.allSettled(list.map((pod) => evictOne(ctx, pod, r, timeoutMs)));
  if (ctx.signal?.aborted) throw ctx.signal.reason;
  const errors = results.flatMap((x) => (x.status === 'rejected' ? [x.reason as Error] : []));
  if (errors.length) throw new DrainFailure(errors);
}

/** deletePods: plain deletes (no budget asked), then one wait for them all. */
async function deletePods(ctx: KubectlContext, list: Pod[], r: Removal): Promise<void> {
  for (const pod of list) {
    const { ns, name } = podNames(pod);
    try {
      await ctx.client.delete(pods, ns, name, r.deleteOptions);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  let pending = list;
  for (;;) {
    const still: Pod[] = [];
    for (const pod of pending) {
      const { ns, name } = podNames(pod);
      try {
        const current = await ctx.client.get<Pod>(pods, ns, name);
        if (current.metadata.uid === pod.metadata.uid) {
          still.push(pod);
          continue;
        }
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      ctx.stdout.write(`pod/${name} deleted\n`);
    }
    pending = still;
    if (pending.length === 0) return;
    if (ctx.clock.now() + 1000 > r.deadline) {
      await sleep(ctx.clock, Math.max(0, r.deadline - ctx.clock.now()), ctx.signal);
      throw new Error('context deadline exceeded');
    }
    await sleep(ctx.clock, 1000, ctx.signal);
  }
}

/**
 * DeleteOrEvictPods: evicts the pods through the eviction API (so PodDisruptionBudgets are
 * honoured), or deletes them with --disable-eviction, within the drain's --timeout.
 */
async function removePods(ctx: KubectlContext, list: Pod[], o: DrainOptions): Promise<void> {
  if (list.length === 0) return;
  const r: Removal = {
    deadline: o.timeoutMs > 0 ? ctx.clock.now() + o.timeoutMs : Infinity,
    deleteOptions: o.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: o.gracePeriodSeconds } : {},
  };
  if (o.disableEviction) await deletePods(ctx, list, r);
  else await evictPods(ctx, list, r, o.timeoutMs);
}

/** An aggregate of drain errors: its message is utilerrors.Aggregate's (`[a, b]` for several). */
class DrainFailure extends Error {
  constructor(readonly errors: Error[]) {
    super(aggregateMessage(errors));
  }
}

register({
  path: ['drain'],
  short: 'Drain node in preparation for maintenance',
  examples:
    '  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kubectl drain foo --force\n\n  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes\n  kubectl drain foo --grace-period=900',
  flags: [
    {
      name: 'force',
      type: 'bool',
      usage: 'Continue even if there are pods that do not declare a controller.',
    },
    { name: 'ignore-daemonsets', type: 'bool', usage: 'Ignore DaemonSet-managed pods.' },
    {
      name: 'delete-emptydir-data',
      type: 'bool',
      usage:
        'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: -1,
      usage:
        'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.',
    },
    {
      name: 'timeout',
      type: 'string',
      default: '0s',
      usage: 'The length of time to wait before giving up, zero means infinite',
    },
    { name: 'pod-selector', type: 'string', usage: 'Label selector to filter pods on the node' },
    {
      name: 'disable-eviction',
      type: 'bool',
      usage:
        'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.',
    },
    selectorFlag,
  ],
  async run(ctx, args) {
    const o: DrainOptions = {
      force: flagBool(args, 'force'),
      ignoreDaemonSets: flagBool(args, 'ignore-daemonsets'),
      deleteEmptyDirData: flagBool(args, 'delete-emptydir-data'),
      gracePeriodSeconds: flagInt(args, 'grace-period'),
      timeoutMs: parseDurationFlag(flagString(args, 'timeout'), 'timeout'),
      podSelector: flagString(args, 'pod-selector'),
      disableEviction: flagBool(args, 'disable-eviction'),
    };
    const list = await nodesOf(ctx, args, 'drain NODE');
    await cordonAll(ctx, list, true);
    const fatal: Error[] = [];
    const remaining: string[] = [];
    for (const node of list) {
      const name = node.metadata.name ?? '';
      try {
        const found = await podsForDeletion(ctx, name, o);
        if (found.errors.length) throw new DrainFailure(found.errors);
        if (found.warnings) ctx.stderr.write(`Warning: ${found.warnings}\n`);
        try {
          await removePods(ctx, found.remove, o);
        } catch (err) {
          if (ctx.signal?.aborted) throw err;
          const pendingNow = await podsForDeletion(ctx, name, o);
          if (pendingNow.remove.length) {
            ctx.stderr.write(
              `There are pending pods in node "${name}" when an error occurred: ${(err as Error).message}\n`,
            );
            for (const p of pendingNow.remove) ctx.stderr.write(`pod/${p.metadata.name}\n`);
          }
          throw err;
        }
        ctx.stdout.write(`node/${name} drained\n`);
      } catch (err) {
        if (ctx.signal?.aborted) return 1;
        ctx.stderr.write(
          `error: unable to drain node "${name}" due to error: ${(err as Error).message}, continuing command...\n`,
        );
        fatal.push(err as Error);
        remaining.push(name);
      }
    }
    if (remaining.length) {
      ctx.stderr.write(`There are pending nodes to be drained:\n`);
      for (const n of remaining) ctx.stderr.write(` ${n}\n`);
    }
    if (fatal.length === 0) return 0;
    // CheckErr unwraps the outer aggregate of one and prints an aggregate's errors one per
    // line, without `error: `; a single plain error gets it.
    const [only] = fatal;
    let lines: string[];
    if (fatal.length > 1) lines = fatal.map((e) => e.message);
    else if (only instanceof DrainFailure) lines = only.errors.map(messageOf);
    else if (only instanceof StatusError) lines = [formatError(only)];
    else lines = [only.message.startsWith('error: ') ? only.message : `error: ${only.message}`];
    ctx.stderr.write(lines.map((l) => `${l}\n`).join(''));
    return 1;
  },
});

const taintEffects: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** corev1.Taint.ToString: `key=value:effect`, `key:effect`, `key=value:`, `key`. */
function taintString(t: { key: string; value?: string; effect?: string }): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

interface TaintSpec {
  key: string;
  value?: string;
  effect?: TaintEffect;
}

/** kubectl taint's parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`. */
function parseTaint(spec: string): TaintSpec {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: TaintEffect | undefined;
  if (parts.length === 1) {
    key = parts[0];
  } else if (parts.length === 2) {
    if (!taintEffects.includes(parts[1]))
      throw new UsageError(`invalid taint effect: ${parts[1]}, unsupported taint effect`);
    effect = parts[1] as TaintEffect;
    const kv = parts[0].split('=');
    if (kv.length > 2) throw new UsageError(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length) throw new UsageError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else {
    throw new UsageError(`invalid taint spec: ${spec}`);
  }
  const errs = isQualifiedName(key);
  if (errs.length) throw new UsageError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  return { key, ...(value ? { value } : {}), ...(effect ? { effect } : {}) };
}

/** `{key value effect}`, as Go's %v prints a Taint (for the duplicate error). */
function goTaint(t: TaintSpec): string {
  return `{${t.key} ${t.value ?? ''} ${t.effect ?? ''} <nil>}`;
}

function parseTaints(specs: readonly string[]): { add: TaintSpec[]; remove: TaintSpec[] } {
  const add: TaintSpec[] = [];
  const remove: TaintSpec[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new UsageError(`invalid taint spec: ${spec}`);
    if (add.some((a) => a.key === t.key && a.effect === t.effect))
      throw new UsageError(`duplicated taints with the same key and effect: ${goTaint(t)}`);
    add.push(t);
  }
  return { add, remove };
}

const sameTaint = (a: TaintSpec, b: TaintSpec) => a.key === b.key && a.effect === b.effect;

register({
  path: ['taint'],
  short: 'Update the taints on one or more nodes',
  examples:
    "  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n  # If a taint with that key and effect already exists, its value is replaced as specified\n  kubectl taint nodes foo dedicated=special-user:NoSchedule\n\n  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n  kubectl taint nodes foo dedicated:NoSchedule-\n\n  # Remove from node 'foo' all the taints with key 'dedicated'\n  kubectl taint nodes foo dedicated-",
  flags: [
    {
      name: 'overwrite',
      type: 'bool',
      usage:
        'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.',
    },
    { name: 'all', type: 'bool', usage: 'Select all nodes in the cluster' },
    selectorFlag,
  ],
  async run(ctx, args) {
    const resources: string[] = [];
    const taintArgs: string[] = [];
    for (const s of args.positionals) {
      const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
      if (isTaint) taintArgs.push(s);
      else if (taintArgs.length > 0)
        throw new KubectlError(`all resources must be specified before taint changes: ${s}`);
      else resources.push(s);
    }
    if (resources.length < 1)
      throw new KubectlError('one or more resources must be specified as <resource> <name>');
    if (taintArgs.length < 1) throw new KubectlError('at least one taint update is required');
    const { add, remove } = parseTaints(taintArgs);
    const all = flagBool(args, 'all');
    const selector = flagString(args, 'selector');
    const type = resources[0].toLowerCase();
    if (resolveResourceType(type) !== nodes)
      throw new KubectlError(`invalid resource type ${type}, only node types are supported`);
    const conflicts = add.flatMap((a) =>
      remove
        .filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect))
        .map((r) => `${r.key}=${r.effect ?? ''}`),
    );
    if (conflicts.length)
      throw new KubectlError(
        `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`,
      );
    if (all && selector)
      throw new KubectlError("setting 'all' parameter with a non empty selector is prohibited");
    if (!all && !selector && resources.length < 2)
      throw new KubectlError(
        "at least one resource name must be specified since 'all' parameter is not set",
      );
    const overwrite = flagBool(args, 'overwrite');
    let targets: Node[];
    if (all || selector) {
      targets = (
        await ctx.client.list<Node>(nodes, undefined, selector ? { labelSelector: selector } : {})
      ).items;
    } else {
      targets = [];
      for (const name of resources.slice(1))
        targets.push(await ctx.client.get<Node>(nodes, undefined, name));
    }
    for (const node of targets) {
      const name = node.metadata.name ?? '';
      const old = node.spec?.taints ?? [];
      if (!overwrite) {
        const exists = add
          .filter((a) => old.some((t) => t.key === a.key && t.effect === a.effect))
          .map((a) => a.key);
        if (exists.length)
          throw new KubectlError(
            `node ${name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`,
          );
      }
      // kubectl's reorganizeTaints: new taints first, then old ones they do not replace.
      let next: TaintSpec[] = [...add];
      for (const t of old) if (!next.some((n) => sameTaint(n, t))) next.push(t);
      const added = old.length !== next.length;
      let removed = false;
      const errors: Error[] = [];
      for (const r of remove) {
        const before = next.length;
        next = next.filter((t) => (r.effect ? !sameTaint(t, r) : t.key !== r.key));
        removed = next.length !== before;
        if (!removed) errors.push(new Error(`taint "${taintString(r)}" not found`));
      }
      if (errors.length) throw new KubectlError(aggregateMessage(errors));
      const operation =
        (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
      await ctx.client.patch(nodes, undefined, name, {
        spec: { taints: next.length ? (next as Taint[]) : null },
      });
      ctx.stdout.write(`node/${name} ${operation}\n`);
    }
    return 0;
  },
});
