import { collectionPath, pods } from '../../api/resources.ts';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceOf, register } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagArray, flagBool, flagInt, flagString, UsageError } from '../flags.ts';
import {
  dryRunFlag,
  dryRunOf,
  operationLine,
  outputNameFlag,
  outputOf,
} from '../mutation-output.ts';
import { objectRef } from '../resource-types.ts';
import { attachToRun } from '../attach-run.ts';
import { parseDurationFlag } from '../go-duration.ts';
import { createAt } from './create.ts';

/** `a=b,c=d` → labels, refusing malformed pairs as kubectl does. */
function parseLabels(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const parts = pair.split('=');
    if (parts.length !== 2 || parts[0] === '')
      throw new KubectlError(`invalid label spec: ${pair}`);
    labels[parts[0]] = parts[1];
  }
  return labels;
}

/**
 * `kubectl run NAME --image=...`: creates one Pod as kubectl's pod generator builds it
 * (labelled `run=NAME` unless `--labels`, one container named NAME, words after `--` as its
 * args, or as its command with `--command`) and prints `pod/NAME created`.
 */
register({
  path: ['run'],
  short: 'Run a particular image on the cluster',
  examples: `  # Start a nginx pod
  kubectl run nginx --image=nginx

  # Start a hazelcast pod and let the container expose port 5701
  kubectl run hazelcast --image=hazelcast/hazelcast --port=5701

  # Start a busybox pod and keep it in the foreground, don't restart it if it exits
  kubectl run busybox --image=busybox --restart=Never -- sleep 3600`,
  flags: [
    { name: 'image', type: 'string', usage: 'The image for the container to run.' },
    {
      name: 'port',
      type: 'int',
      default: -1,
      usage: 'The port that this container exposes.',
    },
    { name: 'env', type: 'stringArray', usage: 'Environment variables to set in the container.' },
    {
      name: 'labels',
      short: 'l',
      type: 'string',
      usage: 'Comma separated labels to apply to the pod. Will override previous values.',
    },
    {
      name: 'restart',
      type: 'string',
      default: 'Always',
      usage: 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].',
    },
    {
      name: 'command',
      type: 'bool',
      usage:
        "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
    },
    {
      name: 'image-pull-policy',
      type: 'string',
      usage:
        'The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.',
    },
    { name: 'annotations', type: 'stringArray', usage: 'Annotations to apply to the pod.' },
    {
      name: 'stdin',
      short: 'i',
      type: 'bool',
      usage: 'Keep stdin open on the container in the pod, even if nothing is attached.',
    },
    {
      name: 'tty',
      short: 't',
      type: 'bool',
      usage: 'Allocate a TTY for the container in the pod.',
    },
    {
      name: 'rm',
      type: 'bool',
      usage:
        "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'.",
    },
    {
      name: 'attach',
      type: 'bool',
      usage:
        "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned.",
    },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'If true, suppress prompt messages.' },
    {
      name: 'pod-running-timeout',
      type: 'string',
      default: '1m0s',
      usage:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
    dryRunFlag,
    outputNameFlag,
  ],
  async run(ctx, args) {
    if (args.positionals.length === 0) throw new UsageError('NAME is required for run');
    const [name, ...rest] = args.positionals;
    const image = flagString(args, 'image');
    if (!image) throw new KubectlError(`required flag(s) "image" not set`);
    const restart = flagString(args, 'restart');
    if (!['Always', 'OnFailure', 'Never'].includes(restart))
      throw new KubectlError(`invalid restart policy: ${restart}`);
    const dryRun = dryRunOf(args);
    const output = outputOf(args);
    const stdin = flagBool(args, 'stdin');
    const tty = flagBool(args, 'tty');
    const attach = args.given.has('attach') ? flagBool(args, 'attach') : stdin;
    if (tty && !stdin)
      throw new KubectlError('-i/--stdin is required for containers with -t/--tty=true');
    if (flagBool(args, 'rm') && !attach)
      throw new KubectlError('--rm should only be used for attached containers');
    if (attach && dryRun !== 'none') {
      throw new KubectlError(
        "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
      );
    }
    const words = [...rest, ...(args.afterDash ?? [])];
    const container: Record<string, unknown> = { name, image };
    if (words.length > 0) container[flagBool(args, 'command') ? 'command' : 'args'] = words;
    const env = flagArray(args, 'env').map((e) => {
      const eq = e.indexOf('=');
      if (eq <= 0) throw new KubectlError(`invalid env: ${e}`);
      return { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
    if (env.length > 0) container.env = env;
    const port = flagInt(args, 'port');
    if (port >= 0) container.ports = [{ containerPort: port }];
    const pullPolicy = flagString(args, 'image-pull-policy');
    if (pullPolicy) container.imagePullPolicy = pullPolicy;
    container.resources = {};
    if (stdin) {
      container.stdin = true;
      if (attach) container.stdinOnce = true;
    }
    if (tty) container.tty = true;
    const annotations = Object.fromEntries(
      flagArray(args, 'annotations').map((a) => {
        const eq = a.indexOf('=');
        return [a.slice(0, eq), a.slice(eq + 1)];
      }),
    );
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: args.given.has('labels') ? parseLabels(flagString(args, 'labels')) : { run: name },
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        containers: [container],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: restart,
      },
      status: {},
    };
    const namespace = namespaceOf(ctx, args);
    await createAt(ctx, collectionPath(pods, namespace), pod, dryRun);
    if (!attach) {
      ctx.stdout.write(operationLine(objectRef(pods, name), 'created', output, dryRun));
      return 0;
    }
    const timeout = parseDurationFlag(
      flagString(args, 'pod-running-timeout'),
      'pod-running-timeout',
    );
    let exitCode: number;
    try {
      exitCode = await attachToRun(ctx, namespace, name, {
        tty,
        quiet: flagBool(args, 'quiet'),
        timeoutMs: timeout,
      });
    } finally {
      if (flagBool(args, 'rm')) {
        await ctx.client.delete(pods, namespace, name);
        ctx.stdout.write(`pod "${name}" deleted from ${namespace} namespace\n`);
      }
    }
    return exitCode;
  },
});
