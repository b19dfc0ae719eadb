import { expect } from '@esm-bundle/chai';
import {
  daemonsets,
  deployments,
  events as eventsResource,
  poddisruptionbudgets,
  pods,
  replicasets,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { DisruptionController } from '../../../src/kernel/controllers/disruption.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import type { Deployment, ReplicaSet } from '../../../src/kernel/types/apps.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import type { DaemonSet } from '../../../src/kernel/types/daemonset.ts';
import type { OwnerReference } from '../../../src/kernel/types/meta.ts';
import type {
  PodDisruptionBudget,
  PodDisruptionBudgetSpec,
} from '../../../src/kernel/types/policy.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
};

describe('disruption controller', () => {
  let api: TestApi;
  let manager: ControllerManager;

  beforeEach(async () => {
    api = await startTestApi();
    manager = new ControllerManager({
      client: api.client,
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new DisruptionController());
    await manager.start();
  });

  afterEach(() => manager.stop());

  async function settle(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < 500 && quiet < 5; turn++) {
      await api.clock.advance(10);
      quiet = manager.idle() ? quiet + 1 : 0;
    }
  }

  /** A ReplicaSet (no controller runs it) owning `ready` ready pods and `unready` others. */
  async function replicaSet(replicas: number, ready: number, unready = 0, owner?: OwnerReference) {
    const rs = await api.client.create<ReplicaSet>(replicasets, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-rs', ...(owner ? { ownerReferences: [owner] } : {}) },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template },
    });
    const ref: OwnerReference = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web-rs',
      uid: rs.metadata.uid!,
      controller: true,
    };
    for (let i = 0; i < ready + unready; i++) await pod(`web-${i}`, i < ready, ref);
  }

  async function pod(name: string, ready: boolean, owner?: OwnerReference): Promise<void> {
    const created = await api.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'web' }, ...(owner ? { ownerReferences: [owner] } : {}) },
      spec: template.spec,
    });
    await api.client.updateStatus(pods, {
      ...created,
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            lastTransitionTime: rfc3339(api.clock.now()),
          },
        ],
      },
    });
  }

  async function budget(spec: Omit<PodDisruptionBudgetSpec, 'selector'>): Promise<void> {
    await api.client.create(poddisruptionbudgets, 'default', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web-pdb' },
      spec: { ...spec, selector: { matchLabels: { app: 'web' } } },
    });
    await settle();
  }

  const getBudget = () =>
    api.client.get<PodDisruptionBudget>(poddisruptionbudgets, 'default', 'web-pdb');

  async function events(reason: string): Promise<Event[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items.filter((e) => e.reason === reason);
  }

  /** [replicas, ready pods, spec] → [expected, desired, current, allowed]. */
  const math: [string, number, number, Omit<PodDisruptionBudgetSpec, 'selector'>, number[]][] = [
    ['minAvailable 2 of 3 ready', 3, 3, { minAvailable: 2 }, [3, 2, 3, 1]],
    ['minAvailable 2 with one of 3 ready', 3, 1, { minAvailable: 2 }, [3, 2, 1, 0]],
    ['maxUnavailable 1 of 3', 3, 3, { maxUnavailable: 1 }, [3, 2, 3, 1]],
    ['minAvailable 50% of 3 (1.5 rounds up)', 3, 3, { minAvailable: '50%' }, [3, 2, 3, 1]],
    ['maxUnavailable 50% of 3 (1.5 rounds up)', 3, 3, { maxUnavailable: '50%' }, [3, 1, 3, 2]],
    ['minAvailable 34% of 3', 3, 3, { minAvailable: '34%' }, [3, 2, 3, 1]],
    ['maxUnavailable 10% of 5', 5, 5, { maxUnavailable: '10%' }, [5, 4, 5, 1]],
    ['maxUnavailable 0', 2, 2, { maxUnavailable: 0 }, [2, 2, 2, 0]],
    ['minAvailable 100%', 2, 2, { minAvailable: '100%' }, [2, 2, 2, 0]],
    ['a percentage of the scale, not of the pods', 4, 2, { minAvailable: '50%' }, [4, 2, 2, 0]],
  ];
  for (const [what, replicas, ready, spec, [expected, desired, current, allowed]] of math) {
    it(`computes the status for ${what}`, async () => {
      await replicaSet(replicas, ready, Math.max(0, replicas - ready));
      await budget(spec);
      const pdb = await getBudget();
      expect(pdb.status).to.deep.include({
        expectedPods: expected,
        desiredHealthy: desired,
        currentHealthy: current,
        disruptionsAllowed: allowed,
        observedGeneration: 1,
      });
      expect(pdb.status?.conditions).to.deep.equal([
        {
          type: 'DisruptionAllowed',
          status: allowed > 0 ? 'True' : 'False',
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: pdb.status?.conditions?.[0].lastTransitionTime,
        },
      ]);
    });
  }

  it("counts a Deployment's replicas for pods of its ReplicaSet", async () => {
    const d = await api.client.create<Deployment>(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template },
    });
    await replicaSet(3, 3, 0, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: d.metadata.uid!,
      controller: true,
    });
    await budget({ maxUnavailable: '25%' });
    expect((await getBudget()).status).to.deep.include({
      expectedPods: 4,
      desiredHealthy: 3,
      currentHealthy: 3,
      disruptionsAllowed: 0,
    });
  });

  it('follows pods becoming ready and going away', async () => {
    await replicaSet(3, 2, 1);
    await budget({ minAvailable: 2 });
    expect((await getBudget()).status?.disruptionsAllowed).to.equal(0);
    await pod('web-extra', true);
    await settle();
    expect((await getBudget()).status).to.deep.include({
      expectedPods: 4,
      currentHealthy: 3,
      disruptionsAllowed: 1,
    });
    await api.client.delete(pods, 'default', 'web-0', { gracePeriodSeconds: 0 });
    await settle();
    expect((await getBudget()).status).to.deep.include({
      expectedPods: 3,
      currentHealthy: 2,
      disruptionsAllowed: 0,
    });
    expect((await getBudget()).status?.conditions?.[0].reason).to.equal('InsufficientPods');
  });

  it('reports a budget without pods', async () => {
    await budget({ minAvailable: 1 });
    expect((await getBudget()).status).to.deep.include({
      expectedPods: 0,
      desiredHealthy: 1,
      currentHealthy: 0,
      disruptionsAllowed: 0,
    });
    const [noPods] = await events('NoPods');
    expect(noPods).to.include({ type: 'Normal', message: 'No matching pods found' });
    expect(noPods.source?.component).to.equal('controllermanager');
  });

  it('warns about unmanaged pods under a percentage', async () => {
    await replicaSet(2, 2);
    await pod('bare', true);
    await budget({ maxUnavailable: '50%' });
    expect((await getBudget()).status).to.deep.include({ expectedPods: 2, currentHealthy: 3 });
    const [unmanaged] = await events('UnmanagedPods');
    expect(unmanaged.message).to.equal(
      'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
  });

  it('refuses disruptions when a percentage cannot be computed (DaemonSet pods)', async () => {
    const ds = await api.client.create<DaemonSet>(daemonsets, 'default', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'web' } }, template },
    });
    await pod('agent-1', true, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      name: 'agent',
      uid: ds.metadata.uid!,
      controller: true,
    });
    await budget({ minAvailable: '50%' });
    const status = (await getBudget()).status;
    expect(status?.disruptionsAllowed).to.equal(0);
    expect(status?.conditions).to.deep.equal([
      {
        type: 'DisruptionAllowed',
        status: 'False',
        reason: 'SyncFailed',
        message: 'daemonsets.apps does not implement the scale subresource',
        lastTransitionTime: status?.conditions?.[0].lastTransitionTime,
      },
    ]);
    const [failed] = await events('CalculateExpectedPodCountFailed');
    expect(failed.message).to.equal(
      'Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale subresource',
    );
  });

  it('does not count pods the eviction API let go, for two minutes', async () => {
    await replicaSet(3, 3);
    await budget({ minAvailable: 2 });
    const pdb = await getBudget();
    await api.client.updateStatus(poddisruptionbudgets, {
      ...pdb,
      status: {
        ...pdb.status!,
        disruptionsAllowed: 0,
        disruptedPods: { 'web-0': rfc3339(api.clock.now()) },
      },
    });
    await settle();
    expect((await getBudget()).status).to.deep.include({
      currentHealthy: 2,
      disruptionsAllowed: 0,
    });
    expect((await getBudget()).status?.disruptedPods).to.have.keys(['web-0']);

    // The pod was never deleted: after DeletionTimeout it counts again.
    await api.clock.advance(2 * 60_000 + 1_000);
    await settle();
    const after = (await getBudget()).status;
    expect(after).to.deep.include({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(after?.disruptedPods).to.equal(undefined);
    const [notDeleted] = await events('NotDeleted');
    expect(notDeleted).to.include({
      type: 'Warning',
      message: "Pod was expected by PDB default/default to be deleted but it wasn't",
    });
  });

  it('turns a stale DisruptionTarget condition of a pod still running back to False', async () => {
    await pod('web-0', true);
    const current = await api.client.get<Pod>(pods, 'default', 'web-0');
    await api.client.updateStatus(pods, {
      ...current,
      status: {
        ...current.status,
        conditions: [
          ...(current.status?.conditions ?? []),
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'EvictionByEvictionAPI',
            message: 'Eviction API: evicting',
            lastTransitionTime: rfc3339(api.clock.now()),
          },
        ],
      },
    });
    await settle();
    const condition = async () =>
      (await api.client.get<Pod>(pods, 'default', 'web-0')).status?.conditions?.find(
        (c) => c.type === 'DisruptionTarget',
      );
    expect((await condition())?.status).to.equal('True');
    const before = api.clock.now();
    await api.clock.advance(2 * 60_000);
    await settle();
    const reset = await condition();
    expect(reset).to.include({ type: 'DisruptionTarget', status: 'False' });
    expect(reset?.reason).to.equal(undefined);
    expect(Date.parse(reset?.lastTransitionTime ?? '')).to.be.at.least(before + 2 * 60_000 - 1000);
  });
});
