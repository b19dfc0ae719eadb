import { StatusError } from '../kernel/api/errors.ts';
import { nodes as nodeResource, pods as podResource } from '../kernel/api/resources.ts';
import type { Clock } from '../kernel/clock/clock.ts';
import type { Client } from '../kernel/client/client.ts';
import { EventRecorder } from '../kernel/client/event-recorder.ts';
import type { Node, Pod } from '../kernel/types/core.ts';
import type { KubeObject } from '../kernel/types/meta.ts';
import type { NetworkFault } from '../workers/node/network/node-network.ts';
import { ChaosMonkey, type ChaosMonkeyOptions } from './chaos-monkey.ts';
import type { NodeFleet } from './node-fleet.ts';

/** The component chaos events are recorded as: the page's own actions, and the monkey's. */
export const chaosComponents = { playground: 'playground', monkey: 'chaos-monkey' } as const;

/** The reasons of the events chaos records (see README, "Chaos"). */
export const chaosReasons = {
  nodeKilled: 'NodeKilled',
  nodeFrozen: 'NodeFrozen',
  nodeUnfrozen: 'NodeUnfrozen',
  nodeRestarted: 'NodeRestarted',
  podKilled: 'PodKilled',
  containerKilled: 'ContainerKilled',
  networkFault: 'NetworkFault',
  networkFaultCleared: 'NetworkFaultCleared',
} as const;

/**
 * Fault injection from the page and the script API (`window.playground.chaos`): kills,
 * freezes and restarts nodes, kills pods and containers, slows or drops a node's connections,
 * and runs a chaos monkey. Every action records an Event through the API (source component
 * `playground`, or `chaos-monkey` for the monkey's kills), so it shows in the page's events
 * and in `kubectl get events`.
 */
export interface Chaos {
  /** Pulls a node's plug: its worker and its containers' workers stop at once. */
  killNode(name: string): Promise<void>;
  /**
   * Partitions a node from the control plane: its kubelet stops reaching the API server (no
   * Lease renewals, no status), while its pods keep running and serving. The node goes
   * Unknown after the grace period and its pods are evicted as for a dead node.
   */
  freezeNode(name: string): Promise<void>;
  /** Heals the partition: what the kubelet missed reaches it and it reports again. */
  unfreezeNode(name: string): Promise<void>;
  /**
   * Reboots a node: its containers die, a new kubelet of the same name registers again and
   * restarts the pods still bound to it. Resolves once it has registered.
   */
  restartNode(name: string): Promise<void>;
  /** Force-deletes a pod (`kubectl delete pod --grace-period=0 --force`). */
  killPod(namespace: string, name: string): Promise<void>;
  /** Kills a running container (exit code 137); its pod's restartPolicy decides what follows. */
  killContainer(namespace: string, pod: string, container: string): Promise<void>;
  /**
   * Delays (`latencyMs`, real time) or drops (`lossPercent`) the connections set up through a
   * node from now on; dropped ones are never answered and time out. Null or zeros clear it.
   */
  setNetworkFault(node: string, fault: NetworkFault | null): Promise<void>;
  /** Starts (or restarts with new options) the chaos monkey; resolves to a function stopping it. */
  chaosMonkey(options: ChaosMonkeyOptions): () => void;
  stopChaosMonkey(): void;
  /** The running monkey's options and kills so far, or undefined when it is not running. */
  chaosMonkeyStatus(): (ChaosMonkeyOptions & { kills: number }) | undefined;
}

export interface ChaosDeps {
  /** The node workers, once the cluster has started. */
  fleet(): Promise<NodeFleet>;
  client: Client;
  /** Cluster time (events' timestamps, the monkey's pace). */
  clock: Clock;
}

