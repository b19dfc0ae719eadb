/**
 * autoscaling/v1 HorizontalPodAutoscaler ⇄ autoscaling/v2, as the apiserver converts between
 * them (pkg/apis/autoscaling/v1 conversion): v1 has only targetCPUUtilizationPercentage, so the
 * other metrics, the behavior, the current metrics and the conditions travel in annotations
 * (`autoscaling.alpha.kubernetes.io/...`, v1's alpha metric shapes; the behavior as the
 * internal type marshals, with Go's field names) and are lifted back out when a v1 object is
 * written. A v1 HPA without any metric gets v1's implicit 80% CPU.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const metricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
const currentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';
const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
const roundTrip = [
  metricsAnnotation,
  currentMetricsAnnotation,
  behaviorAnnotation,
  conditionsAnnotation,
];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Drops undefined fields, as omitempty would. */
const compact = (o: Obj): Obj =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function isCpuUtilization(metric: Obj): boolean {
  const resource = obj(metric.resource);
  return (
    metric.type === 'Resource' &&
    resource.name === 'cpu' &&
    obj(resource.target).averageUtilization !== undefined
  );
}

/** v2 MetricSpec → v1's alpha MetricSpec. */
function metricToV1(metric: Obj): Obj {
  const out: Obj = { type: metric.type };
  const target = (source: unknown) => obj(obj(source).target);
  switch (metric.type) {
    case 'Resource':
    case 'ContainerResource': {
      const field = metric.type === 'Resource' ? 'resource' : 'containerResource';
      const source = obj(metric[field]);
      out[field] = compact({
        name: source.name,
        targetAverageUtilization: target(source).averageUtilization,
        targetAverageValue: target(source).averageValue,
        container: field === 'containerResource' ? (source.container ?? '') : undefined,
      });
      break;
    }
    case 'Pods': {
      const source = obj(metric.pods);
      out.pods = compact({
        metricName: obj(source.metric).name ?? '',
        targetAverageValue: target(source).averageValue ?? '0',
        selector: obj(source.metric).selector,
      });
      break;
    }
    case 'Object': {
      const source = obj(metric.object);
      out.object = compact({
        target: source.describedObject,
        metricName: obj(source.metric).name ?? '',
        targetValue: target(source).value ?? '0',
        selector: obj(source.metric).selector,
        averageValue: target(source).averageValue,
      });
      break;
    }
    case 'External': {
      const source = obj(metric.external);
      out.external = compact({
        metricName: obj(source.metric).name ?? '',
        metricSelector: obj(source.metric).selector,
        targetValue: target(source).value,
        targetAverageValue: target(source).averageValue,
      });
      break;
    }
  }
  return out;
}

/** v1's alpha MetricSpec → v2 MetricSpec. */
function metricFromV1(metric: Obj): Obj {
  const out: Obj = { type: metric.type };
  switch (metric.type) {
    case 'Resource':
    case 'ContainerResource': {
      const field = metric.type === 'Resource' ? 'resource' : 'containerResource';
      const source = obj(metric[field]);
      const utilization = source.targetAverageUtilization;
      out[field] = compact({
        name: source.name,
        target: compact({
          type: utilization === undefined ? 'AverageValue' : 'Utilization',
          averageValue: source.targetAverageValue,
          averageUtilization: utilization,
        }),
        container: field === 'containerResource' ? source.container : undefined,
      });
      break;
    }
    case 'Pods': {
      const source = obj(metric.pods);
      out.pods = {
        metric: compact({ name: source.metricName, selector: source.selector }),
        target: { type: 'AverageValue', averageValue: source.targetAverageValue },
      };
      break;
    }
    case 'Object': {
      const source = obj(metric.object);
      out.object = {
        describedObject: source.target,
        target: compact({
          type: source.averageValue === undefined ? 'Value' : 'AverageValue',
          value: source.targetValue,
          averageValue: source.averageValue,
        }),
        metric: compact({ name: source.metricName, selector: source.selector }),
      };
      break;
    }
    case 'External': {
      const source = obj(metric.external);
      out.external = {
        metric: compact({ name: source.metricName, selector: source.metricSelector }),
        target: compact({
          type: source.targetValue !== undefined ? 'Value' : 'AverageValue',
          value: source.targetValue,
          averageValue: source.targetAverageValue,
        }),
      };
      break;
    }
  }
  return out;
}

