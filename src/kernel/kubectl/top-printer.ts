/**
 * kubectl's TopCmdPrinter (metricsutil): the `kubectl top` tables. Every cell is written
 * tab-terminated, so the tabwriter pads the last column too (kubectl's rows end in spaces);
 * CPU prints as ceil(milli-cores) `m`, memory as whole MiB `Mi` (rounded down), and a node's
 * percentages against its allocatable (or capacity), truncated.
 */
import { parseQuantityValue } from '../api/quantity.ts';
import type { ResourceList } from '../types/core.ts';
import type { PodMetrics, NodeMetrics } from '../types/metrics.ts';
import { formatTable } from './printers/tabwriter.ts';

export type TopSortBy = '' | 'cpu' | 'memory';

const nanosPerMilli = 1_000_000n;
const nanosPerUnit = 1_000_000_000n;

/** A quantity's exact value in nano units (0 for none or one that does not parse). */
function nanos(q: string | number | undefined): bigint {
  if (q === undefined) return 0n;
  try {
    return parseQuantityValue(q).nanos;
  } catch {
    return 0n;
  }
}

/** Quantity.MilliValue(): rounded up. */
function milliValue(n: bigint): bigint {
  return n >= 0n ? (n + nanosPerMilli - 1n) / nanosPerMilli : n / nanosPerMilli;
}

/** Quantity.Value(): rounded up. */
function value(n: bigint): bigint {
  return n >= 0n ? (n + nanosPerUnit - 1n) / nanosPerUnit : n / nanosPerUnit;
}

interface Usage {
  cpu: bigint;
  memory: bigint;
}

function usageOf(list: ResourceList | undefined): Usage {
  return { cpu: nanos(list?.cpu), memory: nanos(list?.memory) };
}

function podUsage(m: PodMetrics): Usage {
  const total = { cpu: 0n, memory: 0n };
  for (const c of m.containers) {
    const u = usageOf(c.usage);
    total.cpu += u.cpu;
    total.memory += u.memory;
  }
  return total;
}

function cpuCell(n: bigint): string {
  return `${milliValue(n)}m`;
}

function memoryCell(n: bigint): string {
  return `${value(n) / (1024n * 1024n)}Mi`;
}

/** `int64(float64(usage.MilliValue()) / float64(available.MilliValue()) * 100)`%. */
function percentCell(used: bigint, available: bigint): string {
  const a = Number(milliValue(available));
  const fraction = a === 0 ? 0 : (Number(milliValue(used)) / a) * 100;
  return `${Math.trunc(fraction)}%`;
}

