import { FakeClock } from '../src/kernel/clock/fake-clock.ts';
import { SchedulerCache } from '../src/kernel/scheduler/cache.ts';
import { Framework } from '../src/kernel/scheduler/framework-runtime.ts';
import { PodInfo } from '../src/kernel/scheduler/pod-info.ts';
import { defaultRegistry } from '../src/kernel/scheduler/plugins/default-registry.ts';
import { defaultProfile } from '../src/kernel/scheduler/profile.ts';
import { SchedulingQueue } from '../src/kernel/scheduler/queue.ts';
import { SchedulingAlgorithm } from '../src/kernel/scheduler/scheduling-algorithm.ts';
import type { Node, Pod } from '../src/kernel/types/core.ts';

/**
 * Scheduling decisions per second of the core algorithm: 10,000 pending pods over 1,000 nodes
 * in 3 zones, through the queue, the default profile's plugins (adaptive
 * percentageOfNodesToScore: 420 of 1,000 nodes searched) and assume in the cache — without the
 * API server. "rs" pods belong to 100 ReplicaSets, so default topology spreading is at work;
 * "bare" pods have no owner; "anti" pods (fewer: it is quadratic) carry required hostname
 * anti-affinity against their own app.
 */
export const name = 'scheduler';

const NODES = 1_000;
const PODS = 10_000;
const ANTI_PODS = 2_000;
const ZONES = 3;
const OWNERS = 100;
const ROUNDS = 3;

function makeNodes(): Node[] {
  return Array.from({ length: NODES }, (_, i) => ({
    metadata: {
      name: `node-${i}`,
      uid: `node-uid-${i}`,
      labels: {
        'kubernetes.io/hostname': `node-${i}`,
        'topology.kubernetes.io/zone': `zone-${i % ZONES}`,
      },
    },
    spec: {},
    status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' } },
  }));
}

type Kind = 'rs' | 'bare' | 'anti';

function makePods(kind: Kind, count: number): Pod[] {
  return Array.from({ length: count }, (_, i) => {
    const owner = `rs-${i % OWNERS}`;
    const app = `app-${i % OWNERS}`;
    return {
      metadata: {
        name: `pod-${i}`,
        namespace: 'default',
        uid: `pod-uid-${i}`,
        labels: { app },
        ...(kind === 'bare'
          ? {}
          : {
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'ReplicaSet',
                  name: owner,
                  uid: owner,
                  controller: true,
                },
              ],
            }),
      },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'hello:1.0',
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
          },
        ],
        ...(kind === 'anti'
          ? {
              affinity: {
                podAntiAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [
                    {
                      labelSelector: { matchLabels: { app } },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  ],
                },
              },
            }
          : {}),
      },
    };
  });
}

/** Schedules every pod once; returns decisions per second and nodes evaluated per decision. */
function once(kind: Kind, count: number): { perSec: number; evaluated: number } {
  const clock = new FakeClock();
  const cache = new SchedulerCache();
  for (const node of makeNodes()) cache.addNode(node);
  const framework = new Framework(defaultProfile, defaultRegistry, {
    snapshot: cache,
    namespaceLabels: () => undefined,
  });
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const algorithm = new SchedulingAlgorithm(framework, cache, random);
  const queue = new SchedulingQueue({ clock });
  const pods = makePods(kind, count);
  let scheduled = 0;
  let evaluated = 0;
  const started = performance.now();
  for (const pod of pods) queue.add(new PodInfo(pod));
  for (let q = queue.popNow(); q; q = queue.popNow()) {
    const outcome = algorithm.schedule(q.podInfo);
    if (!outcome.ok) throw new Error(`${q.podInfo.name}: ${outcome.message}`);
    cache.assumePod(q.podInfo, outcome.nodeName);
    queue.done(q.podInfo.key);
    scheduled++;
    evaluated += outcome.evaluatedNodes;
  }
  const seconds = (performance.now() - started) / 1000;
  if (scheduled !== count) throw new Error(`scheduled ${scheduled} of ${count}`);
  for (const node of cache.nodes) {
    if (node.requested.milliCPU > node.allocatable.milliCPU)
      throw new Error(`${node.name} overcommitted`);
  }
  return { perSec: Math.round(count / seconds), evaluated: Math.round(evaluated / count) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(kind: Kind, count: number): { perSec: number; evaluated: number } {
  const runs = Array.from({ length: ROUNDS }, () => once(kind, count));
  return { perSec: median(runs.map((r) => r.perSec)), evaluated: runs[0].evaluated };
}

export async function run(): Promise<Record<string, number>> {
  const rs = measure('rs', PODS);
  const bare = measure('bare', PODS);
  const anti = measure('anti', ANTI_PODS);
  return {
    scheduler_pods_per_sec: rs.perSec,
    scheduler_nodes_evaluated_per_pod: rs.evaluated,
    scheduler_bare_pods_per_sec: bare.perSec,
    scheduler_anti_affinity_pods_per_sec: anti.perSec,
  };
}
