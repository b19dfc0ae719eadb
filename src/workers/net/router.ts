import type { PeerAddress, RouterMessage } from './protocol.ts';

interface AttachedNode {
  name: string;
  internalIP: string;
  network: number;
  size: number;
  port: MessagePort;
}

/** The address the page has on the nodes' network (kind's docker bridge gateway). */
export const hostAddress = '172.18.0.1';

/**
 * The page's part of the virtual network, standing for the wire between machines: each node
 * worker has one port to it; a connection a node has routed to a pod address goes to the node
 * whose pod CIDR holds that address, and a connection the page itself opens (a NodePort, a
 * load balancer, a ClusterIP from the terminal) goes to a node to route as kube-proxy would.
 * Only connection set-up passes through here; the bytes go straight between the two ends.
 * An address no live node holds is silently dropped, as a dead machine's traffic is.
 */
export class NetworkRouter {
  private readonly nodes = new Map<string, AttachedNode>();
  private nextPort = 40000;

  /** Joins a node; returns the port to give its worker (transfer it). */
  attachNode(name: string, podCIDR: string, internalIP: string): MessagePort {
    this.detachNode(name);
    const channel = new MessageChannel();
    const [network, size] = parseCIDR(podCIDR);
    const node = { name, internalIP, network, size, port: channel.port1 };
    channel.port1.onmessage = (event: MessageEvent<RouterMessage>) => this.forward(event.data);
    this.nodes.set(name, node);
    return channel.port2;
  }

  /** The node is gone: connections to its pods go nowhere from now on. */
  detachNode(name: string): void {
    const node = this.nodes.get(name);
    if (!node) return;
    node.port.onmessage = null;
    node.port.close();
    this.nodes.delete(name);
  }

  /** The addresses of the live nodes, in the order they joined. */
  nodeAddresses(): string[] {
    return [...this.nodes.values()].map((node) => node.internalIP);
  }

  /**
   * Opens a connection from the page to `ip:port` (any address: a pod, a ClusterIP, a node's
   * NodePort, a load balancer). The answer comes on the returned data port (`ok`, `refused`,
   * `error`), or never when nothing holds the address; the reset port tells of the far end
   * being killed.
   */
  connect(ip: string, port: number): { data: MessagePort; reset: MessagePort } {
    const data = new MessageChannel();
    const reset = new MessageChannel();
    const from = { ip: hostAddress, port: this.ephemeralPort() };
    const to = { ip, port };
    const podNode = this.nodeForPod(ip);
    const viaNode =
      podNode ?? [...this.nodes.values()].find((n) => n.internalIP === ip) ?? this.anyNode();
    if (!viaNode) return { data: data.port1, reset: reset.port1 };
    const message: RouterMessage = {
      type: podNode ? 'deliver' : 'connect',
      from,
      to,
      data: data.port2,
      ctl: reset.port2,
    };
    viaNode.port.postMessage(message, [data.port2, reset.port2]);
    return { data: data.port1, reset: reset.port1 };
  }

  private forward(message: RouterMessage): void {
    const node = this.nodeForPod(message.to.ip);
    if (!node) {
      dropped(message);
      return;
    }
    node.port.postMessage(message, [message.data, message.ctl]);
  }

  private nodeForPod(ip: string): AttachedNode | undefined {
    const value = ipValue(ip);
    if (value === undefined) return undefined;
    for (const node of this.nodes.values()) {
      if (value >= node.network && value < node.network + node.size) return node;
    }
    return undefined;
  }

  private anyNode(): AttachedNode | undefined {
    return this.nodes.values().next().value;
  }

  private ephemeralPort(): number {
    const port = this.nextPort;
    this.nextPort = port >= 60999 ? 40000 : port + 1;
    return port;
  }
}

/** Nothing answers: the ports are let go and the client's connect times out. */
function dropped(message: { data: MessagePort; ctl: MessagePort; to: PeerAddress }): void {
  message.data.close();
  message.ctl.close();
}

function parseCIDR(cidr: string): [number, number] {
  const [address, bits] = cidr.split('/');
  const value = ipValue(address);
  const prefix = Number(bits);
  if (value === undefined || !(prefix >= 0 && prefix <= 32)) {
    throw new Error(`invalid pod CIDR "${cidr}"`);
  }
  const size = 2 ** (32 - prefix);
  return [value - (value % size), size];
}

function ipValue(ip: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((a, o) => a * 256 + o, 0);
}
