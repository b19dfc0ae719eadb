/**
 * The virtual network's wire protocol: how a connection between two programs is set up
 * through the node workers, and what then flows over it directly between the two ends.
 *
 * A connection is one MessageChannel (the data channel). The client's container worker
 * creates it, keeps `port1` and sends `port2` to its node in a `connect` request; the nodes
 * route that port (kube-proxy picks an endpoint, the page's router finds the node that owns
 * the pod IP) to the container listening on the destination port, which keeps it. From then
 * on bytes go straight between the two container workers. Whoever holds the far end while it
 * is in transit may answer on it (`refused`, `error`) instead of passing it on.
 *
 * A terminated worker's ports close silently (MessagePort has no close event in Chromium),
 * so each side's node also holds a reset port per connection (`ControlMessage`): when the
 * node kills a container, it posts `rst` on the reset ports of that container's connections,
 * and the peers see ECONNRESET. A node that dies takes its reset ports with it: peers then
 * hang as they would when a real machine loses power, until their own timeouts.
 */

/**
 * What flows over a data channel, in either direction. Bytes come in either of two forms, in
 * order, and a reader takes both (see post-bytes.ts): a writer picks per write.
 */
export type DataMessage =
  /** Bytes, in order; the buffer is transferred. */
  | ArrayBuffer
  /**
   * Bytes, in order, one character per byte (code units 0-255). Short writes travel so: a
   * string costs a worker less to post and to receive than a transferred buffer, whose
   * backing store must be allocated, detached and swept on both sides.
   */
  | string
  /**
   * The server side accepted the connection into a listener's backlog: connect() returns.
   * Only the client receives it, so the addresses are as the client sees them: `peer` is the
   * server's (`incoming.local`), `local` the client's own (`incoming.peer`).
   */
  | { t: 'ok'; peer: PeerAddress; local: PeerAddress }
  /** Nothing listens on that port (or the Service has no endpoints): ECONNREFUSED. */
  | { t: 'refused' }
  /** Setup failed otherwise: a WASI errno (NOENT for an unknown name, HOSTUNREACH...). */
  | { t: 'error'; errno: number; message: string }
  /** The sender will write no more (shutdown(SHUT_WR) or close): reads end after the buffered bytes. */
  | { t: 'fin' }
  /** The sender aborted the connection: the receiver's reads and writes fail with ECONNRESET. */
  | { t: 'rst' }
  /**
   * The server side's reset port (posted on the server's end by the server's node, before
   * `ok`, while it holds that end in transit): the client listens on it for `rst` as well as
   * on the data channel. The client side's reset port reaches the server in `incoming.ctl`.
   */
  | { t: 'ctl'; port: MessagePort };

/** What a node posts on a reset port. */
export type ControlMessage = { t: 'rst' };

export interface PeerAddress {
  ip: string;
  port: number;
}

/** Container worker → its node, about the network. Ports named `data`/`ctl` are transferred. */
export type ContainerNetRequest =
  /**
   * Open a connection to `host` (a dotted IPv4 address or a DNS name) and `port`. The answer
   * comes on `data`'s other end: `ok`, `refused` or `error` (or never, when a NetworkPolicy
   * drops it: the caller times out). `id` names the connection in `closed`.
   */
  | { type: 'connect'; id: number; host: string; port: number; data: MessagePort }
  /** Start listening on `port` in the pod's network namespace; answered by `listen-result`. */
  | { type: 'listen'; id: number; port: number }
  /** Look `name` up in the cluster DNS; answered by `resolved`. */
  | { type: 'resolve'; id: number; name: string }
  /**
   * The connection `id` has ended on this side (also sent for a `connect` that failed and an
   * `incoming` that was refused): the node may drop its reset port. The container numbers its
   * `connect`s and the node its `incoming`s, so the same id may name one of each: `incoming`
   * says which (true for an id from an `incoming` message).
   */
  | { type: 'closed'; id: number; incoming: boolean };

/** Node → container worker, about the network. */
export type NodeNetMessage =
  /** `errno` 0 when listening; ADDRINUSE when some container of the pod already listens there. */
  | { type: 'listen-result'; id: number; errno: number }
  /**
   * `errno` 0 with the canonical name (`web.default.svc.cluster.local`) and its IPv4
   * addresses; NOENT when the name is unknown.
   */
  | { type: 'resolved'; id: number; errno: number; canonicalName: string; addresses: string[] }
  /**
   * A connection to `local.port`, on which this container listens. Post `ok` (or `refused`
   * when it stopped listening) on `data`; listen on `ctl` (the client's node's reset port)
   * for `rst`. `id` names the connection in `closed`; it is negative, so that it never
   * clashes with the ids the container gives its own `connect` requests (positive).
   */
  | {
      type: 'incoming';
      id: number;
      local: PeerAddress;
      peer: PeerAddress;
      data: MessagePort;
      ctl: MessagePort;
    };

/** WASI errno values the network uses. */
export const Errno = {
  SUCCESS: 0,
  ADDRINUSE: 3,
  AGAIN: 6,
  BADF: 8,
  CONNREFUSED: 14,
  CONNRESET: 15,
  HOSTUNREACH: 23,
  INVAL: 28,
  NOENT: 44,
  NOTCONN: 53,
  NOTSOCK: 57,
  NOTSUP: 58,
  PIPE: 64,
  TIMEDOUT: 73,
} as const;

/**
 * Between a node worker and the page's router (and, through the router, other nodes). Ports
 * are transferred.
 */
export type RouterMessage =
  /**
   * A connection already routed to a pod address `to` (kube-proxy has chosen the endpoint):
   * the router passes it to the node whose pod CIDR holds `to.ip`. `ctl` is the client
   * side's reset port.
   */
  | { type: 'deliver'; from: PeerAddress; to: PeerAddress; data: MessagePort; ctl: MessagePort }
  /**
   * A connection from outside the pod network (the page: a NodePort, a load balancer, a
   * ClusterIP from the terminal) that the receiving node must route as kube-proxy would.
   */
  | { type: 'connect'; from: PeerAddress; to: PeerAddress; data: MessagePort; ctl: MessagePort };
