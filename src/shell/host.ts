/**
 * What the shell needs from the page it runs in, injected so the shell itself has no DOM and
 * can be tested with a fake: kubectl, the API server, the cluster network as seen from the
 * learner's machine, the page's localhost ports, time, and a few page actions.
 */
import type { ApiRequest, ApiResponse } from '../kernel/api/types.ts';
import type { StreamConnection } from '../workers/net/connection.ts';
import type { HttpRequest, HttpResponse } from '../workers/net/http-client.ts';

/** A kubectl run's streams, as the shell gives them. */
export interface KubectlIo {
  /** What was piped or redirected in, when the command line reads `-f -` or `/dev/stdin`. */
  stdin?: string;
  /** What is typed at the terminal while it runs, for `exec -i`/`run -i` from a terminal. */
  input?: AsyncIterable<string>;
  /** A workspace file named by `-f` (relative to the shell's directory), undefined if none. */
  readFile(path: string): Promise<string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborted by Ctrl-C (or `kill`): `-w`, `logs -f`, `proxy` and `port-forward` end. */
  signal: AbortSignal;
  /** Whether stdout is the terminal (`kubectl run -it` attaches only then). */
  terminal: boolean;
}

/** Something the shell asks the page to show. */
export type PageAction =
  | { kind: 'dashboard' }
  /** A URL of the page (a Service's proxy path, `/localhost:8001/...`) to open in a tab. */
  | { kind: 'open'; url: string };

export interface ShellHost {
  /** Runs kubectl with its words (without the leading `kubectl`); resolves to its exit code. */
  kubectl(words: string[], io: KubectlIo): Promise<number>;
  /** One request to the API server (for `minikube`, and for resolving cluster DNS names). */
  api(request: ApiRequest): Promise<ApiResponse>;
  /** Opens a TCP connection from the learner's machine to `ip:port` in the cluster network. */
  connect(ip: string, port: number): Promise<StreamConnection>;
  /**
   * One HTTP exchange with a port of the page's localhost (`kubectl port-forward`, `kubectl
   * proxy`); rejects with a ConnectionError (ECONNREFUSED) when nothing listens there.
   */
  localHttp(port: number, request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  /** Resolves after `ms` of real time, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The wall clock (`date`, `watch`'s header), in milliseconds. */
  now(): number;
  /** The terminal's width in columns. */
  columns(): number;
  /** Shows something on the page (`minikube dashboard`, `minikube service`). */
  page?(action: PageAction): void;
  /** The machines the nodes run on, as kind's docker containers (`docker stop NODE`). */
  machines?: NodeMachines;
}

/**
 * The cluster's nodes as the machines under them: in kind each node is a docker container
 * named after it, so `docker stop playground-worker` is how a learner kills a node.
 */
export interface NodeMachines {
  /** The names of the nodes whose machines run now. */
  running(): string[];
  /** The cluster's time now (ms): Node timestamps are written in it, not in the wall clock's. */
  now(): number;
  /** Stops a node's machine at once: its kubelet and its containers are gone. */
  kill(name: string): Promise<void>;
  /** Starts a stopped node's machine again, or reboots a running one. */
  start(name: string): Promise<void>;
}
