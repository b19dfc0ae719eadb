import type { TrafficCounts } from '../../../src/workers/node/network/node-network.ts';
import { ConnectionError, StreamConnection } from '../../../src/workers/net/connection.ts';
import type { HttpResponse } from '../../../src/workers/net/http-client.ts';
import { Errno } from '../../../src/workers/net/protocol.ts';
/**
 * A Playground for view tests: watches deliver only the events a test pushes, logs answer from
 * a function the test sets, and every action is recorded.
 */
import type { ApiRequest, ApiResponse } from '../../../src/kernel/api/types.ts';
import type { ApplyResult } from '../../../src/kernel/client/apply.ts';
import type { Event, Node, Pod } from '../../../src/kernel/types/core.ts';
import type { KubeObject, WatchEvent, WatchEventType } from '../../../src/kernel/types/meta.ts';
import type { KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import type {
  LogOptions,
  NodeInfo,
  Playground,
  PlaygroundAutoscaler,
  PlaygroundTraffic,
} from '../../../src/ui/playground-api.ts';
import type { Chaos } from '../../../src/ui/chaos.ts';
import type { AutoscalerOptions } from '../../../src/ui/cloud/cluster-autoscaler.ts';
import type { ChaosMonkeyOptions } from '../../../src/ui/chaos-monkey.ts';

export interface LogsCall {
  namespace: string;
  pod: string;
  container?: string;
  options?: LogOptions;
}

export class FakePlayground implements Playground {
  ready: Promise<void>;
  timing: Playground['timing'] = 'kubernetes';
  /** Every chaos call, as `method arg1 arg2...` (objects as JSON). */
  readonly chaosCalls: string[] = [];
  private monkey: ChaosMonkeyOptions | undefined;
  readonly chaos: Chaos = this.fakeChaos();
  /** The autoscaler's switch, recorded: enabled with these options, or undefined when off. */
  autoscalerOptions?: AutoscalerOptions;
  readonly autoscaler: PlaygroundAutoscaler = {
    enable: async (options = {}) => {
      this.autoscalerOptions = options;
    },
    disable: () => {
      this.autoscalerOptions = undefined;
    },
    status: () => ({
      enabled: this.autoscalerOptions !== undefined,
      nodeGroup: 'playground-workers',
      min: this.autoscalerOptions?.min ?? 1,
      max: this.autoscalerOptions?.max ?? 5,
      workers: this.nodes().filter((n) => n.role === 'worker').length,
      scaleUpInProgress: 0,
      scalingDown: [],
      unneeded: [],
    }),
  };
  boot!: () => void;
  fail!: (err: Error) => void;
  readonly watchers = new Map<string, Set<(event: WatchEvent) => void>>();
  readonly killed: string[] = [];
  readonly speeds: number[] = [];
  readonly applied: string[] = [];
  readonly logCalls: LogsCall[] = [];
  workers: NodeInfo[] = [];
  applyResult: (yaml: string) => Promise<ApplyResult[]> = async () => [];
  logsAnswer: (call: LogsCall) => Promise<string> = async () => '';
  addNodeAnswer: () => Promise<string> = async () => 'worker-3';
  readonly kubectlLines: string[] = [];
  kubectlAnswer: (line: string) => Promise<KubectlResult> = async () => ({
    stdout: '',
    stderr: '',
    exitCode: 0,
  });
  private logWaiters: (() => void)[] = [];
  private watchWaiters: (() => void)[] = [];

  constructor() {
    this.ready = new Promise<void>((resolve, reject) => {
      this.boot = resolve;
      this.fail = reject;
    });
  }

  async request(_request: ApiRequest): Promise<ApiResponse> {
    return { status: 404, body: {} };
  }

  async apply(yaml: string): Promise<ApplyResult[]> {
    this.applied.push(yaml);
    return this.applyResult(yaml);
  }

  async watch(request: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<() => void> {
    await this.ready;
    let set = this.watchers.get(request.path);
    if (!set) this.watchers.set(request.path, (set = new Set()));
    set.add(onEvent);
    for (const wake of this.watchWaiters.splice(0)) wake();
    return () => set.delete(onEvent);
  }

  setSpeed(speed: number): Promise<void> {
    this.speeds.push(speed);
    const action = Promise.resolve();
    this.actions.push(action);
    return action;
  }

  /** Set to make killNode reject. */
  killError: Error | undefined;
  /** The actions (kill, add) started so far, for `idle`. */
  private readonly actions: Promise<unknown>[] = [];

  /** Resolves once every action started so far has settled and the view has seen the outcome. */
  async idle(): Promise<void> {
    await Promise.allSettled(this.actions);
  }

  async logs(
    namespace: string,
    pod: string,
    container?: string,
    options?: LogOptions,
  ): Promise<string> {
    const call = { namespace, pod, container, options };
    this.logCalls.push(call);
    for (const wake of this.logWaiters.splice(0)) wake();
    return this.logsAnswer(call);
  }

  /** Resolves once `logs` has been called `count` times in all. */
  async logsCalled(count: number): Promise<void> {
    while (this.logCalls.length < count) {
      await new Promise<void>((resolve) => this.logWaiters.push(resolve));
    }
  }

  killNode(name: string): Promise<void> {
    const action = (async () => {
      this.killed.push(name);
      if (this.killError) throw this.killError;
      this.workers = this.workers.filter((w) => w.name !== name);
    })();
    this.actions.push(action);
    return action;
  }

  addNode(): Promise<string> {
    const action = this.addNodeAnswer();
    this.actions.push(action);
    return action;
  }

  nodes(): NodeInfo[] {
    return this.workers;
  }

  clusterTime(): number {
    return Date.now();
  }

  /** Connection counts a test sets, as traffic() reports them. */
  trafficCounts: TrafficCounts = { pods: {}, services: {} };

  traffic(): Promise<PlaygroundTraffic> {
    return Promise.resolve({ page: { opened: {}, failed: {} }, ...this.trafficCounts });
  }

  /** What exportBundle answers; imported bundles are recorded in `imported`. */
  bundle = '';
  readonly imported: string[] = [];

  exportBundle(): Promise<string> {
    return Promise.resolve(this.bundle);
  }

  importBundle(yaml: string): Promise<ApplyResult[]> {
    this.imported.push(yaml);
    return this.apply(yaml);
  }

  shareLink(page = 'http://localhost/'): Promise<string> {
    return Promise.resolve(`${page}#bundle=fake`);
  }

  private fakeChaos(): Chaos {
    const record = (name: string, ...args: unknown[]) => {
      const call = [name, ...args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))];
      this.chaosCalls.push(call.join(' '));
      const action = Promise.resolve();
      this.actions.push(action);
      return action;
    };
    return {
      killNode: (name) => this.killNode(name),
      freezeNode: (name) => record('freezeNode', name),
      unfreezeNode: (name) => record('unfreezeNode', name),
      restartNode: (name) => record('restartNode', name),
      killPod: (ns, name) => record('killPod', ns, name),
      killContainer: (ns, pod, c) => record('killContainer', ns, pod, c),
      setNetworkFault: (node, fault) => record('setNetworkFault', node, fault),
      chaosMonkey: (options) => {
        void record('chaosMonkey', options);
        this.monkey = { ...options };
        return () => (this.monkey = undefined);
      },
      stopChaosMonkey: () => {
        void record('stopChaosMonkey');
        this.monkey = undefined;
      },
      chaosMonkeyStatus: () => this.monkey && { ...this.monkey, kills: 0 },
    };
  }

  /** No network here: a connection that is never answered. */
  connect(): Promise<StreamConnection> {
    const data = new MessageChannel();
    const reset = new MessageChannel();
    return Promise.resolve(new StreamConnection(data.port1, reset.port1));
  }

  /** Delivers one watch event to every watcher of `path`. */
  push(path: string, type: WatchEventType, object: KubeObject): void {
    for (const onEvent of this.watchers.get(path) ?? []) onEvent({ type, object });
  }

  /** Resolves once something watches each of `paths`. */
  async watching(paths = ['/api/v1/nodes', '/api/v1/pods', '/api/v1/events']): Promise<void> {
    while (!paths.every((p) => (this.watchers.get(p)?.size ?? 0) > 0)) {
      await new Promise<void>((resolve) => this.watchWaiters.push(resolve));
    }
  }

  /** Records the line (words from the terminal's shell joined after `kubectl`). */
  kubectl(line: string | readonly string[]): Promise<KubectlResult> {
    const text = typeof line === 'string' ? line : ['kubectl', ...line].join(' ');
    this.kubectlLines.push(text);
    return this.kubectlAnswer(text);
  }

  /** Nothing listens on the page's localhost here. */
  localHttp(): Promise<HttpResponse> {
    return Promise.reject(new ConnectionError(Errno.CONNREFUSED, 'Connection refused'));
  }
}

