/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME
 * [--tcp=port:targetPort...]`: a Service selecting `app=NAME`, one TCP port per `--tcp` pair
 * (named after the pair), checked as kubectl checks it before anything is sent.
 */
import { StatusError } from '../../api/errors.ts';
import { collectionPath, services } from '../../api/resources.ts';
import { isValidPortName, isValidPortNum } from '../../api/validation/containers.ts';
import { isDNS1123Subdomain } from '../../api/validation/names.ts';
import { withLastApplied } from '../../client/apply.ts';
import type { Service, ServicePort, ServiceType } from '../../types/service.ts';
import { namespaceOf, register, type Command } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import {
  flagArray,
  flagBool,
  flagInt,
  flagString,
  UsageError,
  type FlagSpec,
  type ParsedArgs,
} from '../flags.ts';
import { goAtoi, goParseUint } from '../go-strconv.ts';
import { dryRunFlag, dryRunOf } from '../mutation-output.ts';
import { objectOutputFlag, objectPrinter } from '../print-flags.ts';
import { objectRef } from '../resource-types.ts';
import { createAt, oneName } from './create.ts';

/** parsePorts: `port[:targetPort]`, the target a number (1-65535) or an IANA port name. */
function parsePortPair(pair: string): { port: number; targetPort: number | string } {
  const [portText, targetText] = pair.split(':');
  const port = goParseUint(portText, 16);
  if (targetText === undefined) return { port, targetPort: port };
  let target: number;
  try {
    target = goAtoi(targetText);
  } catch {
    const errs = isValidPortName(targetText);
    if (errs.length > 0) throw new KubectlError(errs.join(','));
    return { port, targetPort: targetText };
  }
  const errs = isValidPortNum(target);
  if (errs.length > 0) throw new KubectlError(errs.join(','));
  return { port, targetPort: target };
}

/** GetValidationDirective: the `--validate` values kubectl accepts. */
function checkValidate(args: ParsedArgs): void {
  const value = flagString(args, 'validate').toLowerCase();
  if (!['strict', 'true', 'warn', 'ignore', 'false'].includes(value)) {
    throw new KubectlError(
      `invalid - validate option "${flagString(args, 'validate')}"; must be one of: strict (or true), warn, ignore (or false)`,
    );
  }
}

/** The Service createService builds (before the server defaults anything). */
function buildService(
  name: string,
  type: ServiceType,
  tcp: readonly string[],
  options: { clusterIP: string; nodePort: number; externalName: string; namespace?: string },
): Service {
  const ports: ServicePort[] = tcp.map((pair) => {
    const { port, targetPort } = parsePortPair(pair);
    return {
      name: pair.replaceAll(':', '-'),
      port,
      targetPort,
      protocol: 'TCP',
      ...(options.nodePort !== 0 ? { nodePort: options.nodePort } : {}),
    };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      labels: { app: name },
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
    spec: {
      ...(ports.length > 0 ? { ports } : {}),
      selector: { app: name },
      type,
      ...(options.clusterIP ? { clusterIP: options.clusterIP } : {}),
      ...(options.externalName ? { externalName: options.externalName } : {}),
    },
    status: { loadBalancer: {} },
  };
}

/** ServiceOptions.Complete, Validate and Run for one service type. */
async function createService(
  ctx: KubectlContext,
  args: ParsedArgs,
  type: ServiceType,
): Promise<number> {
  const name = oneName(args);
  const dryRun = dryRunOf(args);
  const print = await objectPrinter(ctx, args, 'created', dryRun);
  checkValidate(args);
  const clusterIP = flagString(args, 'clusterip');
  const nodePort = flagInt(args, 'node-port');
  const externalName = flagString(args, 'external-name');
  const tcp = flagArray(args, 'tcp').flatMap((v) => v.split(','));
  if (clusterIP === 'None' && type !== 'ClusterIP') {
    throw new KubectlError('ClusterIP=None can only be used with ClusterIP service type');
  }
  if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') {
    throw new KubectlError('at least one tcp port specifier must be provided');
  }
  if (type === 'ExternalName' && isDNS1123Subdomain(externalName).length > 0) {
    throw new KubectlError(`invalid service external name ${externalName}`);
  }
  const namespace = namespaceOf(ctx, args);
  const enforced = args.given.has('namespace');
  let service: Service = buildService(name, type, tcp, {
    clusterIP,
    nodePort,
    externalName,
    namespace: enforced ? namespace : undefined,
  });
  if (flagBool(args, 'save-config')) {
    service = withLastApplied(service, service.metadata.namespace) as Service;
  }
  let result = service;
  if (dryRun !== 'client') {
    try {
      result = (await createAt(
        ctx,
        collectionPath(services, namespace),
        service,
        dryRun,
      )) as Service;
    } catch (err) {
      const message =
        err instanceof StatusError
          ? (err.status.message ?? err.message)
          : err instanceof Error
            ? err.message
            : String(err);
      throw new KubectlError(`failed to create ${type} service: ${message}`);
    }
  }
  ctx.stdout.write(print(result, objectRef(services, result.metadata.name ?? name)));
  return 0;
}

/** The flags every `create service` subcommand has. */
const commonFlags: FlagSpec[] = [
  {
    name: 'tcp',
    type: 'stringArray',
    usage: "Port pairs can be specified as '<port>:<targetPort>'.",
  },
  dryRunFlag,
  objectOutputFlag,
  {
    name: 'save-config',
    type: 'bool',
    usage:
      'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.',
  },
  {
    name: 'validate',
    type: 'string',
    default: 'strict',
    usage: 'Must be one of: strict (or true), warn, ignore (or false).',
  },
  {
    name: 'field-manager',
    type: 'string',
    default: 'kubectl-create',
    usage: 'Name of the manager used to track field ownership.',
  },
];

const subcommands: Command[] = [
  {
    path: ['create', 'service', 'clusterip'],
    short: 'Create a ClusterIP service',
    examples: `  # Create a new ClusterIP service named my-cs
  kubectl create service clusterip my-cs --tcp=5678:8080

  # Create a new ClusterIP service named my-cs (in headless mode)
  kubectl create service clusterip my-cs --clusterip="None"`,
    flags: [
      ...commonFlags,
      {
        name: 'clusterip',
        type: 'string',
        usage:
          "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
      },
    ],
    run: (ctx, args) => createService(ctx, args, 'ClusterIP'),
  },
  {
    path: ['create', 'service', 'nodeport'],
    short: 'Create a NodePort service',
    examples: `  # Create a new NodePort service named my-ns
  kubectl create service nodeport my-ns --tcp=5678:8080`,
    flags: [
      ...commonFlags,
      {
        name: 'node-port',
        type: 'int',
        default: 0,
        usage: 'Port used to expose the service on each node in a cluster.',
      },
    ],
    run: (ctx, args) => createService(ctx, args, 'NodePort'),
  },
  {
    path: ['create', 'service', 'loadbalancer'],
    short: 'Create a LoadBalancer service',
    examples: `  # Create a new LoadBalancer service named my-lbs
  kubectl create service loadbalancer my-lbs --tcp=5678:8080`,
    flags: commonFlags,
    run: (ctx, args) => createService(ctx, args, 'LoadBalancer'),
  },
  {
    path: ['create', 'service', 'externalname'],
    short: 'Create an ExternalName service',
    examples: `  # Create a new ExternalName service named my-ns
  kubectl create service externalname my-ns --external-name bar.com`,
    flags: [
      ...commonFlags,
      { name: 'external-name', type: 'string', usage: 'External name of service' },
    ],
    run: (ctx, args) => {
      if (!args.given.has('external-name')) {
        throw new KubectlError('required flag(s) "external-name" not set');
      }
      return createService(ctx, args, 'ExternalName');
    },
  },
];

/** `kubectl create service` alone: its help on stderr and exit 1 (DefaultSubCommandRun). */
const parent: Command = {
  path: ['create', 'service'],
  short: 'Create a service using a specified subcommand',
  flags: [],
  async run(ctx, args) {
    if (args.positionals.length > 0)
      throw new UsageError(`unknown command "${args.positionals.join(' ')}"`);
    const width = Math.max(11, ...subcommands.map((c) => c.path[2].length));
    const list = [...subcommands]
      .sort((a, b) => (a.path[2] < b.path[2] ? -1 : 1))
      .map((c) => `  ${c.path[2].padEnd(width)}   ${c.short}\n`)
      .join('');
    ctx.stderr.write(`Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
${list}
Usage:
  kubectl create service [options]

Use "kubectl create service <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`);
    return 1;
  },
};

const all = [parent, ...subcommands];
register(...all, ...all.map((c) => ({ ...c, path: ['create', 'svc', ...c.path.slice(2)] })));
