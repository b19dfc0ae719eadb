/**
 * `kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--target-port=number-or-name]
 * [--type=type] ...`: a Service in front of a Pod, Service, Deployment or ReplicaSet, its
 * selector, ports, protocols and labels taken from that object unless flags give them.
 */
import { StatusError } from '../../api/errors.ts';
import {
  applyPatch,
  jsonPatchType,
  mergePatchType,
  strategicMergePatchType,
} from '../../api/patch/apply-patch.ts';
import { collectionPath, services, type ResourceInfo } from '../../api/resources.ts';
import { resourceForObject, withLastApplied } from '../../client/apply.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { Service, ServicePort, ServiceSpec } from '../../types/service.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { formatError, KubectlError } from '../errors.ts';
import {
  canBeExposed,
  makeLabels,
  mapBasedSelector,
  portsForObject,
  protocolsForObject,
} from '../exposable-object.ts';
import { flagArray, flagBool, flagString, type ParsedArgs } from '../flags.ts';
import { goAtoi } from '../go-strconv.ts';
import { readManifests } from '../manifest-source.ts';
import { dryRunFlag, dryRunOf } from '../mutation-output.ts';
import { mappingError } from '../object-targets.ts';
import { objectOutputFlag, objectPrinter, type ObjectPrinter } from '../print-flags.ts';
import { objectRef, parseResourceArgs } from '../resource-types.ts';
import { createAt } from './create.ts';

/** validation.DNS1035LabelMaxLength: a default Service name is cut to it. */
const maxNameLength = 63;

/**
 * What kubectl's ExposeServiceOptions carry from one exposed object to the next: a selector,
 * port, ports, protocols or labels found on the first object are kept for the rest, as
 * kubectl keeps them.
 */
interface ExposeState {
  selector: string;
  port: string;
  ports: string;
  protocols: Map<string, string[]>;
  labels: string;
  defaultName: string;
}

/** parseLabels: `k=v,k2=v2`, each pair with exactly one `=` and a key. */
function parseLabels(spec: string): Record<string, string> {
  if (spec === '') throw new KubectlError('no label spec passed');
  const labels: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const parts = item.split('=');
    if (parts.length !== 2) throw new KubectlError(`unexpected label spec: ${item}`);
    if (parts[0] === '') throw new KubectlError('unexpected empty label key');
    labels[parts[0]] = parts[1];
  }
  return labels;
}

/** intstr.Parse: a number when the text is one, else the text. */
function intOrString(text: string): number | string {
  try {
    return goAtoi(text);
  } catch {
    return text;
  }
}

/** createService: the Service the flags and the state describe. */
function buildService(args: ParsedArgs, state: ExposeState): Service {
  if (state.selector === '') throw new KubectlError('selector must be specified');
  const selector = parseLabels(state.selector);
  const labels = state.labels !== '' ? parseLabels(state.labels) : undefined;
  const name = flagString(args, 'name') || state.defaultName;
  if (name === '') throw new KubectlError('name must be specified');
  const portString = state.ports !== '' ? state.ports : state.port;
  const protocolFlag = flagString(args, 'protocol');
  const ports: ServicePort[] = [];
  if (portString !== '') {
    const list = portString.split(',');
    list.forEach((text, i) => {
      const port = goAtoi(text);
      const portName = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = protocolFlag;
      if (protocol === '') {
        protocol = 'TCP';
        const offered = state.protocols.get(text);
        if (offered && offered.length === 1) {
          protocol = offered[0];
        } else if (offered) {
          // A port offered over several protocols becomes one Service port per protocol.
          for (const p of offered) {
            ports.push({
              name: `port-${i + 1}-${p.toLowerCase()}`,
              port,
              protocol: p as ServicePort['protocol'],
            });
          }
          return;
        }
      }
      ports.push({
        ...(portName ? { name: portName } : {}),
        port,
        protocol: protocol as ServicePort['protocol'],
      });
    });
  }
  const targetPort = flagString(args, 'target-port');
  for (const p of ports) p.targetPort = targetPort !== '' ? intOrString(targetPort) : p.port;
  const spec: ServiceSpec = { selector, ...(ports.length > 0 ? { ports } : {}) };
  const externalIP = flagString(args, 'external-ip');
  if (externalIP !== '') spec.externalIPs = [externalIP];
  const type = flagString(args, 'type');
  if (type !== '') spec.type = type as ServiceSpec['type'];
  const loadBalancerIP = flagString(args, 'load-balancer-ip');
  if (spec.type === 'LoadBalancer' && loadBalancerIP !== '') spec.loadBalancerIP = loadBalancerIP;
  const affinity = flagString(args, 'session-affinity');
  if (affinity !== '') {
    if (affinity !== 'None' && affinity !== 'ClientIP') {
      throw new KubectlError(`unknown session affinity: ${affinity}`);
    }
    spec.sessionAffinity = affinity;
  }
  const clusterIP = flagString(args, 'cluster-ip');
  if (clusterIP !== '') spec.clusterIP = clusterIP;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
    status: { loadBalancer: {} },
  };
}

