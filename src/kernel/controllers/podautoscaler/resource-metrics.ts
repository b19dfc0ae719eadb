import { podmetrics } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { PodMetrics } from '../../types/metrics.ts';
import { parseGoDuration } from '../../util/go-duration.ts';
import { milliValue, type PodMetricsInfo } from './replica-calculator.ts';

/**
 * The HPA's resource metrics client (GetResourceMetric): lists the PodMetrics of the selected
 * pods through the metrics API and sums each pod's containers' usage of the resource (or the
 * one named container's) in milli-units. A pod one of whose containers lacks the resource is
 * left out. Fails with upstream's wording when the API answers nothing.
 */
export async function resourceMetric(
  client: Client,
  resource: string,
  namespace: string,
  selector: string,
  container: string,
): Promise<{ metrics: PodMetricsInfo; timestamp: number }> {
  let items: PodMetrics[];
  try {
    items = (await client.list<PodMetrics>(podmetrics, namespace, { labelSelector: selector }))
      .items;
  } catch (err) {
    throw new Error(
      `unable to fetch metrics from resource metrics API: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (items.length === 0) throw new Error('no metrics returned from resource metrics API');
  const metrics: PodMetricsInfo = new Map();
  for (const m of items) {
    let sum = 0;
    let missing = m.containers.length === 0;
    for (const c of m.containers) {
      if (container !== '' && container !== c.name) continue;
      const value = c.usage[resource];
      if (value === undefined) {
        missing = true;
        break;
      }
      sum += milliValue(value);
    }
    if (missing) continue;
    metrics.set(m.metadata.name ?? '', {
      timestamp: Date.parse(m.timestamp),
      window: parseGoDuration(m.window),
      value: sum,
    });
  }
  return { metrics, timestamp: Date.parse(items[0].timestamp) };
}
