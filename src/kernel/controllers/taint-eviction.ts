import { isNotFound } from '../api/errors.ts';
import { nodes, pods } from '../api/resources.ts';
import { rfc3339, type Clock } from '../clock/clock.ts';
import type { Timing } from '../clock/presets.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { objectKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Node, Pod, Taint, Toleration } from '../types/core.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { toleratesTaint } from '../util/tolerations.ts';
import { updatePodCondition, updatePodStatus } from './node-lifecycle-pods.ts';

const podsByNode = 'taint-eviction/node-name';

/**
 * Whether every taint is tolerated, and the tolerations used (the first one matching each
 * taint), as GetMatchingTolerations decides.
 */
export function matchingTolerations(
  taints: Taint[],
  tolerations: Toleration[],
): { tolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { tolerated: false, used: [] };
    used.push(match);
  }
  return { tolerated: true, used };
}

/**
 * The shortest tolerationSeconds among the used tolerations; tolerations without one last
 * forever, so -1 means no eviction at all; 0 or less evicts at once.
 */
export function minTolerationSeconds(used: Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return Number.isFinite(min) ? min : -1;
}

function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

interface ScheduledEviction {
  uid?: string;
  /** When the controller first saw the pod needing eviction: tolerationSeconds count from here. */
  start: number;
}

/**
 * The taint eviction controller (taint-eviction-controller): deletes pods from nodes with
 * NoExecute taints. A pod that does not tolerate every such taint is deleted at once; one
 * that tolerates them all for at most tolerationSeconds is deleted that many declared seconds
 * after the controller first saw it on the tainted node (cancelled if the taints go first);
 * one that tolerates them for ever stays. Each eviction is a graceful DELETE after setting the
 * pod's DisruptionTarget condition, announced by a `TaintManagerEviction` event.
 */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly workers = 4;
  private client!: Client;
  private clock!: Clock;
  private timing!: Timing;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private podInformer!: Informer<Pod>;
  private nodeInformer!: Informer<Node>;
  private readonly scheduled = new Map<string, ScheduledEviction>();

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.clock = context.clock;
    this.timing = context.timing;
    this.queue = context.queue;
    this.events = context.events;
    this.podInformer = context.informers.for<Pod>(pods);
    this.nodeInformer = context.informers.for<Node>(nodes);
    this.podInformer.addIndex(podsByNode, (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    this.podInformer.addEventHandler({
      add: (pod) => this.queue.add(objectKey(pod)),
      update: (old, pod) => {
        const same =
          old.spec.nodeName === pod.spec.nodeName &&
          JSON.stringify(old.spec.tolerations ?? []) === JSON.stringify(pod.spec.tolerations ?? []);
        if (!same) this.queue.add(objectKey(pod));
      },
      delete: (pod) => this.queue.add(objectKey(pod)),
    });
    const nodeChanged = (old: Node | undefined, node: Node) => {
      if (old && JSON.stringify(noExecuteTaints(old)) === JSON.stringify(noExecuteTaints(node)))
        return;
      for (const pod of this.podInformer.byIndex(podsByNode, node.metadata.name ?? '')) {
        this.queue.add(objectKey(pod));
      }
    };
    this.nodeInformer.addEventHandler({
      add: (node) => nodeChanged(undefined, node),
      update: nodeChanged,
      delete: (node) => nodeChanged(undefined, node),
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const pod = this.podInformer.getByKey(key);
    const nodeName = pod?.spec.nodeName;
    const taints = nodeName ? noExecuteTaints(this.nodeInformer.get(undefined, nodeName)) : [];
    if (!pod || taints.length === 0) {
      this.cancel(key);
      return;
    }
    // Already being deleted: a second delete would change nothing.
    if (pod.metadata.deletionTimestamp) {
      this.scheduled.delete(key);
      return;
    }
    const { tolerated, used } = matchingTolerations(taints, pod.spec.tolerations ?? []);
    if (!tolerated) {
      this.cancel(key);
      await this.evict(pod);
      return;
    }
    const seconds = minTolerationSeconds(used);
    if (seconds < 0) {
      this.cancel(key);
      return;
    }
    const now = this.clock.now();
    let scheduled = this.scheduled.get(key);
    if (!scheduled || scheduled.uid !== pod.metadata.uid) {
      scheduled = { uid: pod.metadata.uid, start: now };
      this.scheduled.set(key, scheduled);
    }
    const fireAt = scheduled.start + seconds * this.timing.declaredSecond;
    if (now < fireAt) return { requeueAfter: fireAt - now };
    this.scheduled.delete(key);
    await this.evict(pod);
  }

  /** Forgets a pending eviction, telling the pod's events when one was scheduled. */
  private cancel(key: string): void {
    if (!this.scheduled.delete(key)) return;
    const slash = key.indexOf('/');
    void this.events.record(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { namespace: key.slice(0, slash), name: key.slice(slash + 1) },
      },
      'Normal',
      'TaintManagerEviction',
      `Cancelling deletion of Pod ${key}`,
    );
  }

  private async evict(pod: Pod): Promise<void> {
    const { namespace = '', name = '' } = pod.metadata;
    void this.events.record(
      { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } },
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${namespace}/${name}`,
    );
    const now = rfc3339(this.clock.now());
    const live = await updatePodStatus(this.client, namespace, name, (p) =>
      updatePodCondition(
        p.status!,
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
        },
        now,
      ),
    );
    if (!live) return;
    try {
      await this.client.delete(pods, namespace, name, {
        preconditions: { uid: live.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