/** cmdutil's Overrider: `--overrides` JSON applied as a merge, JSON or strategic patch. */
function applyOverrides(args: ParsedArgs, service: Service): Service {
  const overrides = flagString(args, 'overrides');
  if (overrides === '') return service;
  const type = flagString(args, 'override-type');
  const contentType =
    type === 'json'
      ? jsonPatchType
      : type === 'merge'
        ? mergePatchType
        : type === 'strategic'
          ? strategicMergePatchType
          : undefined;
  if (!contentType) throw new KubectlError(`invalid override type: ${type}`);
  let body: unknown;
  try {
    body = JSON.parse(overrides);
  } catch {
    // evanphx/json-patch's errBadJSONPatch, for any fragment that is not JSON.
    throw new KubectlError('Invalid JSON Patch');
  }
  try {
    return applyPatch(service, contentType, body);
  } catch (err) {
    const message = err instanceof StatusError ? err.status.message : undefined;
    throw new KubectlError(message ?? (err as Error).message);
  }
}

/** One object to expose, or why it could not be read. */
type Found = { info: ResourceInfo; object: KubeObject } | { error: unknown };

/** The objects the arguments name (fetched) or `-f` holds (as written), in order. */
async function findObjects(
  ctx: KubectlContext,
  args: ParsedArgs,
  namespace: string,
): Promise<Found[]> {
  const files = flagArray(args, 'filename');
  if (files.length > 0) {
    if (args.positionals.length > 0) {
      throw new KubectlError(`Unexpected args: [${args.positionals.join(' ')}]`);
    }
    const read = await readManifests(ctx, files);
    const found: Found[] = read.objects.map(({ source, object }) => {
      const info = resourceForObject(object);
      return info
        ? { info, object }
        : { error: new KubectlError(mappingError(object, namespace, source)) };
    });
    return [...found, ...read.errors.map((error) => ({ error }))];
  }
  if (args.positionals.length === 0) {
    throw new KubectlError(
      `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`,
    );
  }
  const targets = parseResourceArgs(args.positionals);
  if (targets.some((t) => t.names.length === 0)) {
    throw new KubectlError('resource(s) were provided, but no name was specified');
  }
  const found: Found[] = [];
  for (const { info, names } of targets) {
    for (const name of names) {
      try {
        found.push({
          info,
          object: await ctx.client.get(info, info.namespaced ? namespace : undefined, name),
        });
      } catch (error) {
        found.push({ error });
      }
    }
  }
  return found;
}

