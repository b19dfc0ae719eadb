import { nodemetrics, nodes, podmetrics, pods } from '../../api/resources.ts';
import { parseLabelSelector } from '../../api/selectors/label-selector.ts';
import type { Node, Pod, ResourceList } from '../../types/core.ts';
import type { NodeMetrics, PodMetrics } from '../../types/metrics.ts';
import { formatGoDuration } from '../../util/go-duration.ts';
import { namespaceOf, register, type Command } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagString, UsageError, type ParsedArgs } from '../flags.ts';
import { nodeMetricsTable, podMetricsTable, type TopSortBy } from '../top-printer.ts';

/** kubectl top's metricsCreationDelay: a pod younger than this may simply have no metrics yet. */
const metricsCreationDelay = 2 * 60_000;

const topLong = `Display resource (CPU/memory) usage.

 This command provides a view of recent resource consumption for nodes and pods. It fetches metrics from the Metrics Server, which aggregates this data from the kubelet on each node. The Metrics Server must be installed and running in the cluster for this command to work.

 The metrics shown are specifically optimized for Kubernetes autoscaling decisions, such as those made by the Horizontal Pod Autoscaler (HPA) and Vertical Pod Autoscaler (VPA). Because of this, the values may not match those from standard OS tools like 'top', as the metrics are designed to provide a stable signal for autoscalers rather than for pinpoint accuracy.

 It is not intended to be a replacement for full-featured monitoring solutions.`;

/** The metrics.k8s.io version kubectl would use, or '' (SupportedMetricsAPIVersionAvailable). */
async function metricsApiVersion(ctx: KubectlContext): Promise<string> {
  const res = await ctx.client.api.handle({ verb: 'GET', path: '/apis' });
  const groups =
    (res.body as { groups?: { name: string; versions?: { version: string }[] }[] }).groups ?? [];
  for (const group of groups) {
    if (group.name !== 'metrics.k8s.io') continue;
    for (const v of group.versions ?? []) {
      if (v.version === 'v1' || v.version === 'v1beta1') return v.version;
    }
  }
  return '';
}

function sortByOf(args: ParsedArgs): TopSortBy {
  const sortBy = flagString(args, 'sort-by');
  if (sortBy !== '' && sortBy !== 'cpu' && sortBy !== 'memory') {
    throw new KubectlError('--sort-by accepts only cpu or memory');
  }
  return sortBy;
}

/** labels.Parse on the client, as kubectl top does before asking the server. */
function checkSelector(selector: string): void {
  if (!selector) return;
  try {
    parseLabelSelector(selector);
  } catch (err) {
    throw new KubectlError(err instanceof Error ? err.message : String(err));
  }
}

/** checkPodAge: a pod old enough to have metrics by now makes their absence an error. */
function checkPodAge(ctx: KubectlContext, pod: Pod): void {
  const created = Date.parse(pod.metadata.creationTimestamp ?? '');
  const age = ctx.clock.now() - created;
  if (Number.isFinite(age) && age > metricsCreationDelay) {
    throw new KubectlError(
      `Metrics not available for pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}, age: ${formatGoDuration(age)}`,
    );
  }
}

const commonFlags = [
  {
    name: 'sort-by',
    type: 'string' as const,
    usage:
      "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.",
  },
  {
    name: 'no-headers',
    type: 'bool' as const,
    usage: 'If present, print output without headers.',
  },
  {
    name: 'use-protocol-buffers',
    type: 'bool' as const,
    default: true,
    usage: 'Enables using protocol-buffers to access Metrics API.',
  },
];

