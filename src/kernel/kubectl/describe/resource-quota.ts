import { formatQuantity, parseQuantityValue, quantityError } from '../../api/quantity.ts';
import { resourcequotas } from '../../api/resources.ts';
import type { ResourceQuota } from '../../types/quota.ts';
import type { Describer } from './describer.ts';
import { byteOrder } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

const scopeHelp: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

const parse = (q: string | undefined) =>
  q !== undefined && quantityError(q) === undefined
    ? parseQuantityValue(q)
    : { nanos: 0n, format: 'DecimalSI' as const };

/**
 * The Used cell: printed in the hard limit's format when the two differ, as a whole number of
 * units (resource.NewQuantity(used.Value(), hard.Format)).
 */
function usedCell(used: string | undefined, hard: string | undefined): string {
  const u = parse(used);
  const h = parse(hard);
  if (u.format === h.format) return formatQuantity(u);
  const step = 1_000_000_000n;
  const whole = u.nanos % step === 0n ? u.nanos / step : u.nanos / step + (u.nanos > 0n ? 1n : 0n);
  return formatQuantity({ nanos: whole * step, format: h.format });
}

/** `kubectl describe resourcequota` (describeQuota): scopes, then a Resource/Used/Hard table. */
export const describeResourceQuota: Describer = async (ctx, namespace, name) => {
  const quota = await ctx.client.get<ResourceQuota>(resourcequotas, namespace, name);
  const w = new PrefixWriter();
  w.write(0, `Name:\t${quota.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${quota.metadata.namespace ?? ''}\n`);
  const scopes = [...(quota.spec?.scopes ?? [])].sort(byteOrder);
  if (scopes.length > 0) {
    w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const scope of scopes) if (scopeHelp[scope]) w.write(0, ` * ${scopeHelp[scope]}\n`);
  }
  w.write(0, 'Resource\tUsed\tHard\n');
  w.write(0, '--------\t----\t----\n');
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  for (const resource of Object.keys(hard).sort(byteOrder)) {
    w.write(
      0,
      `${resource}\t${usedCell(used[resource], hard[resource])}\t${formatQuantity(parse(hard[resource]))}\n`,
    );
  }
  return w.result();
};

/** DescribeResourceQuotas: the `Resource Quotas` section of a namespace's description. */
export function writeNamespaceQuotas(w: PrefixWriter, quotas: readonly ResourceQuota[]): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  const sorted = [...quotas].sort((a, b) =>
    byteOrder(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
  for (const q of sorted) {
    w.write(1, `Name:\t${q.metadata.name ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(byteOrder);
    if (scopes.length > 0) {
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) if (scopeHelp[scope]) w.write(1, `* ${scopeHelp[scope]}\n`);
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    for (const resource of Object.keys(hard).sort(byteOrder)) {
      w.write(
        1,
        `${resource}\t${formatQuantity(parse(used[resource]))}\t${formatQuantity(parse(hard[resource]))}\n`,
      );
    }
  }
}
