import { deployments, replicasets } from '../../api/resources.ts';
import {
  labelSelectorAsSelector,
  labelSelectorString,
} from '../../api/selectors/label-selector.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../types/apps.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { byteOrder, printAnnotations, printLabels, rfc1123z } from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** JSON with object keys sorted, to compare templates structurally. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byteOrder(a, b)),
        )
      : v,
  );
}

/** Templates equal apart from the pod-template-hash label (deploymentutil.EqualIgnoreHash). */
function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    return canonical({ ...t, metadata: { ...t?.metadata, labels } });
  };
  return strip(a) === strip(b);
}

function replicaSetsLine(list: readonly ReplicaSet[]): string {
  const text = list
    .map(
      (rs) =>
        `${rs.metadata.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`,
    )
    .join(', ');
  return text || '<none>';
}

/** The deployment's ReplicaSets split into the new one and all old ones (GetAllReplicaSets). */
async function ownedReplicaSets(
  ctx: Parameters<Describer>[0],
  d: Deployment,
): Promise<{ oldRSs: ReplicaSet[]; newRSs: ReplicaSet[] } | undefined> {
  try {
    const selector = labelSelectorString(labelSelectorAsSelector(d.spec.selector));
    const list = await ctx.client.list<ReplicaSet>(replicasets, d.metadata.namespace, {
      labelSelector: selector,
    });
    const owned = list.items
      .filter((rs) =>
        rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid),
      )
      .sort(
        (a, b) =>
          Date.parse(a.metadata.creationTimestamp ?? '') -
            Date.parse(b.metadata.creationTimestamp ?? '') ||
          byteOrder(a.metadata.name ?? '', b.metadata.name ?? ''),
      );
    const newRS = owned.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
    return { oldRSs: owned.filter((rs) => rs !== newRS), newRSs: newRS ? [newRS] : [] };
  } catch {
    return undefined;
  }
}

/**
 * `kubectl describe deployment`: replica counts, strategy, pod template, conditions, the old and
 * new ReplicaSets, events.
 */
export const describeDeployment: Describer = async (ctx, namespace, name) => {
  const d = await ctx.client.get<Deployment>(deployments, namespace, name);
  const selector = labelSelectorString(labelSelectorAsSelector(d.spec.selector));
  const sets = await ownedReplicaSets(ctx, d);
  const status = d.status ?? {};
  const w = new PrefixWriter();
  w.write(0, `Name:\t${d.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabels(w, 'Labels', d.metadata.labels);
  printAnnotations(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${selector}\n`);
  w.write(
    0,
    `Replicas:\t${d.spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  const ru = d.spec.strategy?.rollingUpdate;
  if (ru) {
    w.write(
      0,
      `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? 0)} max unavailable, ${String(ru.maxSurge ?? 0)} max surge\n`,
    );
  }
  describePodTemplate(w, d.spec.template);
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (sets && (sets.oldRSs.length > 0 || sets.newRSs.length > 0)) {
    w.write(0, `OldReplicaSets:\t${replicaSetsLine(sets.oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetsLine(sets.newRSs)}\n`);
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: d.metadata.name ?? name,
        namespace: d.metadata.namespace ?? namespace,
        kind: 'Deployment',
        uid: d.metadata.uid,
      },
    ]);
  }
  return w.result();
};
