import type { ResourceInfo } from '../../api/resources.ts';
import type { Container, EnvVar, PodSpec } from '../../types/core.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { fetchTargets } from '../fetch-targets.ts';
import { flagArray, flagBool, flagString, type FlagSpec, type ParsedArgs } from '../flags.ts';
import { registerParent } from '../parent-command.ts';
import { reportErrors } from '../report-errors.ts';
import { objectRef } from '../resource-types.ts';

registerParent({
  name: 'set',
  short: 'Set specific features on objects',
  long: 'Configure application resources.\n\n These commands help you make changes to existing application resources.',
  helpTo: 'stderr',
});

const missingResource = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** The flags every `set` sub-command takes: `--all` and `-l`. */
export const commonFlags: FlagSpec[] = [
  {
    name: 'all',
    type: 'bool',
    usage: 'Select all resources, in the namespace of the specified resource types',
  },
  {
    name: 'selector',
    short: 'l',
    type: 'string',
    usage:
      "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
  },
];

const changeCauseKey = 'kubernetes.io/change-cause';

/**
 * The command as cli-runtime's RecordFlags records it: `kubectl`, the words, then each flag
 * given as `--name=value` in the order typed.
 */
function commandLine(path: string[], args: ParsedArgs): string {
  const flags = [...args.given].map((name) => {
    const value = args.flags.get(name);
    return ` --${name}=${Array.isArray(value) ? value.join(',') : String(value)}`;
  });
  return `kubectl ${[...path, ...args.positionals].join(' ')}${flags.join('')}`;
}

/** Go's `%T` of the object kubectl would have decoded, for "not a pod" errors. */
export function goType(info: ResourceInfo): string {
  return `*${info.version}.${info.kind}`;
}

/**
 * polymorphichelpers.UpdatePodSpecForObject: where an object keeps its pod spec (a Pod's
 * own, a workload's template), with the path a strategic patch must wrap a change in.
 */
export function podSpecOf(
  object: KubeObject,
): { spec: PodSpec; wrap: (specPatch: unknown) => unknown } | undefined {
  const kind = object.kind ?? '';
  if (kind === 'Pod') return { spec: object.spec as PodSpec, wrap: (p) => ({ spec: p }) };
  if (templateKinds.has(kind)) {
    const spec = (object.spec as { template?: { spec?: PodSpec } }).template?.spec;
    if (spec) return { spec, wrap: (p) => ({ spec: { template: { spec: p } } }) };
  }
  if (kind === 'CronJob') {
    const spec = (object.spec as { jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } })
      .jobTemplate?.spec?.template?.spec;
    if (spec)
      return {
        spec,
        wrap: (p) => ({ spec: { jobTemplate: { spec: { template: { spec: p } } } } }),
      };
  }
  return undefined;
}

/** The kinds that keep their pod template at `spec.template`. */
const templateKinds = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
]);

