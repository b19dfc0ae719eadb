import { register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagString, UsageError } from '../flags.ts';
import { formatTable } from '../printers/tabwriter.ts';

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  group: string;
  version: string;
}

async function discover(ctx: KubectlContext, path: string): Promise<unknown> {
  const res = await ctx.client.api.handle({ verb: 'GET', path });
  if (res.status < 200 || res.status >= 300)
    throw new KubectlError(`couldn't get ${path} from the server`);
  return res.body;
}

/** Every group/version the server serves: `v1` from /api, then each group's preferred version. */
async function groupVersions(ctx: KubectlContext): Promise<string[]> {
  const core = (await discover(ctx, '/api')) as { versions?: string[] };
  const groups = (await discover(ctx, '/apis')) as {
    groups?: {
      preferredVersion?: { groupVersion: string };
      versions?: { groupVersion: string }[];
    }[];
  };
  return [
    ...(core.versions ?? []),
    ...(groups.groups ?? []).map(
      (g) => g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion ?? '',
    ),
  ].filter(Boolean);
}

/** The resources of every served group/version (discovery's ServerPreferredResources), subresources left out. */
async function serverResources(ctx: KubectlContext): Promise<ApiResource[]> {
  const out: ApiResource[] = [];
  for (const gv of await groupVersions(ctx)) {
    const path = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
    const list = (await discover(ctx, path)) as {
      resources?: Omit<ApiResource, 'group' | 'version'>[];
    };
    const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
    for (const r of list.resources ?? []) {
      if (r.name.includes('/') || !r.verbs?.length) continue;
      out.push({ ...r, group, version });
    }
  }
  return out;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

register({
  path: ['api-resources'],
  short: 'Print the supported API resources on the server',
  examples: `  # Print the supported API resources
  kubectl api-resources

  # Print the supported API resources with more information
  kubectl api-resources -o wide

  # Print the supported API resources sorted by a column
  kubectl api-resources --sort-by=name

  # Print the supported namespaced resources
  kubectl api-resources --namespaced=true

  # Print the supported non-namespaced resources
  kubectl api-resources --namespaced=false

  # Print the supported API resources with a specific APIGroup
  kubectl api-resources --api-group=rbac.authorization.k8s.io`,
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (wide, name).' },
    {
      name: 'no-headers',
      type: 'bool',
      usage:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    { name: 'api-group', type: 'string', usage: 'Limit to resources in the specified API group.' },
    {
      name: 'namespaced',
      type: 'bool',
      default: true,
      usage:
        'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.',
    },
    {
      name: 'verbs',
      type: 'stringArray',
      usage: 'Limit to resources that support the specified verbs.',
    },
    {
      name: 'sort-by',
      type: 'string',
      usage:
        "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
    },
    { name: 'cached', type: 'bool', usage: 'Use the cached list of resources if available.' },
    {
      name: 'categories',
      type: 'stringArray',
      usage: 'Limit to resources that belong to the specified categories.',
    },
  ],
  async run(ctx, args) {
    if (args.positionals.length > 0) {
      throw new UsageError(`unexpected arguments: [${args.positionals.join(' ')}]`);
    }
    const sortBy = flagString(args, 'sort-by');
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind')
      throw new KubectlError('--sort-by accepts only name or kind');
    const output = flagString(args, 'output');
    if (output && output !== 'wide' && output !== 'name') {
      throw new KubectlError(
        `unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`,
      );
    }
    // pflag's StringSlice: each value may itself be comma-separated.
    const list = (name: string) =>
      ((args.flags.get(name) as string[] | undefined) ?? [])
        .flatMap((v) => v.split(','))
        .filter(Boolean);
    const verbs = list('verbs');
    const categories = list('categories');
    const group = flagString(args, 'api-group');
    const namespaced = flagBool(args, 'namespaced');
    const resources = (await serverResources(ctx)).filter(
      (r) =>
        (!args.given.has('api-group') || r.group === group) &&
        (!args.given.has('namespaced') || r.namespaced === namespaced) &&
        verbs.every((v) => r.verbs.includes(v)) &&
        categories.every((c) => (r.categories ?? []).includes(c)),
    );
    const key = (r: ApiResource) =>
      sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group;
    resources.sort((a, b) => byteOrder(key(a), key(b)) || byteOrder(a.name, b.name));
    if (output === 'name') {
      for (const r of resources) ctx.stdout.write(`${r.group ? `${r.name}.${r.group}` : r.name}\n`);
      return 0;
    }
    const wide = output === 'wide';
    const rows: string[][] = [];
    if (!flagBool(args, 'no-headers')) {
      rows.push([
        'NAME',
        'SHORTNAMES',
        'APIVERSION',
        'NAMESPACED',
        'KIND',
        ...(wide ? ['VERBS', 'CATEGORIES'] : []),
      ]);
    }
    for (const r of resources) {
      const row = [
        r.name,
        (r.shortNames ?? []).join(','),
        r.group ? `${r.group}/${r.version}` : r.version,
        String(r.namespaced),
        r.kind,
      ];
      if (wide) row.push(r.verbs.join(','), (r.categories ?? []).join(','));
      rows.push(row);
    }
    ctx.stdout.write(formatTable(rows));
    return 0;
  },
});

register({
  path: ['api-versions'],
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  examples: `  # Print the supported API versions
  kubectl api-versions`,
  flags: [],
  async run(ctx, args) {
    if (args.positionals.length > 0) {
      throw new UsageError(`unexpected arguments: [${args.positionals.join(' ')}]`);
    }
    // metav1.ExtractGroupVersions: every version of every group, /api's v1 included, sorted.
    const core = (await discover(ctx, '/api')) as { versions?: string[] };
    const groups = (await discover(ctx, '/apis')) as {
      groups?: { versions?: { groupVersion: string }[] }[];
    };
    const versions = [
      ...(core.versions ?? []),
      ...(groups.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion)),
    ].sort(byteOrder);
    for (const v of versions) ctx.stdout.write(`${v}\n`);
    return 0;
  },
});
