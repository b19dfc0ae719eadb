import { formatQuantity } from '../../api/quantity.ts';
import {
  labelSelectorString,
  type CompiledLabelSelector,
} from '../../api/selectors/label-selector.ts';
import type { Client } from '../../client/client.ts';
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from '../../types/autoscaling.ts';
import type { Pod } from '../../types/core.ts';
import type { ProposedCondition } from './hpa-conditions.ts';
import {
  milliValue,
  rawResourceReplicas,
  resourceReplicas,
  type CalculatorOptions,
} from './replica-calculator.ts';
import { resourceMetric } from './resource-metrics.ts';

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What computing a metric's proposal needs from the controller. */
export interface ProposalDeps {
  client: Client;
  /** Records a Warning event about the HPA. */
  warn(reason: string, message: string): void;
  /** The pods of the namespace the selector selects (the controller's pod cache). */
  pods(namespace: string, selector: CompiledLabelSelector): Pod[];
  options: CalculatorOptions;
}

/** The selector's string form, as the metrics API takes it. */
function selectorText(selector: CompiledLabelSelector): string {
  return labelSelectorString(selector);
}

/** A metric that could not be computed: the error, and the condition it proposes. */
export class MetricError extends Error {
  constructor(
    message: string,
    readonly condition: ProposedCondition,
  ) {
    super(message);
  }
}

/** One metric's proposal. */
export interface Proposal {
  replicas: number;
  metricName: string;
  status: MetricStatus;
}

/** buildQuantity: memory as a binary quantity, anything else decimal, from milli-units. */
function buildQuantity(resource: string, milli: number): string {
  return formatQuantity({
    nanos: BigInt(Math.trunc(milli)) * 1_000_000n,
    format: resource === 'memory' ? 'BinarySI' : 'DecimalSI',
  });
}

/**
 * computeReplicasForMetric: one metric's proposal, or a MetricError with the condition it
 * proposes (its Warning event recorded). Only resource metrics can be measured here.
 */
export async function proposeReplicas(
  deps: ProposalDeps,
  hpa: HorizontalPodAutoscaler,
  spec: MetricSpec,
  specReplicas: number,
  selector: CompiledLabelSelector,
): Promise<Proposal> {
  const unable = (reason: string, err: unknown, outer: string): MetricError => {
    deps.warn(reason, messageOf(err));
    return new MetricError(`${outer}: ${messageOf(err)}`, {
      type: 'ScalingActive',
      status: 'False',
      reason,
      message: `the HPA was unable to compute the replica count: ${messageOf(err)}`,
    });
  };
  const namespace = hpa.metadata.namespace ?? 'default';
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const container =
        spec.type === 'ContainerResource' ? (spec.containerResource?.container ?? '') : '';
      const name = source?.name ?? '';
      try {
        const { replicas, metricName, current } = await resourceProposal(
          deps,
          specReplicas,
          source?.target ?? ({} as MetricTarget),
          name,
          container,
          namespace,
          selector,
          spec.type,
        );
        const status: MetricStatus =
          spec.type === 'Resource'
            ? { type: 'Resource', resource: { name, current } }
            : { type: 'ContainerResource', containerResource: { name, container, current } };
        return { replicas, metricName, status };
      } catch (err) {
        throw spec.type === 'Resource'
          ? unable('FailedGetResourceMetric', err, `failed to get ${name} resource metric value`)
          : unable(
              'FailedGetContainerResourceMetric',
              err,
              `failed to get ${container} container metric value`,
            );
      }
    }
    // No custom or external metrics API is served here: these fail as they do on a
    // cluster without such an adapter.
    case 'Pods': {
      const metric = spec.pods?.metric.name ?? '';
      throw unable(
        'FailedGetPodsMetric',
        new Error(
          `unable to get metric ${metric}: unable to fetch metrics from custom metrics API: the server could not find the requested resource`,
        ),
        'failed to get pods metric value',
      );
    }
    case 'Object': {
      const object = spec.object;
      const metric = object?.metric.name ?? '';
      throw unable(
        'FailedGetObjectMetric',
        new Error(
          `unable to get metric ${metric} on ${object?.describedObject.kind ?? ''} ${namespace}/${object?.describedObject.name ?? ''}: unable to fetch metrics from custom metrics API: the server could not find the requested resource`,
        ),
        'failed to get object metric value',
      );
    }
    case 'External': {
      const metric = spec.external?.metric.name ?? '';
      throw unable(
        'FailedGetExternalMetric',
        new Error(
          `unable to get external metric ${namespace}/${metric}: unable to fetch metrics from external metrics API: the server could not find the requested resource`,
        ),
        `failed to get ${metric} external metric value`,
      );
    }
    default:
      throw unable(
        'InvalidMetricSourceType',
        new Error(`unknown metric source type "${String(spec.type)}"`),
        'failed to compute metric',
      );
  }
}

/** computeStatusForResourceMetricGeneric: a resource target's proposal and current value. */
async function resourceProposal(
  deps: ProposalDeps,
  currentReplicas: number,
  target: MetricTarget,
  resource: string,
  container: string,
  namespace: string,
  selector: CompiledLabelSelector,
  sourceType: 'Resource' | 'ContainerResource',
): Promise<{ replicas: number; metricName: string; current: MetricValueStatus }> {
  const options = deps.options;
  const measure = async () => {
    try {
      return await resourceMetric(
        deps.client,
        resource,
        namespace,
        selectorText(selector),
        container,
      );
    } catch (err) {
      throw new Error(`unable to get metrics for resource ${resource}: ${messageOf(err)}`);
    }
  };
  const pods = () => deps.pods(namespace, selector);
  if (target.averageValue !== undefined) {
    try {
      const { metrics } = await measure();
      const { replicas, usage } = rawResourceReplicas(
        currentReplicas,
        milliValue(target.averageValue),
        resource,
        pods(),
        metrics,
        options,
      );
      return {
        replicas,
        metricName: `${resource} resource`,
        current: { averageValue: buildQuantity(resource, usage) },
      };
    } catch (err) {
      throw new Error(`failed to get ${resource} usage: ${messageOf(err)}`);
    }
  }
  if (target.averageUtilization === undefined) {
    throw new Error(
      'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    );
  }
  try {
    const { metrics } = await measure();
    const proposal = resourceReplicas(
      currentReplicas,
      target.averageUtilization,
      resource,
      container,
      pods(),
      metrics,
      options,
    );
    return {
      replicas: proposal.replicas,
      metricName:
        sourceType === 'ContainerResource'
          ? `${resource} container resource utilization (percentage of request)`
          : `${resource} resource utilization (percentage of request)`,
      current: {
        averageUtilization: proposal.utilization,
        averageValue: buildQuantity(resource, proposal.rawUsage),
      },
    };
  } catch (err) {
    throw new Error(`failed to get ${resource} utilization: ${messageOf(err)}`);
  }
}