/** cmdutil.GetResourcesAndPairs: resources first, then `KEY=VALUE` / `KEY-` pairs. */
function splitPairs(args: readonly string[], pairType: string): [string[], string[]] {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (isPair) pairs.push(s);
    else if (pairs.length > 0)
      throw new KubectlError(`all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return [resources, pairs];
}

/** The objects named by the resource words (or `-l`), fetched from the server. */
export async function targetsFor(ctx: KubectlContext, args: ParsedArgs, resources: string[]) {
  if (resources.length === 0) throw new KubectlError(missingResource);
  return fetchTargets(ctx, resources, namespaceOf(ctx, args), flagString(args, 'selector'));
}

/** One object's change: a strategic merge patch, or an error kubectl reports for it. */
export interface Change {
  patch?: unknown;
  error?: Error;
}

/**
 * Patches each changed object and prints `<kind>/<name> <word>`; objects with no change print
 * nothing (kubectl skips an empty patch). Per-object failures are collected and reported
 * together at the end, as kubectl's set commands do.
 */
export async function applyChanges(
  ctx: KubectlContext,
  changes: { info: ResourceInfo; object: KubeObject; change: Change }[],
  word: string,
  /** What a failed patch's error starts with (`failed to patch image update to pod template: `). */
  failure: string,
  errors: Error[],
): Promise<number> {
  for (const { info, object, change } of changes) {
    const name = object.metadata.name ?? '';
    if (change.error) {
      errors.push(new Error(`error: ${info.resource}/${name} ${change.error.message}\n`));
      continue;
    }
    if (change.patch === undefined) continue;
    try {
      await ctx.client.patch(info, object.metadata.namespace, name, change.patch, 'strategic');
    } catch (err) {
      errors.push(new Error(`${failure}${(err as Error).message}`));
      continue;
    }
    ctx.stdout.write(`${objectRef(info, name)} ${word}\n`);
  }
  return reportErrors(ctx, errors);
}

register({
  path: ['set', 'image'],
  short: 'Update the image of a pod template',
  examples:
    "  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'\n  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n\n  # Update image of all containers of daemonset abc to 'nginx:1.9.1'\n  kubectl set image daemonset abc *=nginx:1.9.1",
  flags: [
    ...commonFlags,
    {
      name: 'record',
      type: 'bool',
      usage:
        'Record current kubectl command in the resource annotation. If set to false, do not record the command. If set to true, record the command. If not set, default to updating the existing annotation value only if one already exists.',
    },
  ],
  async run(ctx, args) {
    const [resources, pairs] = splitPairs(args.positionals, 'image');
    const images = new Map<string, string>();
    const invalid: string[] = [];
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) images.set(pair.slice(0, eq), pair.slice(eq + 1));
      else invalid.push(pair);
    }
    if (invalid.length) throw new KubectlError(`invalid image format: ${invalid.join(', ')}`);
    const targets = await targetsFor(ctx, args, resources);
    const problems: Error[] = [];
    if (flagBool(args, 'all') && flagString(args, 'selector'))
      problems.push(new Error('cannot set --all and --selector at the same time'));
    if (images.size < 1) problems.push(new Error('at least one image update is required'));
    else if (images.size > 1 && images.has('*'))
      problems.push(
        new Error(
          'all containers are already specified by *, but saw more than one container_name=container_image pairs',
        ),
      );
    if (problems.length) return reportErrors(ctx, problems);

    let changeCause: string | undefined;
    if (args.given.has('record')) {
      ctx.stderr.write(
        'Flag --record has been deprecated, --record will be removed in the future\n',
      );
      if (flagBool(args, 'record')) changeCause = commandLine(['set', 'image'], args);
    }
    const errors: Error[] = [];
    const changes = targets.map(({ info, object }) => {
      const place = podSpecOf(object);
      if (!place)
        return {
          info,
          object,
          change: {
            error: new Error(
              `the object is not a pod or does not have a pod template: ${goType(info)}`,
            ),
          },
        };
      const patch: Record<string, { name: string; image: string }[]> = {};
      for (const [containerName, image] of images) {
        let found = false;
        for (const field of ['initContainers', 'containers'] as const) {
          for (const c of place.spec[field] ?? []) {
            if (c.name !== containerName && containerName !== '*') continue;
            found = true;
            if (c.image === image) continue;
            (patch[field] ??= []).push({ name: c.name, image });
          }
        }
        if (!found)
          errors.push(new Error(`error: unable to find container named "${containerName}"`));
      }
      let wrapped = Object.keys(patch).length > 0 ? place.wrap(patch) : undefined;
      // --record writes the command line into the change-cause annotation, itself a change.
      if (
        changeCause !== undefined &&
        object.metadata.annotations?.[changeCauseKey] !== changeCause
      )
        wrapped = {
          ...(wrapped as object | undefined),
          metadata: { annotations: { [changeCauseKey]: changeCause } },
        };
      return { info, object, change: { patch: wrapped } };
    });
    return applyChanges(
      ctx,
      changes,
      'image updated',
      'failed to patch image update to pod template: ',
      errors,
    );
  },
});

const envNamePattern = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** validation.IsEnvVarName, as kubectl checks names before sending anything. */
function envNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (!envNamePattern.test(name))
    problems.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    );
  if (name === '.') problems.push(`must not be '.'`);
  else if (name === '..') problems.push(`must not be '..'`);
  else if (name.startsWith('..')) problems.push(`must not start with '..'`);
  return problems;
}

/** kubectl's updateEnv: replaces same-named variables in place, appends new ones, drops removed ones. */
function updateEnv(existing: readonly EnvVar[], env: readonly EnvVar[], remove: readonly string[]) {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((n) => n.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
    } else {
      out.push(e);
    }
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** kubectl's selectString: `*` wildcards in a container name pattern. */
export function selectString(s: string, spec: string): boolean {
  if (spec === '*') return true;
  if (!spec.includes('*')) return s === spec;
  const re = new RegExp(
    `^${spec
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(s);
}

function sameEnv(a: readonly EnvVar[], b: readonly EnvVar[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A container's env change as a strategic merge patch element (merge key `name`). */
function envPatch(c: Container, before: readonly EnvVar[], after: readonly EnvVar[]) {
  if (after.length === 0) return { name: c.name, env: null };
  const removed = before
    .filter((e) => !after.some((a) => a.name === e.name))
    .map((e) => ({ name: e.name, $patch: 'delete' }));
  return {
    name: c.name,
    '$setElementOrder/env': after.map((e) => ({ name: e.name })),
    env: [...after, ...removed],
  };
}

register({
  path: ['set', 'env'],
  short: 'Update environment variables on a pod template',
  examples:
    "  # Update deployment 'registry' with a new environment variable\n  kubectl set env deployment/registry STORAGE_DIR=/local\n\n  # List the environment variables defined on a deployments 'sample-build'\n  kubectl set env deployment/sample-build --list\n\n  # Remove the environment variable ENV from container 'c1' in all deployment configs\n  kubectl set env deployments --all --containers=\"c1\" ENV-",
  flags: [
    ...commonFlags,
    {
      name: 'containers',
      short: 'c',
      type: 'string',
      default: '*',
      usage: 'The names of containers in the selected pod templates to change - may use wildcards',
    },
    {
      name: 'env',
      short: 'e',
      type: 'stringArray',
      usage: 'Specify a key-value pair for an environment variable to set into each container.',
    },
    {
      name: 'list',
      type: 'bool',
      usage:
        'If true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env.',
    },
    {
      name: 'overwrite',
      type: 'bool',
      default: true,
      usage:
        'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.',
    },
    {
      name: 'prefix',
      type: 'string',
      usage: 'Prefix to append to variable names',
    },
  ],
  async run(ctx, args) {
    if (flagBool(args, 'all') && flagString(args, 'selector'))
      throw new KubectlError('cannot set --all and --selector at the same time');
    const resources: string[] = [];
    const envArgs: string[] = [];
    for (const s of args.positionals) {
      const isEnv = /^.+=/s.test(s) || s.endsWith('-');
      if (isEnv) envArgs.push(s);
      else if (envArgs.length > 0)
        throw new KubectlError(
          `all resources must be specified before environment changes: ${args.positionals.join(' ')}`,
        );
      else resources.push(s);
    }
    if (resources.length < 1)
      throw new KubectlError(
        'one or more resources must be specified as <resource> <name> or <resource>/<name>',
      );
    const env: EnvVar[] = [];
    const remove: string[] = [];
    const set = new Set<string>();
    for (const spec of [...flagArray(args, 'env'), ...envArgs]) {
      if (spec === '-') {
        if (ctx.stdin === undefined) throw new KubectlError("when '-' is used, STDIN must be open");
        for (let line of ctx.stdin.split('\n')) {
          const hash = line.indexOf('#');
          if (hash >= 0) line = line.slice(0, hash);
          const eq = line.indexOf('=');
          if (eq >= 0) env.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
        }
      } else if (spec.includes('=')) {
        const eq = spec.indexOf('=');
        const name = spec.slice(0, eq);
        const problems = envNameProblems(name);
        if (problems.length)
          throw new KubectlError(`"${name}" is not a valid key name: ${problems.join(';')}`);
        set.add(name);
        env.push({ name, value: spec.slice(eq + 1) });
      } else if (spec.endsWith('-')) {
        remove.push(spec.slice(0, -1));
      } else {
        throw new KubectlError(`unknown environment variable: ${spec}`);
      }
    }
    if (remove.some((r) => set.has(r)))
      throw new KubectlError(
        'can not both modify and remove the same environment variable in the same command',
      );
    const prefix = flagString(args, 'prefix');
    if (prefix) for (const e of env) e.name = `${prefix}${e.name}`;

    const targets = await fetchTargets(
      ctx,
      resources,
      namespaceOf(ctx, args),
      flagString(args, 'selector'),
    );
    const selector = flagString(args, 'containers');
    const list = flagBool(args, 'list');
    const overwrite = flagBool(args, 'overwrite');
    const changes = targets.map(({ info, object }) => {
      const place = podSpecOf(object);
      if (!place)
        return {
          info,
          object,
          change: {
            error: new Error(
              `the object is not a pod or does not have a pod template: ${goType(info)}`,
            ),
          },
        };
      const patch: Record<string, unknown[]> = {};
      const selected = [
        ...(place.spec.containers ?? []).map((c) => ['containers', c] as const),
        ...(place.spec.initContainers ?? []).map((c) => ['initContainers', c] as const),
      ].filter(([, c]) => selectString(c.name, selector));
      if (selected.length === 0) {
        ctx.stderr.write(
          `Warning: ${info.kind}/${object.metadata.name ?? ''} does not have any containers matching "${selector}"\n`,
        );
        return { info, object, change: {} };
      }
      for (const [field, c] of selected) {
        const before = c.env ?? [];
        if (!overwrite) {
          for (const e of env) {
            const current = before.find((b) => b.name === e.name);
            if (current && current.value !== e.value)
              return {
                info,
                object,
                change: {
                  error: new Error(
                    `'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`,
                  ),
                },
              };
          }
        }
        const after = updateEnv(before, env, remove);
        if (list) {
          ctx.stdout.write(`# ${info.kind} ${object.metadata.name ?? ''}, container ${c.name}\n`);
          for (const e of after) {
            if (e.valueFrom === undefined) ctx.stdout.write(`${e.name}=${e.value ?? ''}\n`);
            else ctx.stdout.write(`# ${e.name} from ${envRefString(e.valueFrom)}\n`);
          }
        }
        if (!sameEnv(before, after)) (patch[field] ??= []).push(envPatch(c, before, after));
      }
      const changed = Object.keys(patch).length > 0;
      return { info, object, change: { patch: changed ? place.wrap(patch) : undefined } };
    });
    if (list) return 0;
    return applyChanges(
      ctx,
      changes,
      'env updated',
      'failed to patch env update to pod template: ',
      [],
    );
  },
});

/** envutil.GetEnvVarRefString: how `--list` shows a variable that comes from a reference. */
function envRefString(from: Record<string, unknown>): string {
  const ref = (key: string) => from[key] as Record<string, string> | undefined;
  const cm = ref('configMapKeyRef');
  if (cm) return `configmap ${cm.name}, key ${cm.key}`;
  const secret = ref('secretKeyRef');
  if (secret) return `secret ${secret.name}, key ${secret.key}`;
  const field = ref('fieldRef');
  if (field) return `field path ${field.fieldPath}`;
  const resource = ref('resourceFieldRef');
  if (resource) {
    const container = resource.containerName ? ` of container ${resource.containerName}` : '';
    return `resource field ${resource.resource}${container}`;
  }
  return 'invalid ref';
}
