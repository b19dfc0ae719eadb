import { register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagString, UsageError } from '../flags.ts';
import { printJson, printYaml } from '../printers/object-printer.ts';
import { parseOutputFormat } from '../printers/output-format.ts';
import { formatTable } from '../printers/tabwriter.ts';

/** The one context (and cluster and user) of the playground's kubeconfig. */
export const contextName = 'playground';

/** The kubeconfig `config view` shows: one cluster, user and context, secrets redacted. */
function kubeconfig(ctx: KubectlContext): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ cluster: { server: 'https://kube-in-a-tab' }, name: contextName }],
    contexts: [
      {
        context: { cluster: contextName, namespace: ctx.config.namespace, user: contextName },
        name: contextName,
      },
    ],
    'current-context': contextName,
    preferences: {},
    users: [{ name: contextName, user: { token: 'REDACTED' } }],
  };
}

register(
  {
    path: ['config', 'current-context'],
    short: 'Display the current-context',
    flags: [],
    async run(ctx) {
      ctx.stdout.write(`${contextName}\n`);
      return 0;
    },
  },
  {
    path: ['config', 'set-context'],
    short: 'Set a context entry in kubeconfig',
    examples: `  # Set the namespace of the current context
  kubectl config set-context --current --namespace=dev`,
    flags: [
      { name: 'current', type: 'bool', usage: 'Modify the current context' },
      { name: 'cluster', type: 'string', usage: 'cluster for the context entry in kubeconfig' },
      { name: 'user', type: 'string', usage: 'user for the context entry in kubeconfig' },
    ],
    async run(ctx, args) {
      const current = flagBool(args, 'current');
      const name = args.positionals[0];
      if (current && name) {
        throw new UsageError('you cannot specify both a context name and --current');
      }
      if (!current && !name) {
        throw new UsageError('you must specify a non-empty context name or --current');
      }
      if (name && name !== contextName) {
        throw new KubectlError(`this cluster has one context, "${contextName}"`);
      }
      // -n/--namespace is a global flag: set-context reads it as the context's namespace.
      if (args.given.has('namespace')) ctx.config.namespace = flagString(args, 'namespace');
      ctx.stdout.write(`Context "${contextName}" modified.\n`);
      return 0;
    },
  },
  {
    path: ['config', 'use-context'],
    short: 'Set the current-context in a kubeconfig file',
    flags: [],
    async run(ctx, args) {
      const name = args.positionals[0];
      if (!name) throw new UsageError('Unexpected args: []');
      if (name !== contextName)
        throw new KubectlError(`no context exists with the name: "${name}"`);
      ctx.stdout.write(`Switched to context "${contextName}".\n`);
      return 0;
    },
  },
  {
    path: ['config', 'get-contexts'],
    short: 'Describe one or many contexts',
    flags: [
      { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (name).' },
      {
        name: 'no-headers',
        type: 'bool',
        usage:
          "When using the default or custom-column output format, don't print headers (default print headers).",
      },
    ],
    async run(ctx, args) {
      if (flagString(args, 'output') === 'name') {
        ctx.stdout.write(`${contextName}\n`);
        return 0;
      }
      const rows = [['*', contextName, contextName, contextName, ctx.config.namespace]];
      if (!flagBool(args, 'no-headers'))
        rows.unshift(['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']);
      ctx.stdout.write(formatTable(rows));
      return 0;
    },
  },
  {
    path: ['config', 'view'],
    short: 'Display merged kubeconfig settings or a specified kubeconfig file',
    flags: [
      {
        name: 'minify',
        type: 'bool',
        usage: 'Remove all information not used by current-context from the output',
      },
      { name: 'raw', type: 'bool', usage: 'Display raw byte data and sensitive data' },
      {
        name: 'output',
        short: 'o',
        type: 'string',
        default: 'yaml',
        usage:
          'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
      },
    ],
    async run(ctx, args) {
      const output = flagString(args, 'output');
      const format = await parseOutputFormat(output, ctx.readFile);
      const config = kubeconfig(ctx);
      if (format.type === 'json') ctx.stdout.write(printJson(config));
      else if (format.type === 'yaml') ctx.stdout.write(printYaml(config));
      else if (format.type === 'jsonpath') ctx.stdout.write(format.path.execute(config));
      else {
        throw new KubectlError(
          `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml`,
        );
      }
      return 0;
    },
  },
);
