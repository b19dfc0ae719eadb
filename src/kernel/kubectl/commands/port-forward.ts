import { pods, services } from '../../api/resources.ts';
import type { Pod } from '../../types/core.ts';
import type { Service } from '../../types/service.ts';
import { attachablePod } from '../attachable-pod.ts';
import { namespaceOf, register } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagArray, UsageError } from '../flags.ts';

/** `[LOCAL]:REMOTE` or `PORT`, split as kubectl's splitPort does. */
function splitPort(spec: string): { local: string; remote: string } {
  const parts = spec.split(':');
  return parts.length === 2
    ? { local: parts[0], remote: parts[1] }
    : { local: parts[0], remote: parts[0] };
}

const isNumber = (text: string) => /^\d+$/.test(text);

/** util.LookupContainerPortNumberByName. */
function containerPortByName(pod: Pod, name: string): number {
  for (const container of pod.spec.containers ?? []) {
    const port = (container.ports ?? []).find((p) => p.name === name);
    if (port) return port.containerPort;
  }
  throw new KubectlError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** translateServicePortToTargetPort: a Service port (number or name) becomes the pod's port. */
function serviceToPod(spec: string, service: Service, pod: Pod): { local: string; remote: number } {
  const split = splitPort(spec);
  const remote = split.remote;
  let local = split.local;
  const ports = service.spec?.ports ?? [];
  let number: number;
  if (isNumber(remote)) number = Number(remote);
  else {
    const named = ports.find((p) => p.name === remote);
    if (!named) {
      throw new KubectlError(
        `Service '${service.metadata.name}' does not have a named port '${remote}'`,
      );
    }
    number = named.port;
    if (local === remote) local = String(number);
  }
  const servicePort = ports.find((p) => p.port === number);
  if (!servicePort) {
    throw new KubectlError(
      `Service ${service.metadata.name} does not have a service port ${number}`,
    );
  }
  let target: number;
  if (service.spec?.clusterIP === 'None') target = number;
  else if (typeof servicePort.targetPort === 'string')
    target = containerPortByName(pod, servicePort.targetPort);
  else target = servicePort.targetPort || servicePort.port;
  return { local, remote: target };
}

/** convertPodNamedPortToNumber. */
function podPort(spec: string, pod: Pod): { local: string; remote: number } {
  const { local, remote } = splitPort(spec);
  if (remote === '') throw new KubectlError('remote port cannot be empty');
  const number = isNumber(remote) ? Number(remote) : containerPortByName(pod, remote);
  return { local: local === remote ? String(number) : local, remote: number };
}

function localPortNumber(text: string): number {
  if (text === '') return 0;
  const n = Number(text);
  if (!isNumber(text) || n > 65535) {
    throw new KubectlError(
      `Error parsing local port '${text}': strconv.ParseUint: parsing "${text}": invalid syntax`,
    );
  }
  return n;
}

register({
  path: ['port-forward'],
  short: 'Forward one or more local ports to a pod',
  examples: `  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  kubectl port-forward pod/mypod 5000 6000

  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  kubectl port-forward deployment/mydeployment 5000 6000

  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named "https" in a pod selected by the service
  kubectl port-forward service/myservice 8443:https

  # Listen on port 8888 locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod 8888:5000

  # Listen on a random port locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod :5000`,
  flags: [
    {
      name: 'address',
      type: 'stringArray',
      usage:
        'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.',
    },
    {
      name: 'pod-running-timeout',
      type: 'string',
      default: '1m0s',
      usage:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
  ],
  async run(ctx, args) {
    if (args.positionals.length < 2) {
      throw new UsageError('TYPE/NAME and list of ports are required for port-forward');
    }
    const [target, ...specs] = args.positionals;
    const addresses = flagArray(args, 'address').flatMap((a) => a.split(','));
    for (const address of addresses) {
      if (address !== 'localhost' && address !== '127.0.0.1') {
        throw new KubectlError(
          `failed to create listener: Error listen tcp4 ${address}: bind: cannot assign requested address`,
        );
      }
    }
    const namespace = namespaceOf(ctx, args);
    const { pod, object, resource } = await attachablePod(ctx, namespace, target);
    const mapped =
      resource === services.resource
        ? specs.map((s) => serviceToPod(s, object as Service, pod))
        : specs.map((s) => podPort(s, pod));
    const ports = mapped.map((m) => ({ local: localPortNumber(m.local), remote: m.remote }));
    const fresh = await ctx.client.get<Pod>(pods, namespace, pod.metadata.name ?? '');
    if (fresh.status?.phase !== 'Running') {
      throw new KubectlError(
        `unable to forward port because pod is not running. Current status=${fresh.status?.phase ?? ''}`,
      );
    }
    if (!ctx.portForward) throw new KubectlError('port-forward is not available here');
    const bound = await ctx.portForward({
      namespace,
      pod: pod.metadata.name ?? '',
      ports,
      signal: ctx.signal,
      onConnection: (local) => ctx.stdout.write(`Handling connection for ${local}\n`),
    });
    for (const { local, remote, error } of bound) {
      if (error) {
        ctx.stderr.write(
          `Unable to listen on port ${local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${local}: bind: ${error} unable to create listener: Error listen tcp6 [::1]:${local}: bind: ${error}]\n`,
        );
        continue;
      }
      ctx.stdout.write(`Forwarding from 127.0.0.1:${local} -> ${remote}\n`);
      ctx.stdout.write(`Forwarding from [::1]:${local} -> ${remote}\n`);
    }
    if (bound.every((b) => b.error)) {
      const list = bound.map((b) => `{${b.local} ${b.remote}}`).join(' ');
      throw new KubectlError(`unable to listen on any of the requested ports: [${list}]`);
    }
    // Forwarding runs until Ctrl-C, as kubectl's does.
    await new Promise<void>((resolve) => {
      if (!ctx.signal) return;
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return 0;
  },
});
