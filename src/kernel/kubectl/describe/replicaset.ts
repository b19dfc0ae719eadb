import { pods, replicasets } from '../../api/resources.ts';
import {
  formatLabelSelector,
  labelSelectorAsSelector,
  labelSelectorString,
} from '../../api/selectors/label-selector.ts';
import type { ReplicaSet } from '../../types/apps.ts';
import type { Pod } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { Client } from '../../client/client.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { controllerOf, printAnnotations, printLabels } from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** Running/Waiting/Succeeded/Failed counts of the pods a controller owns (getPodStatusForController). */
export async function podStatusCounts(
  client: Client,
  owner: KubeObject,
  selector: string,
): Promise<string> {
  try {
    const list = await client.list<Pod>(pods, owner.metadata.namespace, {
      labelSelector: selector,
    });
    const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
    for (const pod of list.items) {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
      if (!ref || ref.uid !== owner.metadata.uid) continue;
      const phase = pod.status?.phase;
      if (phase && phase in counts) counts[phase as keyof typeof counts]++;
    }
    return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
  } catch (err) {
    return `error in fetching pods: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** `kubectl describe replicaset`: selector, replica counts, pod status counts, template, events. */
export const describeReplicaSet: Describer = async (ctx, namespace, name) => {
  const rs = await ctx.client.get<ReplicaSet>(replicasets, namespace, name);
  const selector = labelSelectorString(labelSelectorAsSelector(rs.spec.selector));
  const podsStatus = await podStatusCounts(ctx.client, rs, selector);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  printLabels(w, 'Labels', rs.metadata.labels);
  printAnnotations(w, 'Annotations', rs.metadata.annotations);
  const controller = controllerOf(rs.metadata);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 0} desired\n`);
  w.write(0, `Pods Status:\t${podsStatus}\n`);
  describePodTemplate(w, rs.spec.template);
  if (rs.status?.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of rs.status.conditions)
      w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: rs.metadata.name ?? name,
        namespace: rs.metadata.namespace ?? namespace,
        kind: 'ReplicaSet',
        uid: rs.metadata.uid,
      },
    ]);
  }
  return w.result();
};
