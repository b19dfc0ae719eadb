import { expect } from '@esm-bundle/chai';
import {
  podReady,
  podRestartCount,
  podRestarts,
  podStatus,
} from '../../../src/kernel/client/pod-display.ts';
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Pod,
  PodCondition,
  PodStatus,
} from '../../../src/kernel/types/core.ts';

const now = Date.parse('2025-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

const running: ContainerState = { running: { startedAt: ago(600) } };
const creating: ContainerState = { waiting: { reason: 'ContainerCreating' } };
const completed: ContainerState = { terminated: { exitCode: 0, reason: 'Completed' } };

function cs(name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}) {
  return { name, state, ready: false, restartCount: 0, image: '', imageID: '', ...extra };
}

interface Fixture {
  containers?: string[];
  init?: (string | Container)[];
  phase?: PodStatus['phase'];
  reason?: string;
  conditions?: PodCondition[];
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  deleting?: boolean;
}

function pod(f: Fixture): Pod {
  return {
    metadata: {
      name: 'p',
      namespace: 'default',
      ...(f.deleting ? { deletionTimestamp: ago(1) } : {}),
    },
    spec: {
      containers: (f.containers ?? ['app']).map((name) => ({ name, image: 'x' })),
      ...(f.init
        ? {
            initContainers: f.init.map((c) =>
              typeof c === 'string' ? { name: c, image: 'x' } : c,
            ),
          }
        : {}),
    },
    status: {
      phase: f.phase ?? 'Running',
      ...(f.reason ? { reason: f.reason } : {}),
      ...(f.conditions ? { conditions: f.conditions } : {}),
      ...(f.statuses ? { containerStatuses: f.statuses } : {}),
      ...(f.initStatuses ? { initContainerStatuses: f.initStatuses } : {}),
    },
  };
}

const readyTrue: PodCondition = { type: 'Ready', status: 'True' };
const initializedTrue: PodCondition = { type: 'Initialized', status: 'True' };
const sidecar: Container = { name: 'side', image: 'x', restartPolicy: 'Always' };