/** sort.Sort's order for the given key (ties keep their order here). */
function compareUsage(a: Usage, b: Usage, sortBy: TopSortBy): number {
  if (sortBy === 'cpu') return Number(milliValue(b.cpu) - milliValue(a.cpu));
  if (sortBy === 'memory') return Number(value(b.memory) - value(a.memory));
  return 0;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows with every cell tab-terminated, laid out as kubectl's tabwriter does. */
function table(rows: string[][]): string {
  return formatTable(rows.map((row) => [...row, '']));
}

export interface PodTableOptions {
  containers: boolean;
  withNamespace: boolean;
  noHeaders: boolean;
  sortBy: TopSortBy;
  sum: boolean;
  showSwap: boolean;
}

/** PrintPodMetrics: nothing at all for no metrics. */
export function podMetricsTable(metrics: PodMetrics[], options: PodTableOptions): string {
  if (metrics.length === 0) return '';
  const rows: string[][] = [];
  let columnWidth = options.showSwap ? 4 : 3;
  if (!options.noHeaders) {
    const header: string[] = [];
    if (options.withNamespace) {
      header.push('NAMESPACE');
      columnWidth++;
    }
    if (options.containers) {
      header.push('POD');
      columnWidth++;
    }
    header.push('NAME', 'CPU(cores)', 'MEMORY(bytes)');
    if (options.showSwap) header.push('SWAP(bytes)');
    rows.push(header);
  }
  const sorted = metrics
    .map((m) => ({ m, usage: podUsage(m) }))
    .sort((a, b) => {
      if (options.sortBy) return compareUsage(a.usage, b.usage, options.sortBy);
      const ns = a.m.metadata.namespace ?? '';
      const nsB = b.m.metadata.namespace ?? '';
      if (options.withNamespace && ns !== nsB) return byteOrder(ns, nsB);
      return byteOrder(a.m.metadata.name ?? '', b.m.metadata.name ?? '');
    });
  const usageCells = (u: Usage) => [
    cpuCell(u.cpu),
    memoryCell(u.memory),
    ...(options.showSwap ? ['0Mi'] : []),
  ];
  const total = { cpu: 0n, memory: 0n };
  for (const { m, usage } of sorted) {
    total.cpu += usage.cpu;
    total.memory += usage.memory;
    const prefix = options.withNamespace ? [m.metadata.namespace ?? ''] : [];
    if (!options.containers) {
      rows.push([...prefix, m.metadata.name ?? '', ...usageCells(usage)]);
      continue;
    }
    const containers = m.containers
      .map((c) => ({ name: c.name, usage: usageOf(c.usage) }))
      .sort((a, b) =>
        options.sortBy ? compareUsage(a.usage, b.usage, options.sortBy) : byteOrder(a.name, b.name),
      );
    for (const c of containers) {
      rows.push([...prefix, m.metadata.name ?? '', c.name, ...usageCells(c.usage)]);
    }
  }
  if (options.sum) {
    // printPodResourcesSum, with its column count (which counts header columns only when
    // headers are printed).
    rows.push([...Array<string>(Math.max(0, columnWidth - 2)).fill(''), '________', '________']);
    rows.push([...Array<string>(Math.max(0, columnWidth - 3)).fill(''), '', ...usageCells(total)]);
  }
  return table(rows);
}

export interface NodeTableOptions {
  noHeaders: boolean;
  sortBy: TopSortBy;
  showSwap: boolean;
}

/**
 * PrintNodeMetrics: a row per node with metrics, then `<unknown>` rows for the other nodes
 * listed in `available` (by name here; kubectl's order there is a map's).
 */
export function nodeMetricsTable(
  metrics: NodeMetrics[],
  available: Map<string, ResourceList | undefined>,
  options: NodeTableOptions,
): string {
  if (metrics.length === 0) return '';
  const rows: string[][] = [];
  if (!options.noHeaders) {
    rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    if (options.showSwap) rows[0].push('SWAP(bytes)', 'SWAP(%)');
  }
  const left = new Map(available);
  const sorted = metrics
    .map((m) => ({ m, usage: usageOf(m.usage) }))
    .sort((a, b) =>
      options.sortBy
        ? compareUsage(a.usage, b.usage, options.sortBy)
        : byteOrder(a.m.metadata.name ?? '', b.m.metadata.name ?? ''),
    );
  for (const { m, usage } of sorted) {
    const name = m.metadata.name ?? '';
    const row = [name, cpuCell(usage.cpu)];
    const has = left.has(name);
    const avail = left.get(name);
    if (has && avail?.cpu !== undefined) row.push(percentCell(usage.cpu, nanos(avail.cpu)));
    row.push(memoryCell(usage.memory));
    if (has && avail?.memory !== undefined) {
      row.push(percentCell(usage.memory, nanos(avail.memory)));
    }
    // No node here reports swap: its cells are unknown, as for a node without swap.
    if (options.showSwap) row.push('<unknown>', '<unknown>');
    rows.push(row);
    left.delete(name);
  }
  const unknownCells = options.showSwap ? 6 : 4;
  for (const name of [...left.keys()].sort(byteOrder)) {
    rows.push([name, ...Array<string>(unknownCells).fill('<unknown>')]);
  }
  return table(rows);
}