/** Builds the chaos actions over the page's node fleet and API client. */
export function createChaos(deps: ChaosDeps): Chaos {
  const events = new EventRecorder(deps.client, deps.clock, chaosComponents.playground);
  const monkeyEvents = events.forComponent(chaosComponents.monkey);
  let monkey: ChaosMonkey | undefined;

  const notRunning = (name: string) => new Error(`node "${name}" is not running`);

  /** The Node object for its events, or a reference by name when it is missing. */
  async function nodeObject(name: string): Promise<KubeObject> {
    try {
      return await deps.client.get<Node>(nodeResource, undefined, name);
    } catch {
      return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } };
    }
  }

  async function nodeEvent(
    name: string,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    await events.record(await nodeObject(name), type, reason, message);
  }

  async function forceDelete(pod: Pod, recorder: EventRecorder, message: string): Promise<void> {
    const node = pod.spec.nodeName ? ` on node ${pod.spec.nodeName}` : '';
    await recorder.record(pod, 'Warning', chaosReasons.podKilled, `${message}${node}`);
    await deps.client.delete(podResource, pod.metadata.namespace, pod.metadata.name ?? '', {
      gracePeriodSeconds: 0,
    });
  }

  const chaos: Chaos = {
    async killNode(name) {
      const fleet = await deps.fleet();
      if (!fleet.kill(name)) throw notRunning(name);
      await nodeEvent(
        name,
        'Warning',
        chaosReasons.nodeKilled,
        `Node ${name} was killed: its worker and its containers stopped at once`,
      );
    },
    async freezeNode(name) {
      const fleet = await deps.fleet();
      if (!(await fleet.setFrozen(name, true))) throw notRunning(name);
      await nodeEvent(
        name,
        'Warning',
        chaosReasons.nodeFrozen,
        `Node ${name} was frozen: its kubelet no longer reaches the API server, its pods keep running`,
      );
    },
    async unfreezeNode(name) {
      const fleet = await deps.fleet();
      if (!(await fleet.setFrozen(name, false))) throw notRunning(name);
      await nodeEvent(
        name,
        'Normal',
        chaosReasons.nodeUnfrozen,
        `Node ${name} was unfrozen: its kubelet reaches the API server again`,
      );
    },
    async restartNode(name) {
      const fleet = await deps.fleet();
      const node = await nodeObject(name);
      const running = fleet.has(name);
      // A killed node whose Node object is left can be started again too.
      if (!running && !node.metadata.resourceVersion)
        throw new Error(`node "${name}" is neither running nor registered`);
      // Recorded first: while the node reboots nobody else says what happened.
      await nodeEvent(
        name,
        'Warning',
        chaosReasons.nodeRestarted,
        running
          ? `Node ${name} was restarted: its containers were killed and its kubelet starts again`
          : `Node ${name} was started again: its kubelet registers and runs the pods bound to it`,
      );
      if (running) {
        if (!(await fleet.restart(name))) throw notRunning(name);
      } else {
        const controlPlane =
          node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
        await fleet.start(name, controlPlane ? 'control-plane' : 'worker');
      }
    },
    async killPod(namespace, name) {
      const pod = await deps.client.get<Pod>(podResource, namespace, name);
      await forceDelete(pod, events, 'Pod was force-deleted (grace period 0)');
    },
    async killContainer(namespace, podName, container) {
      const fleet = await deps.fleet();
      const pod = await deps.client.get<Pod>(podResource, namespace, podName);
      const nodeName = pod.spec.nodeName;
      if (!nodeName) throw new Error(`pod ${podName} does not have a host assigned`);
      const answer = await fleet.killContainer(nodeName, namespace, podName, container);
      if (!answer) throw notRunning(nodeName);
      if ('error' in answer) throw new StatusError(answer.error);
      await events.record(
        pod,
        'Warning',
        chaosReasons.containerKilled,
        `Container ${container} was killed (exit code 137)`,
        { fieldPath: `spec.containers{${container}}` },
      );
    },
    async setNetworkFault(node, fault) {
      const latencyMs = fault?.latencyMs ?? 0;
      const lossPercent = fault?.lossPercent ?? 0;
      if (!Number.isFinite(latencyMs) || latencyMs < 0)
        throw new RangeError(`latencyMs must be 0 or more, not ${String(latencyMs)}`);
      if (!Number.isFinite(lossPercent) || lossPercent < 0 || lossPercent > 100)
        throw new RangeError(`lossPercent must be from 0 to 100, not ${String(lossPercent)}`);
      const active = latencyMs > 0 || lossPercent > 0;
      const fleet = await deps.fleet();
      const applied = active ? { latencyMs, lossPercent } : undefined;
      if (!(await fleet.setNetworkFault(node, applied))) throw notRunning(node);
      if (active) {
        await nodeEvent(
          node,
          'Warning',
          chaosReasons.networkFault,
          `Connections through node ${node} now get ${latencyMs} ms of latency and ${lossPercent}% loss`,
        );
      } else {
        await nodeEvent(
          node,
          'Normal',
          chaosReasons.networkFaultCleared,
          `Connections through node ${node} are no longer delayed or dropped`,
        );
      }
    },
    chaosMonkey(options) {
      const next: ChaosMonkey = new ChaosMonkey(
        {
          clock: deps.clock,
          listPods: async (namespace, labelSelector) =>
            (await deps.client.list<Pod>(podResource, namespace, { labelSelector })).items,
          kill: (pod): Promise<void> =>
            forceDelete(
              pod,
              monkeyEvents,
              `Pod was killed by the chaos monkey (${next.options.podsPerMinute} a minute)`,
            ),
        },
        { ...options },
      );
      monkey?.stop();
      monkey = next;
      next.start();
      return () => {
        next.stop();
        if (monkey === next) monkey = undefined;
      };
    },
    stopChaosMonkey() {
      monkey?.stop();
      monkey = undefined;
    },
    chaosMonkeyStatus() {
      return monkey && { ...monkey.options, kills: monkey.kills };
    },
  };
  return chaos;
}
