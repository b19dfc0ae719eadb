import type { Node } from '../../kernel/types/core.ts';
import { displayWidth } from './ascii-table.ts';
import type { CommandContext, ShellCommand } from './command.ts';

/** The node image kind runs each node from. */
const nodeImage = 'kindest/node:v1.34.0';
/** The container's command as `docker ps` shows it (quoted and cut at 20 characters). */
const nodeCommand = '"/usr/local/bin/entr…"';
/** Where kind publishes the control plane's API server on the host. */
const apiServerPort = '127.0.0.1:40261->6443/tcp';

/**
 * `docker ps|stop|kill|start|restart` over the nodes, which in kind are docker containers
 * named after them: stopping one is a dead node (its Lease stops, it goes NotReady and its
 * pods are replaced elsewhere), starting it again brings it back.
 */
export const docker: ShellCommand = {
  name: 'docker',
  summary: "Manage the nodes' machines, as kind's docker containers (ps, stop, start, restart)",
  async run(ctx) {
    const [, sub, ...args] = ctx.argv;
    const machines = ctx.session.host.machines;
    if (!sub || sub === '--help' || sub === '-h') {
      ctx.stdout.write(usage);
      return sub ? 0 : 1;
    }
    if (!machines || !['ps', 'stop', 'kill', 'start', 'restart'].includes(sub)) {
      ctx.stderr.write(`docker: '${sub}' is not a docker command.\nSee 'docker --help'\n`);
      return 1;
    }
    if (sub === 'ps') return ps(ctx, args, machines.running(), machines.now());
    const names = args.filter((a) => !a.startsWith('-'));
    if (names.length === 0) {
      ctx.stderr.write(
        `"docker ${sub}" requires at least 1 argument.\nSee 'docker ${sub} --help'.\n\n` +
          `Usage:  docker ${sub} [OPTIONS] CONTAINER [CONTAINER...]\n`,
      );
      return 1;
    }
    const known = new Set((await nodes(ctx)).map((n) => n.metadata.name ?? ''));
    let status = 0;
    for (const name of names) {
      if (!known.has(name)) {
        ctx.stderr.write(`Error response from daemon: No such container: ${name}\n`);
        status = 1;
        continue;
      }
      const running = machines.running().includes(name);
      try {
        if ((sub === 'stop' || sub === 'kill') && running) await machines.kill(name);
        else if (sub === 'restart' || (sub === 'start' && !running)) await machines.start(name);
      } catch (err) {
        ctx.stderr.write(`Error response from daemon: ${(err as Error).message}\n`);
        status = 1;
        continue;
      }
      ctx.stdout.write(`${name}\n`);
    }
    return status;
  },
};

const usage = `
Usage:  docker [OPTIONS] COMMAND

The nodes of this cluster run as kind's docker containers, one per node.

Commands:
  ps          List the nodes' containers (-a: stopped ones too, -q: IDs only)
  stop        Stop one or more nodes' containers
  kill        Kill one or more nodes' containers
  start       Start one or more stopped nodes' containers
  restart     Restart one or more nodes' containers
`;

async function nodes(ctx: CommandContext): Promise<Node[]> {
  const response = await ctx.session.host.api({ verb: 'GET', path: '/api/v1/nodes' });
  return response.status === 200 ? ((response.body as { items: Node[] }).items ?? []) : [];
}

async function ps(
  ctx: CommandContext,
  args: string[],
  running: string[],
  now: number,
): Promise<number> {
  const all = args.includes('-a') || args.includes('--all');
  const quiet = args.includes('-q') || args.includes('--quiet') || args.includes('-aq');
  const rows: string[][] = [];
  // docker lists the newest container first (kind creates the control plane, then the workers).
  const list = (await nodes(ctx)).sort(
    (a, b) =>
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
      (b.metadata.name ?? '').localeCompare(a.metadata.name ?? ''),
  );
  for (const node of list) {
    const name = node.metadata.name ?? '';
    const up = running.includes(name);
    if (!up && !all && !args.includes('-aq')) continue;
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    let status: string;
    if (up) {
      // A node that restarted has been up since it last turned Ready.
      const since = ready?.status === 'True' ? Date.parse(ready.lastTransitionTime ?? '') : NaN;
      status = `Up ${humanDuration(now - (Number.isNaN(since) ? created : since))}`;
    } else {
      const last = Date.parse(ready?.lastHeartbeatTime ?? '') || created;
      status = `Exited (137) ${humanDuration(now - last)} ago`;
    }
    const control = node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
    rows.push([
      containerID(node.metadata.uid ?? name),
      nodeImage,
      nodeCommand,
      `${humanDuration(now - created)} ago`,
      status,
      control && up ? apiServerPort : '',
      name,
    ]);
  }
  if (quiet) {
    for (const row of rows) ctx.stdout.write(`${row[0]}\n`);
    return 0;
  }
  ctx.stdout.write(
    columns([['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], ...rows]),
  );
  return 0;
}

/** docker's table layout (a tabwriter with cells at least 10 wide and 3 spaces of padding). */
function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(10, ...rows.map((r) => displayWidth(r[i] ?? '') + 3)),
  );
  return rows
    .map(
      (row) =>
        row
          .map((cell, i) =>
            i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - displayWidth(cell)),
          )
          .join('') + '\n',
    )
    .join('');
}

/** Twelve hex digits that stay the same for a node (docker's short container ID). */
function containerID(seed: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < seed.length; i++) {
    a = Math.imul(a ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ seed.charCodeAt(seed.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  return (a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')).slice(0, 12);
}

/** docker's HumanDuration: `Less than a second`, `5 seconds`, `About a minute`, `3 hours`... */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}
