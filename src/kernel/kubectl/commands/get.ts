import { isNotFound } from '../../api/errors.ts';
import {
  cronjobs,
  daemonsets,
  deployments,
  horizontalpodautoscalers,
  jobs,
  pods,
  replicasets,
  services,
  statefulsets,
  type ResourceInfo,
} from '../../api/resources.ts';
import type { KubeObject, WatchEvent } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError } from '../errors.ts';
import { flagArray, flagBool, flagString, UsageError, type ParsedArgs } from '../flags.ts';
import { parseResourceArgs, resolveResourceType, type ResourceTarget } from '../resource-types.ts';
import { printObject } from '../printers/generic-printer.ts';
import { sortObjects } from '../printers/sort-objects.ts';
import { listOf, printJson, printYaml } from '../printers/object-printer.ts';
import { parseOutputFormat, type OutputFormat } from '../printers/output-format.ts';
import {
  resourceTable,
  tableHeader,
  tableRow,
  type TableOptions,
} from '../printers/resource-table.ts';
import { formatTable } from '../printers/tabwriter.ts';
import { RememberingTable } from '../printers/watch-table.ts';

/** The types kubectl's `all` category names that this server has, in kubectl's order. */
const allCategory: ResourceInfo[] = [
  pods,
  services,
  daemonsets,
  deployments,
  replicasets,
  statefulsets,
  horizontalpodautoscalers,
  cronjobs,
  jobs,
];

/** Types and names from the arguments, with `all` expanded. */
function targetsOf(args: readonly string[]): ResourceTarget[] {
  if (args.length > 0 && !args.some((a) => a.includes('/'))) {
    const [types, ...names] = args;
    const infos: ResourceInfo[] = [];
    for (const t of types.split(',')) {
      for (const info of t.toLowerCase() === 'all' ? allCategory : [resolveResourceType(t)]) {
        if (!infos.includes(info)) infos.push(info);
      }
    }
    return infos.map((info) => ({ info, names: [...names] }));
  }
  return parseResourceArgs(args);
}

/** One requested type's objects, in the order they print. */
interface Fetched {
  info: ResourceInfo;
  objects: KubeObject[];
}

/** List items may come without apiVersion/kind; kubectl's printers show them set. */
function withTypeMeta(info: ResourceInfo, o: KubeObject): KubeObject {
  if (o.kind && o.apiVersion) return o;
  return {
    apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
    kind: info.kind,
    ...o,
  };
}

/**
 * `kubectl get`: lists or gets each requested type, then prints one table per type (or one
 * object or `List` for -o json|yaml|name|jsonpath|custom-columns). Missing named objects are
 * reported after the output, as kubectl's aggregate error, with exit code 1.
 */
