import type { Clock } from '../clock/clock.ts';
import type { Client } from '../client/client.ts';

/** Where a command writes: stdout and stderr, as text arriving over time (for `-w`, `-f`). */
export interface Output {
  write(text: string): void;
}

/** kubectl's kubeconfig, reduced to what the playground has: one cluster, a current namespace. */
export interface KubeConfig {
  namespace: string;
}

export interface LogRequest {
  namespace: string;
  pod: string;
  container?: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  /** argv of the process, command[0] first. */
  command: string[];
  /** Aborting it (Ctrl-C) kills the process. */
  signal?: AbortSignal;
  /** With `-i`: the process's standard input, as it is typed; its end closes the input. */
  stdin?: AsyncIterable<string>;
  /** With `-t` on a terminal: the process's standard input is a terminal (a shell prompts). */
  tty?: boolean;
}

export interface PortForwardRequest {
  namespace: string;
  pod: string;
  /** Local port (0: any free one) → port in the pod. */
  ports: { local: number; remote: number }[];
  /** Stops forwarding and frees the local ports (Ctrl-C). */
  signal?: AbortSignal;
  /** Each connection accepted on a local port (kubectl prints `Handling connection for N`). */
  onConnection(localPort: number): void;
}

/** A requested forward as bound: `error` (`address already in use`) when its port was taken. */
export interface PortForwardBinding {
  local: number;
  remote: number;
  error?: string;
}

export interface ProxyRequest {
  /** Local port to serve on (0: any free one). */
  port: number;
  /** The address asked for (`127.0.0.1` unless `--address`). */
  address: string;
  /** Requests are served under this path (`--api-prefix`, `/` by default). */
  apiPrefix: string;
  /** kubectl's request filter: whether a request may pass (`--accept-paths`, `--reject-methods`...). */
  accept(method: string, path: string, host: string): boolean;
  /** Stops serving and frees the port (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * What a kubectl command runs with. Everything goes through `client` (the API server), except
 * what a real kubectl also gets from elsewhere: container logs (the kubelet), files for `-f`.
 */
export interface KubectlContext {
  client: Client;
  clock: Clock;
  config: KubeConfig;
  stdout: Output;
  stderr: Output;
  /** Aborted by Ctrl-C: a `-w` or `-f` stops and the command returns. */
  signal?: AbortSignal;
  /** Reads a file named by `-f` (the terminal's workspace), or undefined when there is none. */
  readFile?(path: string): Promise<string | undefined>;
  /** Text piped to the command, for `-f -`. */
  stdin?: string;
  /**
   * Input typed while the command runs (an interactive terminal), for `exec -i`/`run -i`;
   * when set, stdin is a terminal (`-t` is honoured).
   */
  input?: AsyncIterable<string>;
  /** A container's log, or rejects with kubectl's message. */
  logs?(request: LogRequest): Promise<string>;
  /**
   * Runs a process in a container (`kubectl exec`), passing its output on as it is written;
   * resolves to its exit code, or rejects with what kubectl prints (a StatusError for API
   * errors, an Error with kubectl's message otherwise).
   */
  exec?(
    request: ExecRequest,
    onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
  ): Promise<{ exitCode: number }>;
  /**
   * Binds local ports that forward to a pod's ports (`kubectl port-forward`); resolves to the
   * ports bound (with any chosen for 0) once they listen, or rejects with the bind error. The
   * forwarding runs until the request's signal aborts.
   */
  portForward?(request: PortForwardRequest): Promise<PortForwardBinding[]>;
  /**
   * Serves the API server on a local port (`kubectl proxy`): requests that pass the filter go
   * to the API server (so `/api/v1/namespaces/NS/pods/NAME:PORT/proxy/` reaches the pod);
   * resolves to the port once it listens, or rejects with the bind error
   * (`address already in use`). Serving runs until the request's signal aborts.
   */
  proxy?(request: ProxyRequest): Promise<{ port: number }>;
  /**
   * Sends `input` to the standard input of a running container that keeps one open
   * (`kubectl run -i`); resolves once attached, rejects with the kubelet's error.
   */
  attach?(request: {
    namespace: string;
    pod: string;
    container: string;
    input: AsyncIterable<string>;
    signal?: AbortSignal;
  }): Promise<void>;
  /** Opens the page's YAML editor on a document (`kubectl edit`); resolves to the edited text, or undefined if cancelled. */
  edit?(yaml: string): Promise<string | undefined>;
}

/** A writer that collects text (and may pass each piece on), for `kubectl(line)` results and tests. */
export class Collector implements Output {
  text = '';
  constructor(private readonly forward?: (text: string) => void) {}
  write(text: string): void {
    this.text += text;
    this.forward?.(text);
  }
}
