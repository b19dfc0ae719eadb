import { daemonsets } from '../../api/resources.ts';
import {
  formatLabels,
  labelSelectorAsSelector,
  labelSelectorString,
} from '../../api/selectors/label-selector.ts';
import type { DaemonSet } from '../../types/daemonset.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels } from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';
import { podStatusCounts } from './replicaset.ts';

/**
 * `kubectl describe daemonset` (describeDaemonSet): selectors, the scheduling counts, the
 * pods' phases, the pod template and events.
 */
export const describeDaemonSet: Describer = async (ctx, namespace, name) => {
  const ds = await ctx.client.get<DaemonSet>(daemonsets, namespace, name);
  const selector = labelSelectorString(labelSelectorAsSelector(ds.spec.selector));
  const podsStatus = await podStatusCounts(ctx.client, ds, selector);
  const status = ds.status;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ds.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${selector}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec.template.spec.nodeSelector)}\n`);
  printLabels(w, 'Labels', ds.metadata.labels);
  printAnnotations(w, 'Annotations', ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
  w.write(
    0,
    `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`,
  );
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podsStatus}\n`);
  describePodTemplate(w, ds.spec.template);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: ds.metadata.name ?? name,
        namespace: ds.metadata.namespace ?? namespace,
        kind: 'DaemonSet',
        uid: ds.metadata.uid,
      },
    ]);
  }
  return w.result();
};
