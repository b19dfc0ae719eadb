import { badRequest, isNotFound, isStatus, StatusError } from '../../api/errors.ts';
import { pods, type ResourceInfo } from '../../api/resources.ts';
import {
  labelSelectorAsSelector,
  labelSelectorString,
} from '../../api/selectors/label-selector.ts';
import { sleep } from '../../clock/clock.ts';
import type { Container, ContainerStatus, Pod } from '../../types/core.ts';
import type { KubeObject, LabelSelector } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext, LogRequest } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagInt, flagString, UsageError } from '../flags.ts';
import { resolveResourceType } from '../resource-types.ts';

const usage = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command`;
/** kubectl's --tail default when a selector picks the pods. */
const selectorTail = 10;
/** How long kubectl waits for a workload's first pod (--pod-running-timeout). */
const podRunningTimeoutMs = 20_000;
/** How often `-f` asks the kubelet for more log (the kubelet serves whole logs, not streams). */
const followPollMs = 1000;

/** One container whose log is printed. */
interface Source {
  pod: Pod;
  container: string;
}

/** podcmd.AllContainerNames: app containers, then `x (ephem)`, then `x (init)`. */
function allContainerNames(pod: Pod): string {
  const ephemeral = (pod.spec.ephemeralContainers ?? []) as { name: string }[];
  return [
    ...(pod.spec.containers ?? []).map((c) => c.name),
    ...ephemeral.map((c) => `${c.name} (ephem)`),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

function hasContainer(pod: Pod, name: string): boolean {
  const ephemeral = (pod.spec.ephemeralContainers ?? []) as Container[];
  return [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? []), ...ephemeral].some(
    (c) => c.name === name,
  );
}

/**
 * The container of `pod` whose log is printed (logsForObject): `-c`, else the
 * `kubectl.kubernetes.io/default-container` annotation, else the first container, saying so on
 * stderr when the pod has others.
 */
function pickContainer(ctx: KubectlContext, pod: Pod, requested: string, quiet: boolean): string {
  let container = requested;
  const name = pod.metadata.name ?? '';
  const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (!container && preferred) {
    if (hasContainer(pod, preferred)) container = preferred;
    else ctx.stderr.write(`Default container name "${preferred}" not found in pod ${name}\n`);
  }
  if (!container) {
    container = pod.spec.containers?.[0]?.name ?? '';
    const others =
      (pod.spec.containers?.length ?? 0) > 1 ||
      (pod.spec.initContainers?.length ?? 0) > 0 ||
      ((pod.spec.ephemeralContainers as unknown[] | undefined)?.length ?? 0) > 0;
    if (others && !quiet) {
      ctx.stderr.write(`Defaulted container "${container}" out of: ${allContainerNames(pod)}\n`);
    }
  }
  if (!hasContainer(pod, container)) {
    throw new KubectlError(
      `container ${container} is not valid for pod ${name} out of: ${allContainerNames(pod)}`,
    );
  }
  return container;
}

function sources(ctx: KubectlContext, pod: Pod, container: string, all: boolean): Source[] {
  if (!all) return [{ pod, container: pickContainer(ctx, pod, container, false) }];
  const ephemeral = (pod.spec.ephemeralContainers ?? []) as Container[];
  return [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? []), ...ephemeral].map(
    (c) => ({ pod, container: c.name }),
  );
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** podutils.ByLogging: the pod most worth reading first (scheduled, running, ready, restarted, old). */
function byLogging(a: Pod, b: Pod): number {
  const assignedA = Boolean(a.spec.nodeName);
  const assignedB = Boolean(b.spec.nodeName);
  if (assignedA !== assignedB) return assignedA ? -1 : 1;
  const ranks: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const rank = (p: Pod) => ranks[p.status?.phase ?? ''] ?? 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || Infinity;
  return created(a) - created(b);
}

/**
 * The pods a workload selects, best first; waits (as kubectl does) for the first one to
 * appear. Undefined when interrupted while waiting: Ctrl-C ends kubectl without a word.
 */
async function workloadPods(
  ctx: KubectlContext,
  namespace: string,
  selector: LabelSelector,
): Promise<Pod[] | undefined> {
  const labelSelector = labelSelectorString(labelSelectorAsSelector(selector));
  const deadline = ctx.clock.now() + podRunningTimeoutMs;
  for (;;) {
    const list = await ctx.client.list<Pod>(pods, namespace, { labelSelector });
    if (list.items.length > 0) return [...list.items].sort(byLogging);
    if (ctx.clock.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
    try {
      await sleep(ctx.clock, followPollMs, ctx.signal);
    } catch {
      return undefined;
    }
  }
}

/** The last `n` lines of `text` (all of it when n < 0). */
function tail(text: string, n: number): string {
  if (n < 0) return text;
  if (n === 0) return '';
  const lines = text.split('\n');
  const trailing = text.endsWith('\n');
  if (trailing) lines.pop();
  const kept = lines.slice(-n).join('\n');
  return trailing ? `${kept}\n` : kept;
}

/** Turns a kubelet refusal into what kubectl prints: the API's Status as `Error from server`. */
function logError(err: unknown): unknown {
  if (err instanceof StatusError) return err;
  if (isStatus(err)) return new StatusError(err);
  const message = err instanceof Error ? err.message : String(err);
  if (/is waiting to start|previous terminated container/.test(message)) return badRequest(message);
  return err;
}

async function fetchLog(ctx: KubectlContext, request: LogRequest): Promise<string> {
  if (!ctx.logs) throw new KubectlError('container logs are not available here');
  try {
    return await ctx.logs(request);
  } catch (err) {
    throw logError(err);
  }
}

function prefixed(text: string, prefix: string): string {
  if (!prefix || !text) return text;
  return text.replace(/^(?=.)/gm, prefix);
}

/** True while the source's container is running (its log may still grow). */
async function stillRunning(ctx: KubectlContext, source: Source): Promise<boolean> {
  try {
    const pod = await ctx.client.get<Pod>(
      pods,
      source.pod.metadata.namespace,
      source.pod.metadata.name ?? '',
    );
    const statuses = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
      ...((pod.status?.ephemeralContainerStatuses as ContainerStatus[] | undefined) ?? []),
    ];
    return Boolean(statuses.find((s) => s.name === source.container)?.state?.running);
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

register({
  path: ['logs'],
  short: 'Print the logs for a container in a pod',
  examples: `  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx

  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  kubectl logs nginx --prefix

  # Return snapshot logs from pod nginx with multi containers
  kubectl logs nginx --all-containers=true

  # Return snapshot logs from all pods in the deployment nginx
  kubectl logs deployment/nginx --all-pods=true

  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true

  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1

  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx

  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello`,
  flags: [
    { name: 'container', short: 'c', type: 'string', usage: 'Print the logs of this container' },
    { name: 'follow', short: 'f', type: 'bool', usage: 'Specify if the logs should be streamed.' },
    {
      name: 'previous',
      short: 'p',
      type: 'bool',
      usage:
        'If true, print the logs for the previous instance of the container in a pod if it exists.',
    },
    {
      name: 'tail',
      type: 'int',
      default: -1,
      usage:
        'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.',
    },
    {
      name: 'timestamps',
      type: 'bool',
      usage: 'Include timestamps on each line in the log output',
    },
    {
      name: 'selector',
      short: 'l',
      type: 'string',
      usage:
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    },
    { name: 'all-containers', type: 'bool', usage: "Get all containers' logs in the pod(s)." },
    { name: 'all-pods', type: 'bool', usage: 'Get logs from all pod(s). Sets prefix to true.' },
    {
      name: 'prefix',
      type: 'bool',
      usage: 'Prefix each log line with the log source (pod name and container name)',
    },
  ],
  async run(ctx, args) {
    const words = args.positionals;
    const selector = flagString(args, 'selector');
    let container = flagString(args, 'container');
    if (words.length === 0 && !selector) throw new UsageError(usage);
    if (words.length === 1 && selector)
      throw new UsageError('only a selector (-l) or a POD name is allowed');
    if (words.length > 2) throw new UsageError(usage);
    const allContainers = flagBool(args, 'all-containers');
    const allPods = flagBool(args, 'all-pods');
    const prefix = flagBool(args, 'prefix') || allPods;
    if (words.length === 2) {
      if (args.given.has('container'))
        throw new KubectlError('only one of -c or an inline [CONTAINER] arg is allowed');
      container = words[1];
    }
    if (allContainers && container) {
      throw new KubectlError(
        `--all-containers=true should not be specified with container name ${container}`,
      );
    }
    const tailFlag = flagInt(args, 'tail');
    if (tailFlag < -1) throw new KubectlError('--tail must be greater than or equal to -1');
    const tailLines =
      selector && tailFlag === -1 && !args.given.has('tail') ? selectorTail : tailFlag;
    const namespace = namespaceOf(ctx, args);

    // Which pods: a name (or TYPE/NAME), or a label selector.
    let targets: Pod[];
    let multiplePods = false;
    if (selector) {
      targets = (await ctx.client.list<Pod>(pods, namespace, { labelSelector: selector })).items;
      if (targets.length === 0) ctx.stderr.write(`No resources found in ${namespace} namespace.\n`);
      multiplePods = true;
    } else {
      const arg = words[0];
      const slash = arg.indexOf('/');
      const info: ResourceInfo = slash < 0 ? pods : resolveResourceType(arg.slice(0, slash));
      const name = slash < 0 ? arg : arg.slice(slash + 1);
      let object: KubeObject;
      try {
        object = await ctx.client.get<KubeObject>(
          info,
          info.namespaced ? namespace : undefined,
          name,
        );
      } catch (err) {
        if (isNotFound(err)) {
          throw new KubectlError(
            `error from server (NotFound): ${(err as Error).message} in namespace ${JSON.stringify(namespace)}`,
          );
        }
        throw err;
      }
      if (info === pods) {
        targets = [object as Pod];
      } else {
        const spec = object.spec as { selector?: LabelSelector } | undefined;
        if (!spec?.selector)
          throw new KubectlError(
            `cannot get the logs from ${info.kind}: selector for ${info.kind} not implemented`,
          );
        const found = await workloadPods(ctx, namespace, spec.selector);
        if (!found) return 0;
        if (allPods) {
          targets = found;
          multiplePods = true;
        } else {
          if (found.length > 1)
            ctx.stderr.write(
              `Found ${found.length} pods, using pod/${found[0].metadata.name ?? ''}\n`,
            );
          targets = [found[0]];
        }
      }
    }
    const list: Source[] = [];
    for (const pod of targets) {
      if (multiplePods && !allContainers && !container) {
        list.push({ pod, container: pickContainer(ctx, pod, '', allPods) });
      } else {
        list.push(...sources(ctx, pod, container, allContainers));
      }
    }

    const request = (s: Source, withTail: boolean): LogRequest => ({
      namespace: s.pod.metadata.namespace ?? namespace,
      pod: s.pod.metadata.name ?? '',
      container: s.container,
      ...(flagBool(args, 'previous') ? { previous: true } : {}),
      ...(withTail && tailLines >= 0 ? { tailLines } : {}),
      ...(flagBool(args, 'timestamps') ? { timestamps: true } : {}),
    });
    const linePrefix = (s: Source) =>
      prefix ? `[pod/${s.pod.metadata.name ?? ''}/${s.container}] ` : '';

    if (!flagBool(args, 'follow')) {
      for (const s of list)
        ctx.stdout.write(
          prefixed(tail(await fetchLog(ctx, request(s, true)), tailLines), linePrefix(s)),
        );
      return 0;
    }

    // -f: the kubelet hands out whole logs, so poll each source and print only what is new,
    // until its container stops running or the user interrupts.
    const seen = new Map<Source, string>();
    let active = [...list];
    while (active.length > 0) {
      const next: Source[] = [];
      for (const s of active) {
        const running = !flagBool(args, 'previous') && (await stillRunning(ctx, s));
        const text = await fetchLog(ctx, request(s, false));
        const before = seen.get(s);
        const fresh =
          before === undefined
            ? tail(text, tailLines)
            : text.startsWith(before)
              ? text.slice(before.length)
              : text;
        ctx.stdout.write(prefixed(fresh, linePrefix(s)));
        seen.set(s, text);
        if (running) next.push(s);
      }
      active = next;
      if (active.length === 0) break;
      try {
        await sleep(ctx.clock, followPollMs, ctx.signal);
      } catch {
        return 0;
      }
    }
    return 0;
  },
});
