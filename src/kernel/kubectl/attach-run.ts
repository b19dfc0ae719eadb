import { isNotFound } from '../api/errors.ts';
import { pods } from '../api/resources.ts';
import { sleep } from '../clock/clock.ts';
import type { Pod } from '../types/core.ts';
import type { KubectlContext } from './context.ts';
import { KubectlError } from './errors.ts';

/** How often the pod and its output are looked at (the kubelet serves logs, not streams). */
const pollMs = 1000;

/** While someone types into it, its output is looked at more often. */
const interactivePollMs = 100;

async function pause(ctx: KubectlContext, ms = pollMs): Promise<boolean> {
  try {
    await sleep(ctx.clock, ms, ctx.signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * What `kubectl run -i` shows once the pod is created: it waits for the pod to run (or finish)
 * within the pod-running timeout, then shows the container's output as it is written until the
 * container ends or Ctrl-C, and resolves to the container's exit code. Output is read from the
 * container's log, so a container whose output already ended is shown whole, as kubectl's
 * fallback to logs does. With a terminal's input, what is typed goes to the container's stdin
 * (the pod's container keeps it open: `kubectl run -i` sets `stdin: true`).
 */
export async function attachToRun(
  ctx: KubectlContext,
  namespace: string,
  name: string,
  options: { tty: boolean; quiet: boolean; timeoutMs: number },
): Promise<number> {
  const deadline = ctx.clock.now() + options.timeoutMs;
  let pod: Pod;
  for (;;) {
    pod = await ctx.client.get<Pod>(pods, namespace, name);
    const phase = pod.status?.phase;
    if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') break;
    if (ctx.clock.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
    if (!(await pause(ctx))) return 0;
  }
  const container = pod.spec.containers[0]?.name ?? name;
  if (options.tty && !options.quiet) {
    ctx.stderr.write("If you don't see a command prompt, try pressing enter.\n");
  }
  // What is typed goes to the container's own stdin while it runs.
  const interactive = pod.status?.phase === 'Running' && !!ctx.input && !!ctx.attach;
  if (interactive) {
    await ctx.attach!({
      namespace,
      pod: name,
      container,
      input: ctx.input!,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  }
  let shown = 0;
  const showNew = async () => {
    if (!ctx.logs) return;
    try {
      const text = await ctx.logs({ namespace, pod: name, container });
      if (text.length > shown) ctx.stdout.write(text.slice(shown));
      shown = Math.max(shown, text.length);
    } catch {
      // Not started yet, or gone: nothing to show this time.
    }
  };
  for (;;) {
    let current: Pod;
    try {
      current = await ctx.client.get<Pod>(pods, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
    const status = current.status?.containerStatuses?.find((s) => s.name === container);
    const ended =
      status?.state?.terminated ??
      (status && status.restartCount > 0 ? status.lastState?.terminated : undefined);
    await showNew();
    if (ended) {
      if (ended.exitCode !== 0) {
        ctx.stderr.write(`pod ${namespace}/${name} terminated (${ended.reason ?? 'Error'})\n`);
      }
      return ended.exitCode;
    }
    if (!(await pause(ctx, interactive ? interactivePollMs : pollMs))) return 0;
  }
}