async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const format = await parseOutputFormat(flagString(args, 'output'), ctx.readFile, {
    template: flagString(args, 'template'),
    allowMissingKeys: flagBool(args, 'allow-missing-template-keys'),
  });
  if (args.positionals.length === 0) {
    ctx.stderr.write(
      `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n`,
    );
    throw new UsageError(
      `Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).`,
    );
  }
  const allNamespaces = flagBool(args, 'all-namespaces');
  const namespace = namespaceOf(ctx, args);
  const selector = flagString(args, 'selector');
  const fieldSelector = flagString(args, 'field-selector');
  const targets = targetsOf(args.positionals);
  const named = targets.some((t) => t.names.length > 0);
  if (named && allNamespaces) {
    throw new KubectlError('a resource cannot be retrieved by name across all namespaces');
  }
  if (named && selector)
    throw new KubectlError('name cannot be provided when a selector is specified');

  if (flagBool(args, 'watch') || flagBool(args, 'watch-only')) {
    return watch(ctx, args, format, targets, allNamespaces ? undefined : namespace);
  }

  const errors: unknown[] = [];
  const fetched: Fetched[] = [];
  for (const { info, names } of targets) {
    const ns = allNamespaces ? undefined : namespace;
    if (names.length === 0) {
      const list = await ctx.client.list(info, ns, {
        labelSelector: selector || undefined,
        fieldSelector: fieldSelector || undefined,
      });
      fetched.push({ info, objects: list.items.map((o) => withTypeMeta(info, o)) });
      continue;
    }
    const objects: KubeObject[] = [];
    for (const name of names) {
      try {
        objects.push(withTypeMeta(info, await ctx.client.get(info, ns, name)));
      } catch (err) {
        if (!isNotFound(err)) throw err;
        if (!flagBool(args, 'ignore-not-found')) errors.push(err);
      }
    }
    fetched.push({ info, objects });
  }
  const sortBy = flagString(args, 'sort-by');
  if (sortBy) for (const f of fetched) f.objects = sortObjects(f.objects, sortBy);
  const noHeaders = flagBool(args, 'no-headers');

  if (format.type !== 'table') {
    const singleItemImplied =
      targets.length === 1 && targets[0].names.length === 1 && args.positionals.length <= 2;
    if (singleItemImplied && errors.length > 0) throw errors[0];
    const items = fetched.flatMap((f) => f.objects);
    const value = singleItemImplied && items.length === 1 ? items[0] : listOf(items);
    ctx.stdout.write(printObject(format, value, noHeaders));
    return reportErrors(ctx, errors);
  }

  const options: TableOptions = {
    wide: format.wide,
    withNamespace: allNamespaces,
    withKind:
      flagBool(args, 'show-kind') ||
      (fetched.length > 1 && new Set(fetched.map((f) => f.info)).size > 1),
    showLabels: flagBool(args, 'show-labels'),
    labelColumns: flagArray(args, 'label-columns').flatMap((l) => l.split(',')),
  };
  const now = ctx.clock.now();
  let written = false;
  for (const f of fetched) {
    const rows = resourceTable(f.info, f.objects, now, { ...options, noHeaders });
    if (rows.length === 0) continue;
    if (written && !noHeaders) ctx.stdout.write('\n');
    ctx.stdout.write(formatTable(rows));
    written = true;
  }
  if (!written && errors.length === 0 && !flagBool(args, 'ignore-not-found')) {
    const namespaced = !allNamespaces && fetched.every((f) => f.info.namespaced);
    ctx.stderr.write(
      namespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n',
    );
  }
  return reportErrors(ctx, errors);
}

/** Prints each collected error as kubectl's aggregate does, one line each; exit code 1 if any. */
function reportErrors(ctx: KubectlContext, errors: unknown[]): number {
  for (const err of errors) ctx.stderr.write(`${formatError(err)}\n`);
  return errors.length > 0 ? 1 : 0;
}

/**
 * `get -w`: the current objects (unless `--watch-only`), then one row per change from the
 * list's resourceVersion on, until the context's signal aborts.
 */