/** v2 MetricStatus → v1's alpha MetricStatus. */
function statusToV1(status: Obj): Obj {
  const out: Obj = { type: status.type };
  const current = (source: Obj) => obj(source.current);
  switch (status.type) {
    case 'Resource':
    case 'ContainerResource': {
      const field = status.type === 'Resource' ? 'resource' : 'containerResource';
      const source = obj(status[field]);
      out[field] = compact({
        name: source.name,
        currentAverageUtilization: current(source).averageUtilization,
        currentAverageValue: current(source).averageValue ?? '0',
        container: field === 'containerResource' ? (source.container ?? '') : undefined,
      });
      break;
    }
    case 'Pods': {
      const source = obj(status.pods);
      out.pods = compact({
        metricName: obj(source.metric).name ?? '',
        currentAverageValue: current(source).averageValue ?? '0',
        selector: obj(source.metric).selector,
      });
      break;
    }
    case 'Object': {
      const source = obj(status.object);
      out.object = compact({
        target: source.describedObject,
        metricName: obj(source.metric).name ?? '',
        currentValue: current(source).value ?? '0',
        selector: obj(source.metric).selector,
        averageValue: current(source).averageValue,
      });
      break;
    }
    case 'External': {
      const source = obj(status.external);
      out.external = compact({
        metricName: obj(source.metric).name ?? '',
        metricSelector: obj(source.metric).selector,
        currentValue: current(source).value ?? '0',
        currentAverageValue: current(source).averageValue,
      });
      break;
    }
  }
  return out;
}

/** v1's alpha MetricStatus → v2 MetricStatus. */
function statusFromV1(status: Obj): Obj {
  const out: Obj = { type: status.type };
  switch (status.type) {
    case 'Resource':
    case 'ContainerResource': {
      const field = status.type === 'Resource' ? 'resource' : 'containerResource';
      const source = obj(status[field]);
      out[field] = compact({
        name: source.name,
        current: compact({
          averageValue: source.currentAverageValue,
          averageUtilization: source.currentAverageUtilization,
        }),
        container: field === 'containerResource' ? source.container : undefined,
      });
      break;
    }
    case 'Pods': {
      const source = obj(status.pods);
      out.pods = {
        metric: compact({ name: source.metricName, selector: source.selector }),
        current: { averageValue: source.currentAverageValue },
      };
      break;
    }
    case 'Object': {
      const source = obj(status.object);
      out.object = {
        metric: compact({ name: source.metricName, selector: source.selector }),
        current: compact({ value: source.currentValue, averageValue: source.averageValue }),
        describedObject: source.target,
      };
      break;
    }
    case 'External': {
      const source = obj(status.external);
      out.external = {
        metric: compact({ name: source.metricName, selector: source.metricSelector }),
        current: compact({ value: source.currentValue, averageValue: source.currentAverageValue }),
      };
      break;
    }
  }
  return out;
}

/** The behavior as the internal type marshals (Go field names, nil pointers as null). */
function behaviorToAnnotation(behavior: Obj): string {
  const rules = (value: unknown) => {
    if (!isObj(value)) return null;
    return {
      StabilizationWindowSeconds: value.stabilizationWindowSeconds ?? null,
      SelectPolicy: value.selectPolicy ?? null,
      Policies: Array.isArray(value.policies)
        ? value.policies.map((p) => ({
            Type: obj(p).type,
            Value: obj(p).value,
            PeriodSeconds: obj(p).periodSeconds,
          }))
        : null,
      Tolerance: value.tolerance ?? null,
    };
  };
  return JSON.stringify({ ScaleUp: rules(behavior.scaleUp), ScaleDown: rules(behavior.scaleDown) });
}

/** Go's json.Unmarshal matches field names case-insensitively: find a key in any case. */
function field(o: Obj, name: string): unknown {
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

function behaviorFromAnnotation(text: string): Obj | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(parsed)) return undefined;
  const rules = (value: unknown) => {
    if (!isObj(value)) return undefined;
    const policies = field(value, 'Policies');
    return compact({
      stabilizationWindowSeconds: field(value, 'StabilizationWindowSeconds') ?? undefined,
      selectPolicy: field(value, 'SelectPolicy') ?? undefined,
      policies: Array.isArray(policies)
        ? policies.map((p) => ({
            type: field(obj(p), 'Type'),
            value: field(obj(p), 'Value'),
            periodSeconds: field(obj(p), 'PeriodSeconds'),
          }))
        : undefined,
      tolerance: field(value, 'Tolerance') ?? undefined,
    });
  };
  const behavior = compact({
    scaleUp: rules(field(parsed, 'ScaleUp')),
    scaleDown: rules(field(parsed, 'ScaleDown')),
  });
  return Object.keys(behavior).length > 0 ? behavior : undefined;
}

