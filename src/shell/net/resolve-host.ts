/**
 * Name resolution on the learner's machine: `localhost` is the page's own ports, IPv4
 * addresses are themselves, `/etc/hosts` in the workspace (as the Ingress tutorials edit it)
 * names addresses, and cluster DNS names written out in full (`web.default.svc.cluster.local`,
 * `web.default.svc`) are looked up as their Service's ClusterIP, as if the machine used the
 * cluster's DNS. A bare Service name (`web`) does not resolve, as on a real machine.
 */
import type { ShellHost } from '../host.ts';
import type { Workspace } from '../workspace.ts';

export type Resolved = { kind: 'local' } | { kind: 'ip'; ip: string } | { kind: 'unresolved' };

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether `host` is written as an IPv4 address. */
export function isIPv4(host: string): boolean {
  const m = ipv4.exec(host);
  return !!m && m.slice(1).every((n) => Number(n) <= 255);
}

/** `/etc/hosts`' address for a name. */
function fromHostsFile(workspace: Workspace, name: string): string | undefined {
  const text = workspace.read('/etc/hosts') ?? '';
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && names.some((n) => n.toLowerCase() === name)) return address;
  }
  return undefined;
}

export async function resolveHost(
  host: string,
  workspace: Workspace,
  shell: ShellHost,
): Promise<Resolved> {
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (
    name === 'localhost' ||
    name === '::1' ||
    name === '0.0.0.0' ||
    (isIPv4(name) && name.startsWith('127.'))
  )
    return { kind: 'local' };
  if (isIPv4(name)) return { kind: 'ip', ip: name };
  const listed = fromHostsFile(workspace, name);
  if (listed)
    return listed === '127.0.0.1' || listed === '::1'
      ? { kind: 'local' }
      : { kind: 'ip', ip: listed };
  const service = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?$/.exec(name);
  if (service) {
    const response = await shell.api({
      verb: 'GET',
      path: `/api/v1/namespaces/${service[2]}/services/${service[1]}`,
    });
    const ip = (response.body as { spec?: { clusterIP?: string } } | undefined)?.spec?.clusterIP;
    if (response.status === 200 && ip && ip !== 'None') return { kind: 'ip', ip };
  }
  return { kind: 'unresolved' };
}