const topPod: Omit<Command, 'path'> = {
  short: 'Display resource (CPU/memory) usage of pods',
  examples: `  # Show metrics for all pods in the default namespace
  kubectl top pod

  # Show metrics for all pods in the given namespace
  kubectl top pod --namespace=NAMESPACE

  # Show metrics for a given pod and its containers
  kubectl top pod POD_NAME --containers

  # Show metrics for the pods defined by label name=myLabel
  kubectl top pod -l name=myLabel

  # Show metrics for all pods on a specific node
  kubectl top pod -A --field-selector spec.nodeName=NODE_NAME`,
  flags: [
    {
      name: 'selector',
      short: 'l',
      type: 'string',
      usage:
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    },
    {
      name: 'field-selector',
      type: 'string',
      usage:
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    },
    ...commonFlags,
    {
      name: 'containers',
      type: 'bool',
      usage: 'If present, print usage of containers within a pod.',
    },
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      usage:
        'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
    },
    { name: 'sum', type: 'bool', usage: 'Print the sum of the resource usage' },
    { name: 'show-swap', type: 'bool', usage: 'Print pod resources related to swap memory.' },
  ],
  async run(ctx, args) {
    if (args.positionals.length > 1) {
      throw new KubectlError(`unexpected arguments: [${args.positionals.slice(1).join(' ')}]`);
    }
    const name = args.positionals[0] ?? '';
    const namespace = namespaceOf(ctx, args);
    const allNamespaces = flagBool(args, 'all-namespaces');
    const selector = flagString(args, 'selector');
    const fieldSelector = flagString(args, 'field-selector');
    const sortBy = sortByOf(args);
    if (name && (selector || fieldSelector)) {
      throw new KubectlError('only one of NAME or selector can be provided');
    }
    checkSelector(selector);
    if (!(await metricsApiVersion(ctx))) throw new KubectlError('Metrics API not available');

    let metrics: PodMetrics[];
    const scope = allNamespaces ? undefined : namespace;
    if (name) metrics = [await ctx.client.get<PodMetrics>(podmetrics, scope, name)];
    else {
      const list = await ctx.client.list<PodMetrics>(podmetrics, scope, {
        ...(selector ? { labelSelector: selector } : {}),
      });
      metrics = list.items;
    }
    if (metrics.length > 0 && fieldSelector) {
      const selected = await ctx.client.list<Pod>(pods, scope, {
        ...(selector ? { labelSelector: selector } : {}),
        fieldSelector,
      });
      const keys = new Set(
        selected.items.map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`),
      );
      metrics = metrics.filter((m) =>
        keys.has(`${m.metadata.namespace ?? ''}/${m.metadata.name ?? ''}`),
      );
    }
    if (metrics.length === 0) {
      // verifyEmptyMetrics, which looks in the current namespace even with -A.
      if (name) {
        checkPodAge(ctx, await ctx.client.get<Pod>(pods, namespace, name));
        throw new KubectlError('metrics not available yet');
      }
      const candidates = await ctx.client.list<Pod>(pods, namespace, {
        ...(selector ? { labelSelector: selector } : {}),
        ...(fieldSelector ? { fieldSelector } : {}),
      });
      if (candidates.items.length > 0) {
        for (const pod of candidates.items) checkPodAge(ctx, pod);
        throw new KubectlError('metrics not available yet');
      }
      ctx.stderr.write(
        allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`,
      );
    }
    ctx.stdout.write(
      podMetricsTable(metrics, {
        containers: flagBool(args, 'containers'),
        withNamespace: allNamespaces,
        noHeaders: flagBool(args, 'no-headers'),
        sortBy,
        sum: flagBool(args, 'sum'),
        showSwap: flagBool(args, 'show-swap'),
      }),
    );
    return 0;
  },
};

const topNode: Omit<Command, 'path'> = {
  short: 'Display resource (CPU/memory) usage of nodes',
  examples: `  # Show metrics for all nodes
  kubectl top node

  # Show metrics for a given node
  kubectl top node NODE_NAME`,
  flags: [
    {
      name: 'selector',
      short: 'l',
      type: 'string',
      usage:
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    },
    ...commonFlags,
    {
      name: 'show-capacity',
      type: 'bool',
      usage: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.',
    },
    { name: 'show-swap', type: 'bool', usage: 'Print node resources related to swap memory.' },
  ],
  async run(ctx, args) {
    if (args.positionals.length > 1) throw new UsageError('node [NAME | -l label]');
    const name = args.positionals[0] ?? '';
    const selector = flagString(args, 'selector');
    const sortBy = sortByOf(args);
    if (name && selector) throw new KubectlError('only one of NAME or --selector can be provided');
    checkSelector(selector);
    if (!(await metricsApiVersion(ctx))) throw new KubectlError('Metrics API not available');
    const metrics = name
      ? [await ctx.client.get<NodeMetrics>(nodemetrics, undefined, name)]
      : (
          await ctx.client.list<NodeMetrics>(nodemetrics, undefined, {
            ...(selector ? { labelSelector: selector } : {}),
          })
        ).items;
    if (metrics.length === 0) throw new KubectlError('metrics not available yet');
    const listed = name
      ? [await ctx.client.get<Node>(nodes, undefined, name)]
      : (
          await ctx.client.list<Node>(nodes, undefined, {
            ...(selector ? { labelSelector: selector } : {}),
          })
        ).items;
    const showCapacity = flagBool(args, 'show-capacity');
    const available = new Map<string, ResourceList | undefined>(
      listed.map((n) => [
        n.metadata.name ?? '',
        showCapacity ? n.status?.capacity : n.status?.allocatable,
      ]),
    );
    ctx.stdout.write(
      nodeMetricsTable(metrics, available, {
        noHeaders: flagBool(args, 'no-headers'),
        sortBy,
        showSwap: flagBool(args, 'show-swap'),
      }),
    );
    return 0;
  },
};

/**
 * `kubectl top`: alone it prints its help on stderr (DefaultSubCommandRun) and fails;
 * `top pod` (pods, po) and `top node` (nodes, no) read the metrics API as kubectl does.
 */
register({
  path: ['top'],
  short: 'Display resource (CPU/memory) usage',
  flags: [],
  async run(ctx, args) {
    if (args.positionals.length > 0) {
      throw new UsageError(`unknown command "${args.positionals.join(' ')}"`);
    }
    ctx.stderr.write(
      `${topLong}\n\nAvailable Commands:\n` +
        `  node          ${topNode.short}\n` +
        `  pod           ${topPod.short}\n\n` +
        'Usage:\n  kubectl top [flags] [options]\n\n' +
        'Use "kubectl top <command> --help" for more information about a given command.\n' +
        'Use "kubectl options" for a list of global command-line options (applies to all commands).\n',
    );
    return 1;
  },
});
for (const word of ['pod', 'pods', 'po']) register({ ...topPod, path: ['top', word] });
for (const word of ['node', 'nodes', 'no']) register({ ...topNode, path: ['top', word] });
