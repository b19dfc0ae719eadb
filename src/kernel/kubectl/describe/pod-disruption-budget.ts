import { poddisruptionbudgets } from '../../api/resources.ts';
import { formatLabelSelector } from '../../api/selectors/label-selector.ts';
import type { PodDisruptionBudget } from '../../types/policy.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { PrefixWriter } from './prefix-writer.ts';

/**
 * `kubectl describe poddisruptionbudget` (describePodDisruptionBudgetV1): the budget (min
 * available, else max unavailable), its selector and the counts of its status.
 */
export const describePodDisruptionBudget: Describer = async (ctx, namespace, name) => {
  const pdb = await ctx.client.get<PodDisruptionBudget>(poddisruptionbudgets, namespace, name);
  const { minAvailable, maxUnavailable, selector } = pdb.spec;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${pdb.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
  if (minAvailable !== undefined && minAvailable !== null) {
    w.write(0, `Min available:\t${minAvailable}\n`);
  } else if (maxUnavailable !== undefined && maxUnavailable !== null) {
    w.write(0, `Max unavailable:\t${maxUnavailable}\n`);
  }
  w.write(0, `Selector:\t${selector ? formatLabelSelector(selector) : '<unset>'}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${pdb.status?.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${pdb.status?.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${pdb.status?.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${pdb.status?.expectedPods ?? 0}\n`);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: pdb.metadata.name ?? name,
        namespace: pdb.metadata.namespace ?? namespace,
        kind: 'PodDisruptionBudget',
        uid: pdb.metadata.uid,
      },
    ]);
  }
  return w.result();
};