function parseList(text: string | undefined): Obj[] | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isObj) : undefined;
  } catch {
    return undefined;
  }
}

/** Annotations without the round-trip ones (DropRoundTripHorizontalPodAutoscalerAnnotations). */
function withoutRoundTrip(annotations: unknown): Record<string, string> | undefined {
  if (!isObj(annotations)) return undefined;
  const kept = Object.fromEntries(
    Object.entries(annotations).filter(([k]) => !roundTrip.includes(k)),
  ) as Record<string, string>;
  return kept;
}

/** An autoscaling/v2 HPA as autoscaling/v1 serves it. */
export function hpaToV1(v2: KubeObject): KubeObject {
  const spec = obj(v2.spec);
  const status = isObj(v2.status) ? v2.status : undefined;
  const metrics = arr(spec.metrics).filter(isObj);
  const annotations: Record<string, string> = { ...withoutRoundTrip(v2.metadata.annotations) };
  const cpu = metrics.find(isCpuUtilization);
  const other = metrics.filter((m) => !isCpuUtilization(m));
  if (other.length > 0) annotations[metricsAnnotation] = JSON.stringify(other.map(metricToV1));
  const current = arr(status?.currentMetrics).filter(isObj);
  if (current.length > 0) {
    annotations[currentMetricsAnnotation] = JSON.stringify(current.map(statusToV1));
  }
  if (isObj(spec.behavior)) annotations[behaviorAnnotation] = behaviorToAnnotation(spec.behavior);
  const conditions = arr(status?.conditions);
  if (conditions.length > 0) annotations[conditionsAnnotation] = JSON.stringify(conditions);
  const cpuStatus = current.find(
    (m) =>
      m.type === 'Resource' &&
      obj(m.resource).name === 'cpu' &&
      obj(obj(m.resource).current).averageUtilization !== undefined,
  );
  const metadata = { ...v2.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return {
    ...v2,
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: compact({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu
        ? obj(obj(cpu.resource).target).averageUtilization
        : undefined,
    }),
    ...(status
      ? {
          status: compact({
            observedGeneration: status.observedGeneration,
            lastScaleTime: status.lastScaleTime,
            currentReplicas: status.currentReplicas ?? 0,
            desiredReplicas: status.desiredReplicas ?? 0,
            currentCPUUtilizationPercentage: cpuStatus
              ? obj(obj(cpuStatus.resource).current).averageUtilization
              : undefined,
          }),
        }
      : {}),
  };
}

/** An autoscaling/v1 HPA as stored (autoscaling/v2), its round-trip annotations lifted out. */
export function hpaFromV1(v1: KubeObject): KubeObject {
  const spec = obj(v1.spec);
  const status = isObj(v1.status) ? v1.status : undefined;
  const annotations = obj(v1.metadata.annotations) as Record<string, string | undefined>;
  const metrics: Obj[] = (parseList(annotations[metricsAnnotation]) ?? []).map(metricFromV1);
  if (
    spec.targetCPUUtilizationPercentage !== undefined &&
    spec.targetCPUUtilizationPercentage !== null
  ) {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  }
  if (metrics.length === 0) {
    metrics.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
    });
  }
  const behaviorText = annotations[behaviorAnnotation];
  const behavior = behaviorText === undefined ? undefined : behaviorFromAnnotation(behaviorText);
  const metadata = { ...v1.metadata };
  const kept = withoutRoundTrip(v1.metadata.annotations);
  if (kept && Object.keys(kept).length > 0) metadata.annotations = kept;
  else delete metadata.annotations;
  let v2Status: Obj | undefined;
  if (status) {
    const cpu = status.currentCPUUtilizationPercentage;
    const current =
      parseList(annotations[currentMetricsAnnotation]) ??
      (typeof cpu === 'number'
        ? [
            {
              type: 'Resource',
              resource: { name: 'cpu', currentAverageUtilization: cpu, currentAverageValue: '0' },
            },
          ]
        : undefined);
    const conditions = parseList(annotations[conditionsAnnotation]);
    v2Status = compact({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas || undefined,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentMetrics: current ? current.map(statusFromV1) : null,
      conditions,
    });
  }
  return {
    ...v1,
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: compact({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics,
      behavior,
    }),
    ...(v2Status ? { status: v2Status } : {}),
  };
}
