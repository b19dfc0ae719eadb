import { isNotFound, notFound } from '../../api/errors.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { sleep } from '../../clock/clock.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { fetchTargets, type Target } from '../fetch-targets.ts';
import { flagArray, flagString, type ParsedArgs } from '../flags.ts';
import { parseDurationFlag } from '../go-duration.ts';
import {
  jsonPathValueText,
  parseJsonPath,
  relaxedJsonPath,
  type JsonPath,
} from '../printers/jsonpath.ts';
import { objectRef, parseResourceArgs } from '../resource-types.ts';
import { watchUntil } from '../watch-until.ts';

const missingResource = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** Ctrl-C: kubectl's interrupt handler exits 1 without printing anything. */
class Interrupted extends Error {}

/** One `--for`: whether an object (or its absence) satisfies it. */
type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; status: string }
  | { kind: 'jsonpath'; path: JsonPath; value: string | undefined };

/** kubectl wait's splitJSONPathInput: splits on single `=`, keeping `==` inside the path. */
function splitOnSingleEquals(input: string): string[] {
  const out: string[] = [];
  let element = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=') {
      if (input[i + 1] === '=') {
        element += '==';
        i++;
        continue;
      }
      out.push(element);
      element = '';
      continue;
    }
    element += input[i];
  }
  out.push(element);
  return out;
}

