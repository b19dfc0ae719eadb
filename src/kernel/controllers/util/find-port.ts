import type { Pod } from '../../types/core.ts';
import type { ServicePort } from '../../types/service.ts';

/**
 * podutil.FindPort: the port on `pod` a service port's targetPort means — a number as it is,
 * a name looked up among the ports (of the same protocol) of the pod's containers and of its
 * sidecars (init containers that keep running). Undefined when the pod has no such port.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  const containers = [
    ...(pod.spec.containers ?? []),
    ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
  ];
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}
