import { parseQuantityValue } from '../../api/quantity.ts';
import { groupVersion, horizontalpodautoscalers, collectionPath } from '../../api/resources.ts';
import { isStatus, StatusError, internalError } from '../../api/errors.ts';
import { withLastApplied } from '../../client/apply.ts';
import type { HorizontalPodAutoscaler, MetricSpec } from '../../types/autoscaling.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { flagArray, flagBool, flagInt, flagString, type ParsedArgs } from '../flags.ts';
import { dryRunFlag, dryRunOf } from '../mutation-output.ts';
import { objectOutputFlag, objectPrinter } from '../print-flags.ts';
import { selectTargets } from '../object-targets.ts';

type Target =
  | { type: 'Utilization'; averageUtilization: number }
  | { type: 'AverageValue'; averageValue: string };

/**
 * parseResourceInput: `70%` targets utilization; a quantity (`500m`, `200Mi`) an average
 * value; a bare number is milli-CPU or MiB.
 */
export function parseTargetInput(input: string, resource: 'cpu' | 'memory'): Target {
  const text = input.trim();
  if (text === '') throw new KubectlError('empty input');
  if (text.endsWith('%')) {
    const digits = text.slice(0, -1);
    const value = /^[+-]?\d+$/.test(digits) ? Number(digits) : NaN;
    if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
      throw new KubectlError(`invalid percentage value: ${digits}`);
    }
    return { type: 'Utilization', averageUtilization: value };
  }
  let quantity = text;
  // strconv.ParseFloat, then `%g` with the default unit.
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    quantity = `${Number(text)}${resource === 'cpu' ? 'm' : 'Mi'}`;
  }
  try {
    parseQuantityValue(quantity);
  } catch {
    throw new KubectlError(`invalid resource ${resource} value: ${text}`);
  }
  return { type: 'AverageValue', averageValue: quantity };
}

function metricFor(resource: 'cpu' | 'memory', target: Target): MetricSpec {
  return { type: 'Resource', resource: { name: resource, target } };
}

async function create(
  ctx: KubectlContext,
  namespace: string,
  hpa: KubeObject,
  dryRun: string,
): Promise<KubeObject> {
  const response = await ctx.client.api.handle({
    verb: 'POST',
    path: collectionPath(horizontalpodautoscalers, namespace),
    query: {
      fieldManager: 'kubectl-autoscale',
      ...(dryRun === 'server' ? { dryRun: 'All' } : {}),
    },
    body: hpa,
  });
  if (response.status >= 200 && response.status < 300) return response.body as KubeObject;
  if (isStatus(response.body)) throw new StatusError(response.body);
  throw internalError(`unexpected response ${JSON.stringify(response.body)}`);
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  if (!args.given.has('max')) throw new KubectlError('required flag(s) "max" not set');
  const dryRun = dryRunOf(args);
  const min = flagInt(args, 'min');
  const max = flagInt(args, 'max');
  const cpuPercent = flagInt(args, 'cpu-percent');
  const cpu = flagString(args, 'cpu');
  const memory = flagString(args, 'memory');
  if (args.given.has('cpu-percent')) {
    ctx.stderr.write(
      "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n",
    );
  }
  if (max < 1) {
    throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  }
  if (max < min) {
    throw new KubectlError(
      `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`,
    );
  }
  if (cpuPercent > 0 && cpu !== '') {
    throw new KubectlError('--cpu-percent and --cpu are mutually exclusive');
  }
  const metrics: MetricSpec[] = [];
  if (cpuPercent > 0) {
    metrics.push(metricFor('cpu', { type: 'Utilization', averageUtilization: cpuPercent }));
  }
  if (cpu !== '') metrics.push(metricFor('cpu', parseTargetInput(cpu, 'cpu')));
  if (memory !== '') metrics.push(metricFor('memory', parseTargetInput(memory, 'memory')));
  // The client dry run prints the object as created; a real run as autoscaled.
  const print = await objectPrinter(
    ctx,
    args,
    dryRun === 'client' ? 'created' : 'autoscaled',
    dryRun,
  );
  const namespace = namespaceOf(ctx, args);
  const selection = await selectTargets(ctx, {
    resources: args.positionals,
    namespace,
    filenames: flagArray(args, 'filename'),
  });
  for (const line of selection.errors) ctx.stderr.write(`${line}\n`);
  let count = 0;
  for (const target of selection.targets) {
    // The builder reads the object before anything else: a missing one is the API's NotFound.
    await ctx.client.get(target.info, target.namespace, target.name);
    if (!target.info.subresources.includes('scale')) {
      const gvr = `${target.info.group}/${target.info.version}, Resource=${target.info.resource}`;
      throw new KubectlError(
        `cannot autoscale a ${target.info.kind}: could not find scale subresource for ${gvr} in discovery information`,
      );
    }
    const name = flagString(args, 'name') || target.name;
    const hpa: HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name },
      spec: {
        scaleTargetRef: {
          apiVersion: groupVersion(target.info),
          kind: target.info.kind,
          name: target.name,
        },
        ...(min > 0 ? { minReplicas: min } : {}),
        maxReplicas: max,
        ...(metrics.length > 0 ? { metrics } : {}),
      },
    };
    const ref = `horizontalpodautoscaler.autoscaling/${name}`;
    if (dryRun === 'client') {
      ctx.stdout.write(print(hpa, ref));
    } else {
      const body = flagBool(args, 'save-config') ? withLastApplied(hpa, undefined) : hpa;
      ctx.stdout.write(print(await create(ctx, target.namespace ?? namespace, body, dryRun), ref));
    }
    count++;
  }
  if (count === 0 && selection.errors.length === 0) {
    throw new KubectlError('no objects passed to autoscale');
  }
  return selection.errors.length > 0 ? 1 : 0;
}

