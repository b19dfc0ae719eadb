import { hpaFromV1 } from '../../../api/conversion/hpa-v1.ts';
import { formatQuantity, parseQuantityValue, type QuantityFormat } from '../../../api/quantity.ts';
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
} from '../../../types/autoscaling.ts';
import type { ResourceList } from '../../../types/core.ts';
import type { KubeObject } from '../../../types/meta.ts';
import type { NodeMetrics, PodMetrics } from '../../../types/metrics.ts';
import { ageColumn, nameColumn, type Column } from './column.ts';

/** One metric's `current/target` cell (formatHPAMetrics). */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const source = spec.type === 'External' ? spec.external : spec.object;
      const current = spec.type === 'External' ? status?.external : status?.object;
      if (source?.target.averageValue !== undefined) {
        return `${current?.current.averageValue ?? '<unknown>'}/${source.target.averageValue} (avg)`;
      }
      return `${current ? (current.current.value ?? '0') : '<unknown>'}/${source?.target.value ?? '0'}`;
    }
    case 'Pods':
      return `${status?.pods ? (status.pods.current.averageValue ?? '0') : '<unknown>'}/${spec.pods?.target.averageValue ?? '0'}`;
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const current = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = source?.name ?? '';
      if (source?.target.averageValue !== undefined) {
        return `${name}: ${current ? (current.current.averageValue ?? '0') : '<unknown>'}/${source.target.averageValue}`;
      }
      const utilization = current?.current.averageUtilization;
      const target = source?.target.averageUtilization;
      return `${name}: ${utilization !== undefined ? `${utilization}%` : '<unknown>'}/${target !== undefined ? `${target}%` : '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: two metrics at most, then ` + N more...`; `<none>` without any. */
export function formatHpaMetrics(
  specs: readonly MetricSpec[] | undefined,
  statuses: readonly MetricStatus[] | null | undefined,
): string {
  if (!specs || specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => formatMetric(spec, statuses?.[i]));
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

/** The HPA as autoscaling/v2 (the server prints every version from its internal form). */
const v2 = (o: HorizontalPodAutoscaler): HorizontalPodAutoscaler =>
  (o.apiVersion as string) === 'autoscaling/v1' ? (hpaFromV1(o) as HorizontalPodAutoscaler) : o;

/** `kubectl get hpa` columns (printHorizontalPodAutoscaler). */
export const hpaColumns: Column<HorizontalPodAutoscaler>[] = [
  nameColumn as Column<HorizontalPodAutoscaler>,
  {
    header: 'REFERENCE',
    cell: (o) => `${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`,
  },
  {
    header: 'TARGETS',
    cell: (o) => formatHpaMetrics(v2(o).spec.metrics, v2(o).status?.currentMetrics),
  },
  {
    header: 'MINPODS',
    cell: (o) => (o.spec.minReplicas === undefined ? '<unset>' : String(o.spec.minReplicas)),
  },
  { header: 'MAXPODS', cell: (o) => String(o.spec.maxReplicas) },
  { header: 'REPLICAS', cell: (o) => String(o.status?.currentReplicas ?? 0) },
  ageColumn as Column<HorizontalPodAutoscaler>,
];

/** The sum of quantities, printed as Quantity.Add leaves it. */
function sum(values: (string | undefined)[], format: QuantityFormat): string {
  let nanos = 0n;
  for (const v of values) if (v !== undefined) nanos += parseQuantityValue(v).nanos;
  return formatQuantity({ nanos, format });
}

function usageOf(o: KubeObject): ResourceList {
  const pod = o as PodMetrics;
  if (Array.isArray(pod.containers)) {
    return {
      cpu: sum(
        pod.containers.map((c) => c.usage.cpu),
        'DecimalSI',
      ),
      memory: sum(
        pod.containers.map((c) => c.usage.memory),
        'BinarySI',
      ),
    };
  }
  return (o as NodeMetrics).usage ?? {};
}

/**
 * `kubectl get pods.metrics.k8s.io` / `nodes.metrics.k8s.io`, as metrics-server's table
 * shows them: the name, each resource (a pod's summed over its containers), the window.
 */
export const metricsColumns: Column[] = [
  nameColumn,
  { header: 'CPU', cell: (o) => usageOf(o).cpu ?? '' },
  { header: 'MEMORY', cell: (o) => usageOf(o).memory ?? '' },
  { header: 'WINDOW', cell: (o) => String((o as PodMetrics).window ?? '') },
];
