import { limitranges, namespaces, resourcequotas } from '../../api/resources.ts';
import type { Namespace } from '../../types/core.ts';
import type { LimitRange, ResourceQuota } from '../../types/quota.ts';
import type { Describer } from './describer.ts';
import { printAnnotations, printLabels, rfc1123z } from './format.ts';
import { writeNamespaceLimitRanges } from './limit-range.ts';
import { PrefixWriter } from './prefix-writer.ts';
import { writeNamespaceQuotas } from './resource-quota.ts';

/**
 * `kubectl describe namespace`: name, labels, annotations, phase and conditions, then the
 * namespace's ResourceQuotas and LimitRanges (`No resource quota.`, `No LimitRange resource.`).
 */
export const describeNamespace: Describer = async (ctx, _namespace, name) => {
  const ns = await ctx.client.get<Namespace>(namespaces, undefined, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name ?? ''}\n`);
  printLabels(w, 'Labels', ns.metadata.labels);
  printAnnotations(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conditions = (ns.status?.conditions ?? []) as {
    type: string;
    status: string;
    lastTransitionTime?: string;
    reason?: string;
    message?: string;
  }[];
  if (conditions.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        1,
        `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
      );
    }
  }
  const quotas = await ctx.client.list<ResourceQuota>(resourcequotas, name);
  w.write(0, '\n');
  writeNamespaceQuotas(w, quotas.items);
  const ranges = await ctx.client.list<LimitRange>(limitranges, name);
  w.write(0, '\n');
  writeNamespaceLimitRanges(w, ranges.items);
  return w.result();
};
