import { isNotFound } from '../../api/errors.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import { describerFor } from '../describe/index.ts';
import { formatError, KubectlError } from '../errors.ts';
import { flagBool, flagString, UsageError } from '../flags.ts';
import { parseResourceArgs } from '../resource-types.ts';

interface Found {
  info: ResourceInfo;
  namespace: string;
  name: string;
}

register({
  path: ['describe'],
  short: 'Show details of a specific resource or group of resources',
  examples: `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubectl describe pods/nginx

  # Describe all pods
  kubectl describe pods

  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel

  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend`,
  flags: [
    {
      name: 'selector',
      short: 'l',
      type: 'string',
      usage:
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    },
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      usage:
        'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
    },
    {
      name: 'show-events',
      type: 'bool',
      default: true,
      usage:
        'If true, display events related to the described object. Defaults to true for a single object, false for multiple objects and prefix matching.',
    },
  ],
  async run(ctx, args) {
    const words = args.positionals;
    if (words.length === 0) {
      throw new KubectlError(
        'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
      );
    }
    const namespace = namespaceOf(ctx, args);
    const allNamespaces = flagBool(args, 'all-namespaces');
    const selector = flagString(args, 'selector');
    const targets = parseResourceArgs(words);
    if (selector && targets.some((t) => t.names.length > 0)) {
      throw new UsageError('name cannot be provided when a selector is specified');
    }

    // Resolve what the arguments name first (kubectl's resource builder), collecting errors.
    const found: Found[] = [];
    const errors: unknown[] = [];
    for (const { info, names } of targets) {
      const ns = info.namespaced ? namespace : '';
      if (names.length === 0) {
        const list = await ctx.client.list<KubeObject>(
          info,
          info.namespaced && !allNamespaces ? namespace : undefined,
          selector ? { labelSelector: selector } : {},
        );
        for (const item of list.items) {
          found.push({
            info,
            namespace: item.metadata.namespace ?? '',
            name: item.metadata.name ?? '',
          });
        }
        continue;
      }
      for (const name of names) {
        try {
          await ctx.client.get(info, info.namespaced ? ns : undefined, name);
          found.push({ info, namespace: ns, name });
        } catch (err) {
          errors.push(err);
        }
      }
    }

    const showEvents =
      (errors.length > 0 || found.length > 1) && !args.given.has('show-events')
        ? false
        : flagBool(args, 'show-events');
    const describeCtx = { client: ctx.client, now: ctx.clock.now(), showEvents };

    // `describe TYPE NAME` with no such object describes every object whose name starts with NAME.
    if (errors.length > 0 && isNotFound(errors[0]) && words.length === 2 && targets.length === 1) {
      const { info } = targets[0];
      const list = await ctx.client.list<KubeObject>(info, info.namespaced ? namespace : undefined);
      const prefix = words[1];
      const matches = list.items.filter((o) => (o.metadata.name ?? '').startsWith(prefix));
      if (matches.length === 0) throw errors[0];
      const describe = describerFor(info);
      for (const o of matches) {
        const text = await describe(describeCtx, o.metadata.namespace ?? '', o.metadata.name ?? '');
        ctx.stdout.write(`${text}\n`);
      }
      return 0;
    }

    const seen = new Set<string>();
    let first = true;
    for (const f of found) {
      try {
        const text = await describerFor(f.info)(describeCtx, f.namespace, f.name);
        ctx.stdout.write(first ? text : `\n\n${text}`);
        first = false;
      } catch (err) {
        const line = formatError(err);
        if (!seen.has(line)) errors.push(err);
        seen.add(line);
      }
    }
    if (found.length === 0 && errors.length === 0) {
      ctx.stderr.write(
        allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`,
      );
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) {
      for (const err of errors) ctx.stderr.write(`${formatError(err)}\n`);
      return 1;
    }
    return 0;
  },
});