/**
 * `kubectl autoscale (TYPE NAME | TYPE/NAME | -f FILE) --max=N [--min=N] [--cpu=50%|500m]
 * [--memory=60%|200Mi]`: creates an autoscaling/v2 HorizontalPodAutoscaler for a workload
 * with a scale subresource (`--cpu-percent` still works, with kubectl's deprecation notice).
 */
register({
  path: ['autoscale'],
  short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  examples: `  # Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used
  kubectl autoscale deployment foo --min=2 --max=10

  # Auto scale a replication controller "foo", with the number of pods between 1 and 5, target CPU utilization at 80%
  kubectl autoscale rc foo --max=5 --cpu=80%

  # Auto scale a deployment "bar", with the number of pods between 3 and 6, target average CPU of 500m and memory of 200Mi
  kubectl autoscale deployment bar --min=3 --max=6 --cpu=500m --memory=200Mi

  # Auto scale a deployment "bar", with the number of pods between 2 and 8, target CPU utilization 60% and memory utilization 70%
  kubectl autoscale deployment bar --min=3 --max=6 --cpu=60% --memory=70%`,
  flags: [
    {
      name: 'min',
      type: 'int',
      default: -1,
      usage:
        "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.",
    },
    {
      name: 'max',
      type: 'int',
      default: -1,
      usage: 'The upper limit for the number of pods that can be set by the autoscaler. Required.',
    },
    {
      name: 'cpu-percent',
      type: 'int',
      default: -1,
      usage:
        "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.",
    },
    {
      name: 'cpu',
      type: 'string',
      usage:
        'Target CPU utilization over all the pods. When specified as a percentage (e.g."70%" for 70% of requested CPU) it will target average utilization. When specified as quantity (e.g."500m" for 500 milliCPU) it will target average value. Value without units is treated as a quantity with miliCPU being the unit (e.g."500" is "500m").',
    },
    {
      name: 'memory',
      type: 'string',
      usage:
        'Target memory utilization over all the pods. When specified  as a percentage (e.g."60%" for 60% of requested memory) it will target average utilization. When specified as quantity (e.g."200Mi" for 200 MiB, "1Gi" for 1 GiB) it will target average value. Value without units is treated as a quantity with mebibytes being the unit (e.g."200" is "200Mi").',
    },
    {
      name: 'name',
      type: 'string',
      usage:
        'The name for the newly created object. If not specified, the name of the input resource will be used.',
    },
    {
      name: 'filename',
      short: 'f',
      type: 'stringArray',
      usage: 'Filename, directory, or URL to files identifying the resource to autoscale.',
    },
    {
      name: 'save-config',
      type: 'bool',
      usage:
        'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.',
    },
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-autoscale',
      usage: 'Name of the manager used to track field ownership.',
    },
    dryRunFlag,
    objectOutputFlag,
  ],
  run,
});