describe('podStatus and podReady (kubectl get pods STATUS and READY)', () => {
  const cases: { name: string; pod: Pod; status: string; ready: string }[] = [
    {
      name: 'a pod without container statuses shows its phase',
      pod: pod({ phase: 'Pending' }),
      status: 'Pending',
      ready: '0/1',
    },
    {
      name: 'status.reason replaces the phase',
      pod: pod({ phase: 'Failed', reason: 'Evicted' }),
      status: 'Evicted',
      ready: '0/1',
    },
    {
      name: 'a scheduling-gated pod',
      pod: pod({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      status: 'SchedulingGated',
      ready: '0/1',
    },
    {
      name: 'a waiting container names the status',
      pod: pod({ phase: 'Pending', statuses: [cs('app', creating)] }),
      status: 'ContainerCreating',
      ready: '0/1',
    },
    {
      name: 'a running, ready container',
      pod: pod({ statuses: [cs('app', running, { ready: true })], conditions: [readyTrue] }),
      status: 'Running',
      ready: '1/1',
    },
    {
      name: 'a running container that is not ready counts as not ready',
      pod: pod({ statuses: [cs('app', running)] }),
      status: 'Running',
      ready: '0/1',
    },
    {
      name: 'with several containers the first one with a problem wins',
      pod: pod({
        containers: ['a', 'b', 'c'],
        statuses: [
          cs('a', running, { ready: true }),
          cs('b', { waiting: { reason: 'CrashLoopBackOff' } }),
          cs('c', { waiting: { reason: 'ImagePullBackOff' } }),
        ],
      }),
      status: 'CrashLoopBackOff',
      ready: '1/3',
    },
    {
      name: 'a terminated container with a reason',
      pod: pod({
        statuses: [cs('app', { terminated: { exitCode: 137, reason: 'OOMKilled' } })],
      }),
      status: 'OOMKilled',
      ready: '0/1',
    },
    {
      name: 'a terminated container without a reason shows its exit code',
      pod: pod({ phase: 'Failed', statuses: [cs('app', { terminated: { exitCode: 3 } })] }),
      status: 'ExitCode:3',
      ready: '0/1',
    },
    {
      name: 'a terminated container without a reason shows its signal',
      pod: pod({
        phase: 'Failed',
        statuses: [cs('app', { terminated: { exitCode: 137, signal: 9 } })],
      }),
      status: 'Signal:9',
      ready: '0/1',
    },
    {
      name: 'a waiting container without a reason does not override the phase',
      pod: pod({ phase: 'Pending', statuses: [cs('app', { waiting: {} })] }),
      status: 'Pending',
      ready: '0/1',
    },
    {
      name: 'a succeeded pod shows Completed',
      pod: pod({ phase: 'Succeeded', statuses: [cs('app', completed)] }),
      status: 'Completed',
      ready: '0/1',
    },
    {
      name: 'Completed with another container still running and the pod Ready shows Running',
      pod: pod({
        containers: ['a', 'b'],
        conditions: [readyTrue],
        statuses: [cs('a', completed), cs('b', running, { ready: true })],
      }),
      status: 'Running',
      ready: '1/2',
    },
    {
      name: 'Completed with another container running and the pod not Ready shows NotReady',
      pod: pod({
        containers: ['a', 'b'],
        statuses: [cs('a', completed), cs('b', running, { ready: true })],
      }),
      status: 'NotReady',
      ready: '1/2',
    },
    {
      name: 'an init container still running shows Init:i/n',
      pod: pod({
        phase: 'Pending',
        init: ['i1', 'i2'],
        initStatuses: [cs('i1', completed), cs('i2', running)],
        statuses: [cs('app', { waiting: { reason: 'PodInitializing' } })],
      }),
      status: 'Init:1/2',
      ready: '0/1',
    },
    {
      name: 'an init container waiting for PodInitializing counts as Init:i/n',
      pod: pod({
        phase: 'Pending',
        init: ['i1'],
        initStatuses: [cs('i1', { waiting: { reason: 'PodInitializing' } })],
      }),
      status: 'Init:0/1',
      ready: '0/1',
    },
    {
      name: 'an init container waiting with a reason shows Init:<reason>',
      pod: pod({
        phase: 'Pending',
        init: ['i1'],
        initStatuses: [cs('i1', { waiting: { reason: 'CrashLoopBackOff' } })],
      }),
      status: 'Init:CrashLoopBackOff',
      ready: '0/1',
    },
    {
      name: 'a failed init container shows Init:<reason>',
      pod: pod({
        phase: 'Failed',
        init: ['i1'],
        initStatuses: [cs('i1', { terminated: { exitCode: 1, reason: 'Error' } })],
      }),
      status: 'Init:Error',
      ready: '0/1',
    },
    {
      name: 'a failed init container without reason shows Init:ExitCode:<n>',
      pod: pod({
        phase: 'Pending',
        init: ['i1'],
        initStatuses: [cs('i1', { terminated: { exitCode: 2 } })],
      }),
      status: 'Init:ExitCode:2',
      ready: '0/1',
    },
    {
      name: 'an init container killed by a signal shows Init:Signal:<n>',
      pod: pod({
        phase: 'Pending',
        init: ['i1'],
        initStatuses: [cs('i1', { terminated: { exitCode: 137, signal: 9 } })],
      }),
      status: 'Init:Signal:9',
      ready: '0/1',
    },
    {
      name: 'a started sidecar counts toward READY and does not block initialization',
      pod: pod({
        init: [sidecar],
        conditions: [initializedTrue, readyTrue],
        initStatuses: [cs('side', running, { started: true, ready: true })],
        statuses: [cs('app', running, { ready: true })],
      }),
      status: 'Running',
      ready: '2/2',
    },
    {
      name: 'a sidecar that has not started holds the pod in Init',
      pod: pod({
        phase: 'Pending',
        init: [sidecar],
        initStatuses: [cs('side', creating, { started: false })],
      }),
      status: 'Init:ContainerCreating',
      ready: '0/2',
    },
    {
      name: 'a pod being deleted shows Terminating',
      pod: pod({
        deleting: true,
        statuses: [cs('app', running, { ready: true })],
        conditions: [readyTrue],
      }),
      status: 'Terminating',
      ready: '1/1',
    },
    {
      name: 'a finished pod being deleted keeps its status',
      pod: pod({ deleting: true, phase: 'Succeeded', statuses: [cs('app', completed)] }),
      status: 'Completed',
      ready: '0/1',
    },
    {
      name: 'a pod being deleted on a lost node shows Unknown',
      pod: pod({
        deleting: true,
        reason: 'NodeLost',
        statuses: [cs('app', running, { ready: true })],
      }),
      status: 'Unknown',
      ready: '1/1',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(podStatus(c.pod)).to.equal(c.status);
      expect(podReady(c.pod)).to.equal(c.ready);
    });
  }
});

describe('podRestarts (kubectl get pods RESTARTS)', () => {
  const terminatedAgo = (seconds: number): ContainerState => ({
    terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(seconds) },
  });
  const cases: { name: string; pod: Pod; restarts: string; count: number }[] = [
    { name: 'no restarts', pod: pod({ statuses: [cs('app', running)] }), restarts: '0', count: 0 },
    {
      name: 'restarts with the time since the last one ended',
      pod: pod({
        statuses: [cs('app', running, { restartCount: 3, lastState: terminatedAgo(312) })],
      }),
      restarts: '3 (5m12s ago)',
      count: 3,
    },
    {
      name: 'restarts without a known last termination print the count only',
      pod: pod({ statuses: [cs('app', running, { restartCount: 2 })] }),
      restarts: '2',
      count: 2,
    },
    {
      name: 'sums over containers and takes the newest termination',
      pod: pod({
        containers: ['a', 'b'],
        statuses: [
          cs('a', running, { restartCount: 1, lastState: terminatedAgo(3600) }),
          cs('b', running, { restartCount: 4, lastState: terminatedAgo(20) }),
        ],
      }),
      restarts: '5 (20s ago)',
      count: 5,
    },
    {
      name: 'while initializing, counts init containers only',
      pod: pod({
        phase: 'Pending',
        init: ['i1'],
        initStatuses: [
          cs(
            'i1',
            { waiting: { reason: 'CrashLoopBackOff' } },
            {
              restartCount: 2,
              lastState: terminatedAgo(30),
            },
          ),
        ],
        statuses: [cs('app', { waiting: { reason: 'PodInitializing' } }, { restartCount: 7 })],
      }),
      restarts: '2 (30s ago)',
      count: 2,
    },
    {
      name: 'once initialized, finished init containers no longer count but sidecars do',
      pod: pod({
        init: ['i1', sidecar],
        conditions: [initializedTrue],
        initStatuses: [
          cs('i1', completed, { restartCount: 5, lastState: terminatedAgo(10) }),
          cs('side', running, {
            started: true,
            ready: true,
            restartCount: 2,
            lastState: terminatedAgo(20),
          }),
        ],
        statuses: [
          cs('app', running, { ready: true, restartCount: 4, lastState: terminatedAgo(90) }),
        ],
      }),
      restarts: '6 (20s ago)',
      count: 6,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(podRestarts(c.pod, now)).to.equal(c.restarts);
      expect(podRestartCount(c.pod)).to.equal(c.count);
    });
  }
});
