import { expect } from '@esm-bundle/chai';
import { deployments, pods } from '../../../src/kernel/api/resources.ts';
import type { Pod, PodStatus } from '../../../src/kernel/types/core.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startKubectl } from '../../helpers/kubectl.ts';

/** A pod of Deployment `web`, created in order (each a second after the one before). */
interface PodSpec {
  name: string;
  node?: boolean;
  phase: string;
  /** Seconds after the start when its Ready condition turned True; absent: not ready. */
  readyAt?: number;
  restarts?: number;
}

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();

function status(p: PodSpec): PodStatus {
  return {
    phase: p.phase,
    conditions: [
      p.readyAt === undefined
        ? { type: 'Ready', status: 'False' }
        : { type: 'Ready', status: 'True', lastTransitionTime: at(p.readyAt) },
    ],
    containerStatuses: [
      {
        name: 'app',
        image: 'busybox',
        imageID: '',
        ready: p.readyAt !== undefined,
        restartCount: p.restarts ?? 0,
      },
    ],
  } as PodStatus;
}

/**
 * `kubectl exec deploy/web` picks the pod kubectl's AttachablePodForObject picks: the first of
 * sort.Reverse(podutils.ActivePods).
 */
describe('kubectl exec TYPE/NAME: which pod of the workload', () => {
  const cases: { name: string; pods: PodSpec[]; picks: string }[] = [
    {
      name: 'a pod on a node before one not scheduled yet',
      pods: [
        { name: 'unassigned', node: false, phase: 'Pending' },
        { name: 'assigned', phase: 'Pending' },
      ],
      picks: 'assigned',
    },
    {
      name: 'Running before Unknown before Pending',
      pods: [
        { name: 'pending', phase: 'Pending' },
        { name: 'unknown', phase: 'Unknown' },
        { name: 'running', phase: 'Running' },
      ],
      picks: 'running',
    },
    {
      name: 'a ready pod before an older one that is not ready',
      pods: [
        { name: 'old-unready', phase: 'Running' },
        { name: 'new-ready', phase: 'Running', readyAt: 5 },
      ],
      picks: 'new-ready',
    },
    {
      name: 'of two ready pods, the one ready longer',
      pods: [
        { name: 'older-ready-later', phase: 'Running', readyAt: 20 },
        { name: 'newer-ready-first', phase: 'Running', readyAt: 10 },
      ],
      picks: 'newer-ready-first',
    },
    {
      name: 'fewer restarts first',
      pods: [
        { name: 'restarted', phase: 'Running', readyAt: 10, restarts: 3 },
        { name: 'steady', phase: 'Running', readyAt: 10 },
      ],
      picks: 'steady',
    },
    {
      name: 'otherwise the older pod',
      pods: [
        { name: 'first', phase: 'Running', readyAt: 10 },
        { name: 'second', phase: 'Running', readyAt: 10 },
      ],
      picks: 'first',
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.picks}`, async () => {
      const k = await startKubectl();
      const picked: string[] = [];
      k.context.exec = async (request) => {
        picked.push(request.pod);
        return { exitCode: 0 };
      };
      await k.client.create<KubeObject>(deployments, 'default', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'busybox' }] },
          },
        },
      });
      for (const p of c.pods) {
        const created = await k.client.create<Pod>(pods, 'default', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: p.name, labels: { app: 'web' } },
          spec: {
            ...(p.node === false ? {} : { nodeName: 'node-1' }),
            containers: [{ name: 'app', image: 'busybox' }],
          },
        } as Pod);
        await k.client.updateStatus(pods, { ...created, status: status(p) });
        await k.clock.advance(1000);
      }
      const result = await k.run('exec deploy/web -- true');
      expect(result.exitCode, result.stderr).to.equal(0);
      expect(picked).to.deep.equal([c.picks]);
    });
  }
});
