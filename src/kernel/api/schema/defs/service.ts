/**
 * Field shapes of core/v1 Service and Endpoints. Field names and Go types follow k8s.io/api
 * (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const serviceDefinitions: Definitions = {
  Service: {
    d: 'A stable virtual IP and DNS name in front of a changing set of pods.',
    f: {
      metadata: ['ObjectMeta', "The service's name, namespace, labels and other object metadata."],
      spec: [
        'ServiceSpec',
        'Which pods the service fronts, on which ports, and how it is exposed.',
      ],
      status: ['ServiceStatus', 'The load balancer the service got, if any.'],
    },
  },
  ServiceSpec: {
    d: 'The desired behaviour of a Service.',
    f: {
      ports: ['[]ServicePort', 'The ports the service exposes.'],
      selector: [
        'map[string]string',
        'Pods with these labels receive the traffic; without a selector, endpoints are managed by hand.',
      ],
      clusterIP: [
        'string',
        'The virtual IP of the service; allocated when empty, "None" for a headless service.',
      ],
      clusterIPs: ['[]string', 'The virtual IPs of the service, one per IP family.'],
      type: ['ServiceType', 'ClusterIP (default), NodePort, LoadBalancer or ExternalName.'],
      externalIPs: ['[]string', 'Extra IPs on which nodes accept traffic for this service.'],
      sessionAffinity: [
        'ServiceAffinity',
        'ClientIP to keep each client on one endpoint, or None.',
      ],
      loadBalancerIP: ['string', 'Deprecated: the IP a load balancer should use.'],
      loadBalancerSourceRanges: [
        '[]string',
        'Client CIDRs a cloud load balancer lets in; all when empty.',
      ],
      externalName: ['string', 'The DNS name an ExternalName service is an alias (CNAME) of.'],
      externalTrafficPolicy: [
        'ServiceExternalTrafficPolicy',
        'Cluster to spread external traffic over all endpoints, Local to keep it on the node.',
      ],
      healthCheckNodePort: [
        'int32',
        'Node port a load balancer probes when externalTrafficPolicy is Local.',
      ],
      publishNotReadyAddresses: [
        'bool',
        'Publish endpoints of pods that are not ready (for peer discovery).',
      ],
      sessionAffinityConfig: ['SessionAffinityConfig', 'Settings of the session affinity.'],
      ipFamilies: ['[]IPFamily', 'The IP families (IPv4, IPv6) of the service, in order.'],
      ipFamilyPolicy: ['IPFamilyPolicy', 'SingleStack, PreferDualStack or RequireDualStack.'],
      allocateLoadBalancerNodePorts: [
        'bool',
        'Whether a LoadBalancer service gets node ports; defaults to true.',
      ],
      loadBalancerClass: [
        'string',
        'Which load balancer implementation handles the service; the cloud default when unset.',
      ],
      internalTrafficPolicy: [
        'ServiceInternalTrafficPolicy',
        'Cluster to route in-cluster traffic to all endpoints, Local to node-local ones only.',
      ],
      trafficDistribution: [
        'string',
        'A preference for how traffic is spread, such as PreferClose.',
      ],
    },
  },
  ServicePort: {
    d: 'One port a Service exposes.',
    f: {
      name: ['string', 'Name of the port; required when the service has more than one.'],
      protocol: ['Protocol', 'TCP (default), UDP or SCTP.'],
      appProtocol: ['string', 'The application protocol carried on the port.'],
      port: ['int32', 'The port the service listens on.', R],
      targetPort: [
        'IntOrString',
        'The port, or the name of a container port, on the pods; defaults to port.',
      ],
      nodePort: ['int32', 'The port opened on every node for NodePort and LoadBalancer services.'],
    },
  },
  SessionAffinityConfig: {
    d: 'Settings of a session affinity.',
    f: {
      clientIP: ['ClientIPConfig', 'Settings of ClientIP affinity.'],
    },
  },
  ClientIPConfig: {
    d: 'Settings of ClientIP session affinity.',
    f: {
      timeoutSeconds: ['int32', 'How long a client sticks to one endpoint; 10800 by default.'],
    },
  },
  ServiceStatus: {
    d: 'The observed state of a Service.',
    f: {
      loadBalancer: ['LoadBalancerStatus', 'The load balancer in front of the service, if any.'],
      conditions: ['[]Condition', 'The current conditions of the service.'],
    },
  },
  LoadBalancerStatus: {
    d: 'A load balancer in front of a service.',
    f: {
      ingress: ['[]LoadBalancerIngress', 'The points where traffic for the service comes in.'],
    },
  },
  LoadBalancerIngress: {
    d: 'One entry point of a load balancer.',
    f: {
      ip: ['string', 'The IP of the entry point.'],
      hostname: ['string', 'The DNS name of the entry point.'],
      ipMode: [
        'LoadBalancerIPMode',
        'VIP when traffic arrives addressed to the load balancer IP, Proxy when to the node.',
      ],
      ports: ['[]PortStatus', 'The state of each port of the entry point.'],
    },
  },
  PortStatus: {
    d: 'The state of one port of a load balancer.',
    f: {
      port: ['int32', 'The port number.', R],
      protocol: ['Protocol', 'The protocol of the port.', R],
      error: ['string', 'Why the port is not working, as a CamelCase reason.'],
    },
  },
  Condition: {
    d: 'One aspect of the state of an object.',
    f: {
      type: ['string', 'The type of the condition, in CamelCase.', R],
      status: ['ConditionStatus', 'True, False or Unknown.', R],
      observedGeneration: ['int64', 'The metadata.generation the condition was set for.'],
      lastTransitionTime: ['Time', 'When the status last changed.', R],
      reason: ['string', 'Why the condition is in its state, in CamelCase.', R],
      message: ['string', 'A human-readable explanation.', R],
    },
  },
  Endpoints: {
    d: "The legacy list of a service's endpoints, named after the service.",
    f: {
      metadata: ['ObjectMeta', "The endpoints' name, namespace and other object metadata."],
      subsets: ['[]EndpointSubset', 'Groups of addresses that share a set of ports.'],
    },
  },
  EndpointSubset: {
    d: 'Addresses that all offer the same ports.',
    f: {
      addresses: ['[]EndpointAddress', 'Ready addresses.'],
      notReadyAddresses: ['[]EndpointAddress', 'Addresses that are not ready (yet).'],
      ports: ['[]EndpointPort', 'The ports every address offers.'],
    },
  },
  EndpointAddress: {
    d: 'One endpoint address.',
    f: {
      ip: ['string', 'The IP of the endpoint.', R],
      hostname: ['string', 'The hostname of the endpoint.'],
      nodeName: ['string', 'The node the endpoint is on.'],
      targetRef: ['ObjectReference', 'The object (usually a pod) behind the endpoint.'],
    },
  },
  EndpointPort: {
    d: 'One port of an endpoint.',
    f: {
      name: ['string', 'The name of the port, as in the service.'],
      port: ['int32', 'The port number.', R],
      protocol: ['Protocol', 'TCP (default), UDP or SCTP.'],
      appProtocol: ['string', 'The application protocol carried on the port.'],
    },
  },
};