/** RunExpose's visitor for one object: builds the Service, then prints or creates it. */
async function exposeOne(
  ctx: KubectlContext,
  args: ParsedArgs,
  state: ExposeState,
  info: ResourceInfo,
  object: KubeObject,
  print: ObjectPrinter,
): Promise<void> {
  const refused = canBeExposed(info);
  if (refused) throw refused;
  state.defaultName = (object.metadata.name ?? '').slice(0, maxNameLength);
  if (state.selector === '') {
    try {
      state.selector = mapBasedSelector(info, object);
    } catch (err) {
      throw new KubectlError(
        `couldn't retrieve selectors via --selector flag or introspection: ${(err as Error).message}`,
      );
    }
  }
  const headless = flagString(args, 'cluster-ip') === 'None';
  if (state.port === '') {
    const ports = portsForObject(info, object);
    if (ports.length === 0 && !headless) {
      throw new KubectlError("couldn't find port via --port flag or introspection");
    }
    if (ports.length === 1) state.port = ports[0];
    else if (ports.length > 1) state.ports = ports.join(',');
  }
  const protocols = protocolsForObject(info, object);
  if (protocols.size > 0) state.protocols = protocols;
  if (state.labels === '') state.labels = makeLabels(object.metadata.labels);

  const service = applyOverrides(args, buildService(args, state));
  const dryRun = dryRunOf(args);
  const namespace = namespaceOf(ctx, args);
  if (dryRun === 'client') {
    if (args.given.has('namespace')) service.metadata.namespace = namespace;
    ctx.stdout.write(print(service, objectRef(services, service.metadata.name ?? '')));
    return;
  }
  const body = flagBool(args, 'save-config') ? withLastApplied(service, undefined) : service;
  const created = await createAt(ctx, collectionPath(services, namespace), body, dryRun);
  ctx.stdout.write(print(created, objectRef(services, created.metadata.name ?? '')));
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  const dryRun = dryRunOf(args);
  const print = await objectPrinter(ctx, args, 'exposed', dryRun);
  const namespace = namespaceOf(ctx, args);
  const found = await findObjects(ctx, args, namespace);
  const state: ExposeState = {
    selector: flagString(args, 'selector'),
    port: flagString(args, 'port'),
    ports: '',
    protocols: new Map(),
    labels: flagString(args, 'labels'),
    defaultName: '',
  };
  const errors: unknown[] = [];
  for (const item of found) {
    if ('error' in item) {
      errors.push(item.error);
      continue;
    }
    try {
      await exposeOne(ctx, args, state, item.info, item.object, print);
    } catch (err) {
      errors.push(err);
    }
  }
  for (const err of errors) ctx.stderr.write(`${formatError(err)}\n`);
  return errors.length > 0 ? 1 : 0;
}

register({
  path: ['expose'],
  short:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  examples: `  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
  kubectl expose pod valid-pod --port=444 --name=frontend

  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https

  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000
  kubectl expose rs nginx --port=80 --target-port=8000

  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
  kubectl expose deployment nginx --port=80 --target-port=8000`,
  flags: [
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      usage: 'Filename, directory, or URL to files identifying the resource to expose a service',
    },
    {
      name: 'protocol',
      type: 'string',
      usage: "The network protocol for the service to be created. Default is 'TCP'.",
    },
    {
      name: 'port',
      type: 'string',
      usage:
        'The port that the service should serve on. Copied from the resource being exposed, if unspecified',
    },
    {
      name: 'type',
      type: 'string',
      usage:
        "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
    },
    {
      name: 'load-balancer-ip',
      type: 'string',
      usage:
        'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).',
    },
    {
      name: 'selector',
      type: 'string',
      usage:
        'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the resource being exposed.',
    },
    {
      name: 'labels',
      short: 'l',
      type: 'string',
      usage: 'Labels to apply to the service created by this call.',
    },
    {
      name: 'target-port',
      type: 'string',
      usage:
        'Name or number for the port on the container that the service should direct traffic to. Optional.',
    },
    {
      name: 'external-ip',
      type: 'string',
      usage:
        'Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.',
    },
    { name: 'name', type: 'string', usage: 'The name for the newly created object.' },
    {
      name: 'session-affinity',
      type: 'string',
      usage:
        "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
    },
    {
      name: 'cluster-ip',
      type: 'string',
      usage:
        "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.",
    },
    {
      name: 'overrides',
      type: 'string',
      usage:
        'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.',
    },
    {
      name: 'override-type',
      type: 'string',
      default: 'merge',
      usage: 'The method used to override the generated object: json, merge, or strategic.',
    },
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-expose',
      usage: 'Name of the manager used to track field ownership.',
    },
    {
      name: 'save-config',
      type: 'bool',
      usage:
        'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.',
    },
    dryRunFlag,
    objectOutputFlag,
  ],
  run,
});
