import { expect } from '@esm-bundle/chai';
import { Framework } from '../../../src/kernel/scheduler/framework-runtime.ts';
import { PodInfo } from '../../../src/kernel/scheduler/pod-info.ts';
import { defaultRegistry } from '../../../src/kernel/scheduler/plugins/default-registry.ts';
import { defaultProfile, type Profile } from '../../../src/kernel/scheduler/profile.ts';
import { truncateMessage } from '../../../src/kernel/scheduler/scheduler.ts';
import { SchedulingAlgorithm } from '../../../src/kernel/scheduler/scheduling-algorithm.ts';
import type { Node, Pod } from '../../../src/kernel/types/core.ts';
import { clusterOf, handleOf, makeNode, makePod } from './fixtures.ts';

const controlPlane = () =>
  makeNode('control-plane', {
    cpu: '2',
    labels: { 'node-role.kubernetes.io/control-plane': '' },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });

/** The kind-like cluster of the example: a tainted control plane and two busy 2-cpu workers. */
function threeNodes(): { nodes: Node[]; pods: Pod[] } {
  return {
    nodes: [controlPlane(), makeNode('worker', { cpu: '2' }), makeNode('worker2', { cpu: '2' })],
    pods: [
      makePod('busy-1', { cpu: '1500m', memory: '1Gi', nodeName: 'worker' }),
      makePod('busy-2', { cpu: '1500m', memory: '1Gi', nodeName: 'worker2' }),
    ],
  };
}

function attempt(
  cluster: { nodes: Node[]; pods: Pod[] },
  pod: Pod,
  profile: Profile = defaultProfile,
) {
  const cache = clusterOf(cluster.nodes, cluster.pods);
  const framework = new Framework(profile, defaultRegistry, handleOf(cache));
  return new SchedulingAlgorithm(framework, cache, () => 0).schedule(new PodInfo(pod));
}

function messageOf(cluster: { nodes: Node[]; pods: Pod[] }, pod: Pod, profile?: Profile): string {
  const outcome = attempt(cluster, pod, profile);
  if (outcome.ok) throw new Error(`scheduled on ${outcome.nodeName}`);
  return outcome.message;
}

describe('FailedScheduling message', () => {
  it('reports the tainted control plane and two full workers as a real cluster does', () => {
    expect(messageOf(threeNodes(), makePod('web', { cpu: '1' }))).to.equal(
      '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
        '2 No preemption victims found for incoming pod.',
    );
  });

  it('names the taint when TaintToleration is configured as before Kubernetes 1.34', () => {
    const profile: Profile = {
      ...defaultProfile,
      plugins: defaultProfile.plugins.map((p) =>
        p.name === 'TaintToleration' ? { ...p, args: { nameTaint: true } } : p,
      ),
    };
    expect(messageOf(threeNodes(), makePod('web', { cpu: '1' }), profile)).to.equal(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        '2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
        '2 No preemption victims found for incoming pod.',
    );
  });

  const cases: {
    name: string;
    pod: Pod;
    cluster?: { nodes: Node[]; pods: Pod[] };
    profile?: Profile;
    want: string;
  }[] = [
    {
      name: 'a request larger than any node: preemption cannot help anywhere',
      pod: makePod('big', { cpu: '64' }),
      want:
        '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a nodeSelector nothing matches',
      pod: makePod('picky', { spec: { nodeSelector: { disktype: 'ssd' } } }),
      want:
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a pod that may not preempt says so',
      pod: makePod('meek', { cpu: '1', spec: { preemptionPolicy: 'Never' } }),
      want:
        '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. ' +
        'preemption: not eligible due to preemptionPolicy=Never.',
    },
    {
      name: 'without DefaultPreemption there is no preemption part',
      pod: makePod('web', { cpu: '1' }),
      profile: {
        ...defaultProfile,
        plugins: defaultProfile.plugins.filter((p) => p.name !== 'DefaultPreemption'),
      },
      want: '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu.',
    },
    {
      name: 'several reasons of one node are all counted',
      pod: makePod('web', { cpu: '1', memory: '8Gi' }),
      want:
        '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu, 2 Insufficient memory. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
        '2 No preemption victims found for incoming pod.',
    },
    {
      name: 'counts sort as text, as Go sort.Strings does',
      cluster: {
        nodes: [
          ...Array.from({ length: 10 }, (_, i) => makeNode(`m${i}`, { memory: '1Gi' })),
          makeNode('c1', { cpu: '500m' }),
          makeNode('c2', { cpu: '500m' }),
        ],
        pods: [],
      },
      pod: makePod('web', { cpu: '1', memory: '2Gi' }),
      want:
        '0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu. ' +
        'preemption: 0/12 nodes are available: 12 Preemption is not helpful for scheduling.',
    },
    {
      name: 'cordoned nodes',
      cluster: {
        nodes: [makeNode('n1', { unschedulable: true }), makeNode('n2', { unschedulable: true })],
        pods: [],
      },
      pod: makePod('web'),
      want:
        '0/2 nodes are available: 2 node(s) were unschedulable. ' +
        'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a PreFilter rejection is the whole message',
      pod: makePod('x', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchFields: [
                      { key: 'metadata.name', operator: 'In', values: ['worker'] },
                      { key: 'metadata.name', operator: 'In', values: ['worker2'] },
                    ],
                  },
                ],
              },
            },
          },
        },
      }),
      want:
        '0/3 nodes are available: pod affinity terms conflict. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'anti-affinity with the only free node',
      cluster: {
        nodes: [controlPlane(), makeNode('worker'), makeNode('worker2', { cpu: '1' })],
        pods: [makePod('db-0', { labels: { app: 'db' }, nodeName: 'worker' })],
      },
      pod: makePod('db-1', {
        cpu: '2',
        labels: { app: 'db' },
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchLabels: { app: 'db' } },
                  topologyKey: 'kubernetes.io/hostname',
                },
              ],
            },
          },
        },
      }),
      want:
        "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod anti-affinity rules, " +
        '1 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: ' +
        '1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'no nodes at all',
      cluster: { nodes: [], pods: [] },
      pod: makePod('web'),
      want: 'no nodes available to schedule pods',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(messageOf(c.cluster ?? threeNodes(), c.pod, c.profile)).to.equal(c.want);
    });
  }

  it('is Unschedulable and names the rejecting plugins', () => {
    const outcome = attempt(threeNodes(), makePod('web', { cpu: '1' }));
    expect(outcome.ok).to.equal(false);
    if (outcome.ok) return;
    expect(outcome.code).to.equal('Unschedulable');
    expect([...outcome.unschedulablePlugins].sort()).to.deep.equal([
      'NodeResourcesFit',
      'TaintToleration',
    ]);
  });

  it('is cut to 1024 characters for the event', () => {
    const long = 'x'.repeat(2000);
    expect(truncateMessage(long)).to.have.length(1024);
    expect(truncateMessage(long).endsWith(' ...')).to.equal(true);
    expect(truncateMessage('short')).to.equal('short');
  });
});