async function watch(
  ctx: KubectlContext,
  args: ParsedArgs,
  format: OutputFormat,
  targets: ResourceTarget[],
  namespace: string | undefined,
): Promise<number> {
  if (targets.length > 1) throw new KubectlError('you may only specify a single resource type');
  if (targets[0].names.length > 1) {
    const count = targets[0].names.length;
    throw new KubectlError(
      `watch is only supported on individual resources and resource collections, but ${count} resources were found`,
    );
  }
  const { info, names } = targets[0];
  const selector = flagString(args, 'selector') || undefined;
  const fields = [flagString(args, 'field-selector'), names[0] ? `metadata.name=${names[0]}` : '']
    .filter((s) => s !== '')
    .join(',');
  // A named object that does not exist fails as `get` does.
  if (names[0]) {
    try {
      await ctx.client.get(info, namespace, names[0]);
    } catch (err) {
      if (isNotFound(err) && flagBool(args, 'ignore-not-found')) return 0;
      throw err;
    }
  }
  const list = await ctx.client.list(info, namespace, {
    labelSelector: selector,
    fieldSelector: fields || undefined,
  });
  const table = new RememberingTable();
  const noHeaders = flagBool(args, 'no-headers');
  const options: TableOptions = {
    wide: format.type === 'table' && format.wide,
    withNamespace: namespace === undefined,
    withKind: flagBool(args, 'show-kind'),
    showLabels: flagBool(args, 'show-labels'),
    labelColumns: flagArray(args, 'label-columns').flatMap((l) => l.split(',')),
  };
  let headerDone = noHeaders;
  let printed = 0;
  const withEvents = flagBool(args, 'output-watch-events');
  const print = (objects: KubeObject[], type: WatchEvent['type'] = 'ADDED') => {
    if (objects.length === 0) return;
    if (format.type === 'table') {
      const now = ctx.clock.now();
      const rows = objects.map((o) => tableRow(info, o, now, options));
      if (withEvents) for (const row of rows) row.unshift(type);
      if (!headerDone)
        rows.unshift([...(withEvents ? ['EVENT'] : []), ...tableHeader(info, options)]);
      headerDone = true;
      ctx.stdout.write(table.format(rows));
    } else {
      for (const o of objects) {
        if (format.type === 'yaml') {
          ctx.stdout.write(`${printed > 0 ? '---\n' : ''}${printYaml(o)}`);
        } else if (format.type === 'json') {
          ctx.stdout.write(printJson(o));
        } else {
          ctx.stdout.write(printObject(format, o, printed > 0 || noHeaders));
        }
        printed++;
      }
    }
  };
  if (!flagBool(args, 'watch-only')) print(list.items.map((o) => withTypeMeta(info, o)));
  if (ctx.signal?.aborted) return 0;
  const subscription = await ctx.client.watch(
    info,
    namespace,
    {
      labelSelector: selector,
      fieldSelector: fields || undefined,
      resourceVersion: list.metadata.resourceVersion,
    },
    (event: WatchEvent) => {
      if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
        print([withTypeMeta(info, event.object)], event.type);
      }
    },
  );
  const aborted = new Promise<undefined>((resolve) => {
    if (ctx.signal?.aborted) resolve(undefined);
    ctx.signal?.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  const ended = await Promise.race([aborted, subscription.done]);
  subscription.stop();
  if (ended) throw new KubectlError(ended.message ?? 'watch ended');
  return 0;
}

register({
  path: ['get'],
  short: 'Display one or many resources',
  examples: `  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # Return only the phase value of the specified pod
  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}

  # List resource information in custom columns
  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

  # List all replication controllers and services together in ps output format
  kubectl get rc,services

  # List one or more resources by their type and names
  kubectl get rc/web service/frontend pods/web-pod-13je7`,
  flags: [
    {
      name: 'output',
      short: 'o',
      type: 'string',
      usage:
        'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).',
    },
    {
      name: 'template',
      type: 'string',
      usage:
        'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
    },
    {
      name: 'allow-missing-template-keys',
      type: 'bool',
      default: true,
      usage:
        'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
    },
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
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      usage:
        'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
    },
    {
      name: 'show-labels',
      type: 'bool',
      usage: 'When printing, show all labels as the last column (default hide labels column)',
    },
    {
      name: 'label-columns',
      short: 'L',
      type: 'stringArray',
      usage:
        'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...',
    },
    {
      name: 'sort-by',
      type: 'string',
      usage:
        "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}').",
    },
    {
      name: 'no-headers',
      type: 'bool',
      usage:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      usage: 'After listing/getting the requested object, watch for changes.',
    },
    {
      name: 'watch-only',
      type: 'bool',
      usage: 'Watch for changes to the requested object(s), without listing/getting first.',
    },
    {
      name: 'output-watch-events',
      type: 'bool',
      usage:
        'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.',
    },
    {
      name: 'show-kind',
      type: 'bool',
      usage: 'If present, list the resource type for the requested object(s).',
    },
    {
      name: 'ignore-not-found',
      type: 'bool',
      usage: 'If set to true, suppresses NotFound error for specific objects that do not exist.',
    },
  ],
  run,
});