/** A time `seconds` before now (now when called, so a slow earlier test cannot age it). */
export const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

export function node(
  name: string,
  opts: {
    role?: string;
    ready?: 'True' | 'False' | 'Unknown';
    taints?: { key: string; value?: string; effect: 'NoSchedule' | 'NoExecute' }[];
    unschedulable?: boolean;
  } = {},
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: opts.role ? { [`node-role.kubernetes.io/${opts.role}`]: '' } : {},
    },
    spec: {
      ...(opts.taints ? { taints: opts.taints } : {}),
      ...(opts.unschedulable ? { unschedulable: true } : {}),
    },
    status: opts.ready ? { conditions: [{ type: 'Ready', status: opts.ready }] } : {},
  };
}

export function runningPod(name: string, nodeName: string, extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: ago(60) },
    spec: { nodeName, containers: [{ name: 'ticker', image: 'ticker:1.0' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'ticker',
          ready: true,
          restartCount: 0,
          image: 'ticker:1.0',
          imageID: '',
          state: { running: { startedAt: ago(50) } },
        },
      ],
    },
    ...extra,
  };
}

export function event(name: string, seconds: number, extra: Partial<Event> = {}): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'ticker-abc', namespace: 'default' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/ticker-abc to worker-1',
    type: 'Normal',
    firstTimestamp: ago(seconds),
    lastTimestamp: ago(seconds),
    count: 1,
    ...extra,
  };
}
