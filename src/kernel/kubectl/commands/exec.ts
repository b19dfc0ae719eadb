import type { Container, Pod } from '../../types/core.ts';
import { attachablePod } from '../attachable-pod.ts';
import { namespaceOf, register } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagString, UsageError } from '../flags.ts';

/** podcmd.AllContainerNames: app containers, then `x (ephem)`, then `x (init)`. */
function allContainerNames(pod: Pod): string {
  const ephemeral = (pod.spec.ephemeralContainers ?? []) as { name: string }[];
  return [
    ...(pod.spec.containers ?? []).map((c) => c.name),
    ...ephemeral.map((c) => `${c.name} (ephem)`),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/**
 * podcmd.FindOrDefaultContainerByName with no name given: the default-container annotation
 * when it names a container, else the first container, saying so when the pod has others.
 */
function defaultContainer(ctx: KubectlContext, pod: Pod, quiet: boolean): string {
  const name = pod.metadata.name ?? '';
  const all = [
    ...(pod.spec.containers ?? []),
    ...(pod.spec.initContainers ?? []),
    ...((pod.spec.ephemeralContainers ?? []) as Container[]),
  ];
  const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (preferred) {
    if (all.some((c) => c.name === preferred)) return preferred;
    if (!quiet)
      ctx.stderr.write(`Default container name "${preferred}" not found in pod ${name}\n`);
  }
  const first = pod.spec.containers?.[0]?.name ?? '';
  if (all.length > 1 && !quiet) {
    ctx.stderr.write(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`);
  }
  return first;
}

register({
  path: ['exec'],
  short: 'Execute a command in a container',
  examples: `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il

  # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
  kubectl exec deploy/mydeployment -- date`,
  flags: [
    {
      name: 'container',
      short: 'c',
      type: 'string',
      usage:
        'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
    },
    { name: 'stdin', short: 'i', type: 'bool', usage: 'Pass stdin to the container' },
    { name: 'tty', short: 't', type: 'bool', usage: 'Stdin is a TTY' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only print output from the remote session' },
    {
      name: 'pod-running-timeout',
      type: 'string',
      default: '1m0s',
      usage:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
  ],
  async run(ctx, args) {
    const dash = args.afterDash;
    const resource = dash === undefined || args.positionals.length > 0 ? args.positionals[0] : '';
    if (dash === undefined && args.positionals.length > 1) {
      throw new UsageError(
        'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
      );
    }
    if (!resource) throw new KubectlError('pod, type/name or --filename must be specified');
    const command = dash ?? [];
    if (command.length === 0) {
      throw new KubectlError('you must specify at least one command for the container');
    }
    const quiet = flagBool(args, 'quiet');
    const namespace = namespaceOf(ctx, args);
    const { pod } = await attachablePod(ctx, namespace, resource);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw new KubectlError(
        `cannot exec into a container in a completed pod; current phase is ${phase}`,
      );
    }
    const container = flagString(args, 'container') || defaultContainer(ctx, pod, quiet);
    const interactive = flagBool(args, 'stdin');
    // kubectl says so when -t is asked without a terminal (a script, or input piped in).
    const tty = flagBool(args, 'tty') && interactive && ctx.input !== undefined;
    if (flagBool(args, 'tty') && !tty && !quiet) {
      ctx.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    }
    // -i with nothing typed (a script, a pipe) gives the process what was piped, then its end.
    const stdin = interactive ? (ctx.input ?? once(ctx.stdin ?? '')) : undefined;
    if (!ctx.exec) throw new KubectlError('exec is not available here');
    const { exitCode } = await ctx.exec(
      {
        namespace,
        pod: pod.metadata.name ?? '',
        container,
        command,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(stdin ? { stdin } : {}),
        ...(tty ? { tty } : {}),
      },
      (stream, text) => (stream === 'stderr' ? ctx.stderr : ctx.stdout).write(text),
    );
    if (exitCode !== 0) ctx.stderr.write(`command terminated with exit code ${exitCode}\n`);
    return exitCode;
  },
});

/** Input that is all there already: one chunk, then the end. */
async function* once(text: string): AsyncIterable<string> {
  if (text) yield text;
}
