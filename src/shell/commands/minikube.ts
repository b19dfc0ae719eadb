import type { Node } from '../../kernel/types/core.ts';
import type { Service } from '../../kernel/types/service.ts';
import type { Workspace } from '../workspace.ts';
import { asciiTable } from './ascii-table.ts';
import { untilAborted, type CommandContext, type ShellCommand } from './command.ts';

const version = 'v1.34.0';

interface Addon {
  name: string;
  maintainer: string;
  enabled: boolean;
  images: string[];
}

/** The addons the tutorials use, with the playground's own (always on) marked enabled. */
const addonDefaults = (): Addon[] => [
  {
    name: 'dashboard',
    maintainer: 'Kubernetes',
    enabled: false,
    images: [
      'docker.io/kubernetesui/dashboard:v2.7.0',
      'docker.io/kubernetesui/metrics-scraper:v1.0.8',
    ],
  },
  { name: 'default-storageclass', maintainer: 'Kubernetes', enabled: true, images: [] },
  {
    name: 'ingress',
    maintainer: 'Kubernetes',
    enabled: true,
    images: ['registry.k8s.io/ingress-nginx/controller:v1.11.2'],
  },
  {
    name: 'ingress-dns',
    maintainer: 'minikube',
    enabled: false,
    images: ['gcr.io/k8s-minikube/minikube-ingress-dns:0.0.3'],
  },
  {
    name: 'metrics-server',
    maintainer: 'Kubernetes',
    enabled: false,
    images: ['registry.k8s.io/metrics-server/metrics-server:v0.7.2'],
  },
  { name: 'storage-provisioner', maintainer: 'minikube', enabled: true, images: [] },
];

/** Addon states, per page (the workspace every terminal of the page shares). */
const addonStates = new WeakMap<Workspace, Addon[]>();

function addons(workspace: Workspace): Addon[] {
  let list = addonStates.get(workspace);
  if (!list) addonStates.set(workspace, (list = addonDefaults()));
  return list;
}

async function get<T>(ctx: CommandContext, path: string): Promise<T | undefined> {
  const response = await ctx.session.host.api({ verb: 'GET', path });
  return response.status === 200 ? (response.body as T) : undefined;
}

/** The control-plane node's InternalIP: what `minikube ip` prints. */
export async function minikubeIp(ctx: CommandContext): Promise<string | undefined> {
  const nodes = (await get<{ items: Node[] }>(ctx, '/api/v1/nodes'))?.items ?? [];
  const node =
    nodes.find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ??
    nodes[0];
  return node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

function namespaceFlag(args: string[]): { namespace: string; rest: string[] } {
  const rest: string[] = [];
  let namespace = 'default';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-n' || args[i] === '--namespace') namespace = args[++i] ?? namespace;
    else if (args[i].startsWith('--namespace=')) namespace = args[i].slice(12);
    else if (/^-n.+/.test(args[i])) namespace = args[i].slice(2);
    else rest.push(args[i]);
  }
  return { namespace, rest };
}

async function service(ctx: CommandContext, args: string[]): Promise<number> {
  const { namespace, rest } = namespaceFlag(args);
  const ip = (await minikubeIp(ctx)) ?? '127.0.0.1';
  if (rest[0] === 'list') {
    const all =
      (
        await get<{ items: Service[] }>(
          ctx,
          namespace === 'default' && !args.includes('-n')
            ? '/api/v1/services'
            : `/api/v1/namespaces/${namespace}/services`,
        )
      )?.items ?? [];
    const rows = all.flatMap((s) => {
      const ports = (s.spec?.ports ?? []).filter((p) => p.nodePort);
      if (ports.length === 0)
        return [[s.metadata.namespace ?? '', s.metadata.name ?? '', 'No node port', '']];
      return ports.map((p, i) => [
        i === 0 ? (s.metadata.namespace ?? '') : '',
        i === 0 ? (s.metadata.name ?? '') : '',
        p.name ? `${p.name}/${p.port}` : String(p.port),
        `http://${ip}:${p.nodePort}`,
      ]);
    });
    ctx.stdout.write(asciiTable(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], rows));
    return 0;
  }
  const urlOnly = rest.includes('--url');
  const name = rest.find((a) => !a.startsWith('-'));
  if (!name) {
    ctx.stderr.write('❌  Exiting due to MK_USAGE: You must specify service name(s) or --all\n');
    return 64;
  }
  const svc = await get<Service>(ctx, `/api/v1/namespaces/${namespace}/services/${name}`);
  if (!svc) {
    ctx.stderr.write(
      `\n❌  Exiting due to SVC_NOT_FOUND: Service '${name}' was not found in '${namespace}' namespace.\nYou may select another namespace by using 'minikube service ${name} -n <namespace>'. Or list out all the services using 'minikube service list'\n\n`,
    );
    return 85;
  }
  const ports = (svc.spec?.ports ?? []).filter((p) => p.nodePort);
  if (ports.length === 0) {
    ctx.stderr.write(`😿  service ${namespace}/${name} has no node port\n`);
    return 0;
  }
  const urls = ports.map((p) => `http://${ip}:${p.nodePort}`);
  if (urlOnly) {
    ctx.stdout.write(urls.map((u) => `${u}\n`).join(''));
    return 0;
  }
  const rows = ports.map((p, i) => [
    i === 0 ? namespace : '',
    i === 0 ? name : '',
    p.name ? `${p.name}/${p.port}` : String(p.port),
    urls[i],
  ]);
  ctx.stdout.write(asciiTable(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], rows));
  ctx.stdout.write(`🎉  Opening service ${namespace}/${name} in default browser...\n`);
  const first = ports[0];
  ctx.session.host.page?.({
    kind: 'open',
    url: `/api/v1/namespaces/${namespace}/services/${name}:${first.name || first.port}/proxy/`,
  });
  return 0;
}

