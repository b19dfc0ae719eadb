import { horizontalpodautoscalers } from '../../api/resources.ts';
import type { HorizontalPodAutoscaler, HPAScalingRules } from '../../types/autoscaling.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels, rfc1123z } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** printDirectionBehavior. */
function printDirectionBehavior(
  w: PrefixWriter,
  direction: string,
  rules: HPAScalingRules | undefined,
): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) {
    w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  }
  if (rules.policies?.length) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of rules.policies) {
      w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
    }
  }
}

/**
 * `kubectl describe hpa` (describeHorizontalPodAutoscalerV2): the reference, each metric as
 * current / target, bounds, behavior, replica counts, conditions and events.
 */
export const describeHorizontalPodAutoscaler: Describer = async (ctx, namespace, name) => {
  const hpa = await ctx.client.get<HorizontalPodAutoscaler>(
    horizontalpodautoscalers,
    namespace,
    name,
  );
  const current = hpa.status?.currentMetrics ?? [];
  const w = new PrefixWriter();
  w.write(0, `Name:\t${hpa.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
  printLabels(w, 'Labels', hpa.metadata.labels);
  printAnnotations(w, 'Annotations', hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  for (const [i, metric] of (hpa.spec.metrics ?? []).entries()) {
    const status = current[i];
    switch (metric.type) {
      case 'External': {
        const ext = metric.external!;
        if (ext.target.averageValue !== undefined) {
          const value = status?.external?.current.averageValue ?? '<unknown>';
          w.write(
            1,
            `"${ext.metric.name}" (target average value):\t${value} / ${ext.target.averageValue}\n`,
          );
        } else {
          const value = status?.external ? (status.external.current.value ?? '0') : '<unknown>';
          w.write(
            1,
            `"${ext.metric.name}" (target value):\t${value} / ${ext.target.value ?? '0'}\n`,
          );
        }
        break;
      }
      case 'Pods': {
        const pods = metric.pods!;
        const value = status?.pods ? (status.pods.current.averageValue ?? '0') : '<unknown>';
        w.write(
          1,
          `"${pods.metric.name}" on pods:\t${value} / ${pods.target.averageValue ?? '0'}\n`,
        );
        break;
      }
      case 'Object': {
        const obj = metric.object!;
        w.write(
          1,
          `"${obj.metric.name}" on ${obj.describedObject.kind}/${obj.describedObject.name} `,
        );
        if (obj.target.type === 'AverageValue') {
          const value = status?.object ? (status.object.current.averageValue ?? '0') : '<unknown>';
          w.write(0, `(target average value):\t${value} / ${obj.target.averageValue ?? '0'}\n`);
        } else {
          const value = status?.object ? (status.object.current.value ?? '0') : '<unknown>';
          w.write(0, `(target value):\t${value} / ${obj.target.value ?? '0'}\n`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const source = metric.type === 'Resource' ? metric.resource! : metric.containerResource!;
        const observed = metric.type === 'Resource' ? status?.resource : status?.containerResource;
        w.write(
          1,
          metric.type === 'Resource'
            ? `resource ${source.name} on pods`
            : `resource ${source.name} of container "${metric.containerResource!.container}" on pods`,
        );
        if (source.target.averageValue !== undefined) {
          const value = observed ? (observed.current.averageValue ?? '0') : '<unknown>';
          w.write(0, `:\t${value} / ${source.target.averageValue}\n`);
        } else {
          const utilization = observed?.current.averageUtilization;
          const value =
            utilization !== undefined
              ? `${utilization}% (${observed?.current.averageValue ?? '0'})`
              : '<unknown>';
          const target =
            source.target.averageUtilization !== undefined
              ? `${source.target.averageUtilization}%`
              : '<auto>';
          w.write(1, `(as a percentage of request):\t${value} / ${target}\n`);
        }
        break;
      }
      default:
        w.write(1, `<unknown metric type "${String(metric.type)}">\n`);
    }
  }
  const min = hpa.spec.minReplicas === undefined ? '<unset>' : String(hpa.spec.minReplicas);
  w.write(0, `Min replicas:\t${min}\n`);
  w.write(0, `Max replicas:\t${hpa.spec.maxReplicas}\n`);
  if (hpa.spec.behavior) {
    w.write(0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', hpa.spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', hpa.spec.behavior.scaleDown);
  }
  w.write(0, `${hpa.spec.scaleTargetRef.kind} pods:\t`);
  w.write(
    0,
    `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired\n`,
  );
  const conditions = hpa.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conditions) {
      w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
  }
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: hpa.metadata.name ?? name,
        namespace: hpa.metadata.namespace ?? namespace,
        kind: 'HorizontalPodAutoscaler',
        uid: hpa.metadata.uid,
      },
    ]);
  }
  return w.result();
};
