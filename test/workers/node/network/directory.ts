import {
  serviceNameLabel,
  type EndpointSliceView,
  type ServiceDirectory,
  type ServiceView,
} from '../../../../src/workers/node/network/service-view.ts';

/** A ServiceDirectory over plain arrays that a test may change between calls. */
export function directoryOf(
  services: ServiceView[],
  slices: EndpointSliceView[] = [],
): ServiceDirectory & { services(): ServiceView[]; slices: EndpointSliceView[] } {
  return {
    slices,
    service: (namespace, name) =>
      services.find((s) => s.metadata.namespace === namespace && s.metadata.name === name),
    services: () => services,
    endpointSlices: (namespace, service) =>
      slices.filter(
        (s) =>
          s.metadata.namespace === namespace && s.metadata.labels?.[serviceNameLabel] === service,
      ),
  };
}

export function service(
  namespace: string,
  name: string,
  spec: ServiceView['spec'],
  status?: ServiceView['status'],
): ServiceView {
  return { metadata: { namespace, name }, spec, status };
}

/** One slice of `service` with `port` (named `portName`) and endpoints `ip[:ready]`. */
export function slice(
  namespace: string,
  serviceName: string,
  port: number,
  endpoints: {
    ip: string;
    ready?: boolean;
    hostname?: string;
    nodeName?: string;
    terminating?: boolean;
    serving?: boolean;
  }[],
  portName?: string,
): EndpointSliceView {
  return {
    metadata: {
      namespace,
      name: `${serviceName}-abcde`,
      labels: { [serviceNameLabel]: serviceName },
    },
    addressType: 'IPv4',
    ports: [{ name: portName ?? '', port, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: {
        ready: e.ready ?? true,
        serving: e.serving ?? e.ready ?? true,
        terminating: e.terminating ?? false,
      },
      hostname: e.hostname,
      nodeName: e.nodeName,
    })),
  };
}