function addonCommand(ctx: CommandContext, args: string[]): number {
  const list = addons(ctx.session.workspace);
  const [verb, name] = args;
  if (verb === 'list' || verb === undefined) {
    const rows = list.map((a) => [
      a.name,
      'minikube',
      a.enabled ? 'enabled ✅' : 'disabled',
      a.maintainer,
    ]);
    ctx.stdout.write(asciiTable(['ADDON NAME', 'PROFILE', 'STATUS', 'MAINTAINER'], rows));
    return 0;
  }
  if (verb !== 'enable' && verb !== 'disable') {
    ctx.stderr.write(
      `Error: unknown command "${verb}" for "minikube addons"\nRun 'minikube addons --help' for usage.\n`,
    );
    return 1;
  }
  const addon = list.find((a) => a.name === name);
  if (!name || !addon) {
    ctx.stderr.write(
      `\n❌  Exiting due to MK_ADDON_${verb.toUpperCase()}: run callbacks: ${verb === 'enable' ? 'enabled' : 'disabled'} failed: addon '${name ?? ''}' does not exist\n\n`,
    );
    return 11;
  }
  if (verb === 'disable') {
    addon.enabled = false;
    ctx.stdout.write(`🌑  The '${addon.name}' addon is disabled\n`);
    return 0;
  }
  ctx.stdout.write(
    `💡  ${addon.name} is an addon maintained by ${addon.maintainer}. For any concerns contact minikube on GitHub.\nYou can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n`,
  );
  for (const image of addon.images) ctx.stdout.write(`    ▪ Using image ${image}\n`);
  if (addon.name === 'ingress') ctx.stdout.write('🔎  Verifying ingress addon...\n');
  addon.enabled = true;
  ctx.stdout.write(`🌟  The '${addon.name}' addon is enabled\n`);
  return 0;
}

/**
 * A `minikube` stand-in for what tutorials run once their cluster is up: `ip`, `service NAME
 * --url` (and `service list`), `addons list|enable|disable`, `dashboard` (this page's own
 * cluster view), `status`, `version`, `tunnel`, `kubectl -- ...`, each printing what minikube
 * prints for the playground's cluster.
 */
export const minikube: ShellCommand = {
  name: 'minikube',
  summary: "Tutorials' minikube: minikube ip, minikube service NAME --url, minikube addons list",
  async run(ctx) {
    const [sub, ...args] = ctx.argv.slice(1);
    switch (sub) {
      case 'ip': {
        const ip = await minikubeIp(ctx);
        if (!ip) {
          ctx.stderr.write('❌  Exiting due to GUEST_STATUS: state: unknown state "minikube"\n');
          return 80;
        }
        ctx.stdout.write(`${ip}\n`);
        return 0;
      }
      case 'service':
        return service(ctx, args);
      case 'addons':
        return addonCommand(ctx, args);
      case 'dashboard': {
        const dashboard = addons(ctx.session.workspace).find((a) => a.name === 'dashboard')!;
        if (!dashboard.enabled) {
          ctx.stdout.write('🔌  Enabling dashboard ...\n');
          for (const image of dashboard.images) ctx.stdout.write(`    ▪ Using image ${image}\n`);
          dashboard.enabled = true;
        }
        ctx.stdout.write(
          '🤔  Verifying dashboard health ...\n🚀  Launching proxy ...\n🤔  Verifying proxy health ...\n',
        );
        if (args.includes('--url')) {
          ctx.stdout.write(
            "This playground's dashboard is the page itself: its cluster view shows the nodes, pods and events.\n",
          );
          return 0;
        }
        ctx.stdout.write("🎉  Opening the playground's cluster view in your default browser...\n");
        ctx.session.host.page?.({ kind: 'dashboard' });
        return 0;
      }
      case 'status':
        ctx.stdout.write(
          'minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n',
        );
        return 0;
      case 'version':
        ctx.stdout.write(
          `minikube version: ${version}\ncommit: 210b148df93a80eb872ecbeb7e35281b3c582c61\n`,
        );
        return 0;
      case 'start':
        ctx.stdout.write(
          `😄  minikube ${version} on a browser tab\n✨  Using the playground's cluster (it is already running)\n🏄  Done! kubectl is now configured to use "minikube" cluster and "default" namespace by default\n`,
        );
        return 0;
      case 'stop':
      case 'delete':
      case 'pause':
        ctx.stderr.write(
          `✋  The playground's cluster keeps running; to start over, reload the page with ?memory.\n`,
        );
        return 1;
      case 'kubectl': {
        const rest = args[0] === '--' ? args.slice(1) : args;
        return ctx.session.runArgv(['kubectl', ...rest], ctx, ctx.signal);
      }
      case 'tunnel':
        ctx.stdout.write(
          '✅  Tunnel successfully started\n\n📌  NOTE: Please do not close this terminal as this process must stay alive for the tunnel to be accessible ...\n\n',
        );
        await untilAborted(ctx.signal);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        ctx.stdout.write(
          'minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\nCommands here:\n  ip          Retrieves the IP address of the specified node\n  service     Returns a URL to connect to a service\n  addons      Enable or disable a minikube addon\n  dashboard   Access the Kubernetes dashboard running within the minikube cluster\n  status      Gets the status of a local Kubernetes cluster\n  tunnel      Connect to LoadBalancer services\n  kubectl     Run a kubectl binary matching the cluster version\n  version     Print the version of minikube\n',
        );
        return 0;
      default:
        ctx.stderr.write(
          `Error: unknown command "${sub}" for "minikube"\nRun 'minikube --help' for usage.\n`,
        );
        return 1;
    }
  },
};