function parseConditions(specs: readonly string[]): Condition[] {
  const conditions: Condition[] = [];
  for (const spec of specs) {
    const lower = spec.toLowerCase();
    if (lower === 'delete') conditions.push({ kind: 'delete' });
    else if (lower === 'create') conditions.push({ kind: 'create' });
    else if (spec.startsWith('condition=')) {
      let name = spec.slice('condition='.length);
      let status = 'true';
      const eq = name.indexOf('=');
      if (eq >= 0) {
        status = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      conditions.push({ kind: 'condition', name, status });
    } else if (spec.startsWith('jsonpath=')) {
      const parts = splitOnSingleEquals(spec.slice('jsonpath='.length));
      if (parts.length < 1 || parts.length > 2)
        throw new KubectlError(
          "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
        );
      const expression = relaxedJsonPath(parts[0]);
      let value: string | undefined;
      if (parts.length === 2) {
        value = parts[1].replace(/^['"]+|['"]+$/g, '');
        if (value === '')
          throw new KubectlError(
            "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
          );
      }
      conditions.push({ kind: 'jsonpath', path: parseJsonPath(expression), value });
    } else {
      throw new KubectlError(`unrecognized condition: "${spec}"`);
    }
  }
  if (conditions.length === 0) throw new KubectlError('unrecognized condition: []');
  return conditions;
}

/** ConditionalWait.checkCondition: the named status condition has the wanted status, for this generation. */
function conditionMet(object: KubeObject, name: string, status: string): boolean {
  const conditions = (object.status as { conditions?: Record<string, unknown>[] } | undefined)
    ?.conditions;
  for (const c of conditions ?? []) {
    if (typeof c.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase()) continue;
    if (typeof c.status !== 'string') continue;
    const generation = object.metadata.generation;
    if (generation !== undefined) {
      const observed =
        (c.observedGeneration as number | undefined) ??
        (object.status as { observedGeneration?: number }).observedGeneration;
      if (observed !== undefined && observed < generation) return false;
    }
    return c.status.toLowerCase() === status.toLowerCase();
  }
  return false;
}

/** JSONPathWait.checkCondition: the path finds one scalar, equal to the value if one was given. */
function jsonPathMet(object: KubeObject, path: JsonPath, value: string | undefined): boolean {
  const results = path.findResults(object);
  if (results.length === 0 || results[0].length === 0) return false;
  if (results.length > 1)
    throw new KubectlError('given jsonpath expression matches more than one list');
  if (results[0].length > 1)
    throw new KubectlError('given jsonpath expression matches more than one value');
  if (value === undefined) return true;
  const found = results[0][0];
  if (typeof found === 'object' && found !== null)
    throw new KubectlError('jsonpath leads to a nested object or list which is not supported');
  return jsonPathValueText(found).trim() === value.trim();
}

interface WaitRun {
  ctx: KubectlContext;
  /** Cluster time at which the whole wait gives up. */
  deadline: number;
  timeoutMs: number;
}

/** The wait for one object and one condition; resolves when met, throws kubectl's error otherwise. */
async function waitFor(run: WaitRun, target: Target, condition: Condition): Promise<void> {
  const { ctx } = run;
  const { info, object } = target;
  const ns = object.metadata.namespace;
  const name = object.metadata.name ?? '';
  const objectName = `${info.resource}/${name}`;
  const timedOut = new KubectlError(`timed out waiting for the condition on ${objectName}`);
  const check = (o: KubeObject) =>
    condition.kind === 'condition'
      ? conditionMet(o, condition.name, condition.status)
      : condition.kind === 'jsonpath'
        ? jsonPathMet(o, condition.path, condition.value)
        : true;

  if (condition.kind === 'delete') {
    let current: KubeObject;
    try {
      current = await ctx.client.get(info, ns, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (run.timeoutMs === 0) throw new KubectlError(`condition not met for ${objectName}`);
    const remaining = run.deadline - ctx.clock.now();
    if (remaining <= 0) throw timedOut;
    const outcome = await watchUntil(ctx, {
      info,
      namespace: ns,
      name,
      timeoutMs: remaining,
      precondition: (listed) => !listed || listed.metadata.uid !== current.metadata.uid,
      condition: (type) => type === 'DELETED',
    });
    if (outcome.kind === 'aborted') throw new Interrupted();
    if (outcome.kind === 'timeout') throw timedOut;
    return;
  }

  if (run.timeoutMs === 0) {
    const current = await ctx.client.get(info, ns, name);
    if (!check(current)) throw new KubectlError(`condition not met for ${objectName}`);
    return;
  }
  const remaining = run.deadline - ctx.clock.now();
  if (remaining <= 0) throw timedOut;
  const outcome = await watchUntil(ctx, {
    info,
    namespace: ns,
    name,
    timeoutMs: remaining,
    precondition(listed) {
      if (!listed) throw notFound({ group: info.group, resource: info.resource }, name);
      return false;
    },
    condition: (type, o) => type !== 'DELETED' && check(o),
  });
  if (outcome.kind === 'aborted') throw new Interrupted();
  if (outcome.kind === 'timeout') throw timedOut;
}

/** `--for=create`: polls every half second of cluster time until the objects can be found. */
async function waitForCreate(run: WaitRun, find: () => Promise<Target[]>): Promise<void> {
  for (;;) {
    try {
      if ((await find()).length > 0) return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (run.ctx.clock.now() + 500 > run.deadline)
      throw new KubectlError('timed out waiting for the condition');
    try {
      await sleep(run.ctx.clock, 500, run.ctx.signal);
    } catch {
      throw new Interrupted();
    }
  }
}

async function findTargets(ctx: KubectlContext, args: ParsedArgs, forDelete: boolean) {
  const selector = flagString(args, 'selector');
  if (!forDelete) return fetchTargets(ctx, args.positionals, namespaceOf(ctx, args), selector);
  // --for=delete ignores objects that are already gone.
  const targets: Target[] = [];
  const namespace = namespaceOf(ctx, args);
  for (const { info, names } of parseResourceArgs(args.positionals)) {
    if (names.length === 0) {
      targets.push(...(await fetchTargets(ctx, [info.resource], namespace, selector)));
      continue;
    }
    for (const name of names) {
      try {
        targets.push({ info, object: await ctx.client.get(info, namespace, name) });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
  return targets;
}

register({
  path: ['wait'],
  short: 'Wait for a specific condition on one or many resources',
  examples:
    '  # Wait for the pod "busybox1" to contain the status condition of type "Ready"\n  kubectl wait --for=condition=Ready pod/busybox1\n\n  # Wait for the pod "busybox1" to contain the status phase to be "Running"\n  kubectl wait --for=jsonpath=\'{.status.phase}\'=Running pod/busybox1\n\n  # Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command\n  kubectl delete pod/busybox1\n  kubectl wait --for=delete pod/busybox1 --timeout=60s',
  flags: [
    {
      name: 'for',
      type: 'stringArray',
      usage:
        "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity. Multiple conditions are supported and AND'ed to each other in a sequential order. If --for=create is passed, it is always waited first.",
    },
    {
      name: 'timeout',
      type: 'string',
      default: '30s',
      usage:
        "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.",
    },
    {
      name: 'selector',
      short: 'l',
      type: 'string',
      usage:
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    },
    {
      name: 'all',
      type: 'bool',
      usage: 'Select all resources in the namespace of the specified resource types',
    },
  ],
  async run(ctx, args) {
    const specs = flagArray(args, 'for');
    const conditions = parseConditions(specs);
    let timeoutMs = parseDurationFlag(flagString(args, 'timeout'), 'timeout');
    if (timeoutMs < 0) timeoutMs = 168 * 3_600_000;
    if (args.positionals.length === 0) throw new KubectlError(missingResource);
    const run: WaitRun = { ctx, deadline: ctx.clock.now() + timeoutMs, timeoutMs };
    const forDelete = conditions.some((c) => c.kind === 'delete');
    try {
      if (conditions.some((c) => c.kind === 'create'))
        await waitForCreate(run, () => findTargets(ctx, args, false));
      const targets = await findTargets(ctx, args, forDelete);
      if (targets.length === 0 && !forDelete) throw new KubectlError('no matching resources found');
      for (const target of targets) {
        for (const condition of conditions) {
          await waitFor(run, target, condition);
          ctx.stdout.write(`${refOf(target.info, target.object)} condition met\n`);
        }
      }
    } catch (err) {
      if (err instanceof Interrupted) return 1;
      throw err;
    }
    return 0;
  },
});

function refOf(info: ResourceInfo, object: KubeObject): string {
  return objectRef(info, object.metadata.name ?? '');
}
