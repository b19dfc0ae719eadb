/**
 * Field shapes of networking.k8s.io/v1: NetworkPolicy, Ingress and IngressClass. Field names
 * and Go types follow k8s.io/api (fetched 2026-07); descriptions are this project's own
 * one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const networkingDefinitions: Definitions = {
  NetworkPolicy: {
    d: 'Which network traffic is allowed to and from a set of pods.',
    f: {
      metadata: ['ObjectMeta', "The policy's name, namespace and other object metadata."],
      spec: ['NetworkPolicySpec', 'The pods the policy selects and the traffic it allows them.'],
    },
  },
  NetworkPolicySpec: {
    d: 'The pods a NetworkPolicy applies to and the traffic it allows.',
    f: {
      podSelector: [
        'LabelSelector',
        "The pods in the policy's namespace it applies to; empty selects them all.",
      ],
      ingress: [
        '[]NetworkPolicyIngressRule',
        'Incoming traffic allowed to the selected pods; any rule matching allows it.',
      ],
      egress: [
        '[]NetworkPolicyEgressRule',
        'Outgoing traffic allowed from the selected pods; any rule matching allows it.',
      ],
      policyTypes: [
        '[]PolicyType',
        'Ingress, Egress or both: the directions in which the selected pods are isolated.',
      ],
    },
  },
  NetworkPolicyIngressRule: {
    d: 'Traffic allowed in when it matches both ports and from.',
    f: {
      ports: ['[]NetworkPolicyPort', 'Destination ports allowed; empty allows every port.'],
      from: ['[]NetworkPolicyPeer', 'Sources allowed; empty allows every source.'],
    },
  },
  NetworkPolicyEgressRule: {
    d: 'Traffic allowed out when it matches both ports and to.',
    f: {
      ports: ['[]NetworkPolicyPort', 'Destination ports allowed; empty allows every port.'],
      to: ['[]NetworkPolicyPeer', 'Destinations allowed; empty allows every destination.'],
    },
  },
  NetworkPolicyPort: {
    d: 'A port, or a range of ports, and a protocol.',
    f: {
      protocol: ['Protocol', 'TCP, UDP or SCTP; defaults to TCP.'],
      port: ['IntOrString', 'A port number or a named container port; absent means all ports.'],
      endPort: ['int32', 'With a numeric port: the last port of the range starting at port.'],
    },
  },
  NetworkPolicyPeer: {
    d: 'A set of pods (by pod and namespace selectors) or an IP block.',
    f: {
      podSelector: [
        'LabelSelector',
        "Pods with these labels, in the policy's namespace or in the namespaces namespaceSelector picks.",
      ],
      namespaceSelector: [
        'LabelSelector',
        'Namespaces with these labels; with podSelector, only the matching pods in them.',
      ],
      ipBlock: ['IPBlock', 'An IP range; may not be combined with the selectors.'],
    },
  },
  IPBlock: {
    d: 'A CIDR with optional exceptions.',
    f: {
      cidr: ['string', 'The range, such as 192.168.1.0/24.', R],
      except: ['[]string', 'Ranges inside cidr that are left out.'],
    },
  },
  Ingress: {
    d: 'Rules that route outside HTTP traffic to Services by host and path.',
    f: {
      metadata: ['ObjectMeta', "The Ingress's name, namespace, labels and annotations."],
      spec: ['IngressSpec', 'The routing rules, TLS settings and default backend.'],
      status: ['IngressStatus', 'The addresses the ingress controller serves this Ingress on.'],
    },
  },
  IngressSpec: {
    d: 'The desired routing of an Ingress.',
    f: {
      ingressClassName: ['string', 'The IngressClass whose controller implements this Ingress.'],
      defaultBackend: ['IngressBackend', 'Where requests that match no rule go.'],
      tls: ['[]IngressTLS', 'TLS termination per group of hosts.'],
      rules: ['[]IngressRule', 'Host and path rules; the first match wins by specificity.'],
    },
  },
  IngressBackend: {
    d: 'Where matching requests are sent: a Service port or another resource.',
    f: {
      service: ['IngressServiceBackend', 'A Service and one of its ports.'],
      resource: [
        'TypedLocalObjectReference',
        'Another resource in the namespace, such as a bucket.',
      ],
    },
  },
  IngressServiceBackend: {
    d: 'A Service and one of its ports.',
    f: {
      name: ['string', "The Service's name, in the Ingress's namespace.", R],
      port: ['ServiceBackendPort', 'The Service port, by name or number.'],
    },
  },
  ServiceBackendPort: {
    d: 'A Service port, by name or by number (not both).',
    f: {
      name: ['string', 'The name of the Service port.'],
      number: ['int32', 'The number of the Service port.'],
    },
  },
  IngressTLS: {
    d: 'TLS settings for a group of hosts.',
    f: {
      hosts: ['[]string', 'Hosts the certificate covers.'],
      secretName: ['string', 'The Secret holding the certificate and key.'],
    },
  },
  IngressRule: {
    d: 'Routes requests for a host (or any host) by path.',
    f: {
      host: ['string', 'A DNS name, optionally with a leading *. wildcard; empty means any host.'],
      '...': ['IngressRuleValue'],
    },
  },
  IngressRuleValue: {
    d: '',
    f: {
      http: ['HTTPIngressRuleValue', 'The paths of this host and their backends.'],
    },
  },
  HTTPIngressRuleValue: {
    d: 'Paths mapped to backends.',
    f: {
      paths: ['[]HTTPIngressPath', 'Paths and the backend each sends to.', R],
    },
  },
  HTTPIngressPath: {
    d: 'A path and the backend that serves it.',
    f: {
      path: ['string', 'The request path to match; must start with /.'],
      pathType: ['PathType', 'How path matches: Exact, Prefix or ImplementationSpecific.', R],
      backend: ['IngressBackend', 'Where matching requests go.', R],
    },
  },
  IngressStatus: {
    d: 'The observed state of an Ingress.',
    f: {
      loadBalancer: ['IngressLoadBalancerStatus', 'The addresses serving the Ingress.'],
    },
  },
  IngressLoadBalancerStatus: {
    d: 'The load-balancer addresses of an Ingress.',
    f: {
      ingress: ['[]IngressLoadBalancerIngress', 'One entry per address.'],
    },
  },
  IngressLoadBalancerIngress: {
    d: 'One address serving an Ingress.',
    f: {
      ip: ['string', 'An IP address.'],
      hostname: ['string', 'A DNS name.'],
      ports: ['[]IngressPortStatus', 'Ports and their state.'],
    },
  },
  IngressPortStatus: {
    d: 'The state of one port of a load balancer.',
    f: {
      port: ['int32', 'The port number.', R],
      protocol: ['Protocol', 'TCP, UDP or SCTP.', R],
      error: ['string', 'Why the port does not work, if it does not.'],
    },
  },
  IngressClass: {
    d: 'A kind of Ingress and the controller that implements it.',
    f: {
      metadata: ['ObjectMeta', "The class's name and annotations (such as the default-class one)."],
      spec: ['IngressClassSpec', 'The controller and its parameters.'],
    },
  },
  IngressClassSpec: {
    d: 'The controller of an IngressClass and its configuration.',
    f: {
      controller: [
        'string',
        'The controller implementing this class, as a domain-prefixed path (k8s.io/ingress-nginx).',
      ],
      parameters: ['IngressClassParametersReference', 'A resource holding controller settings.'],
    },
  },
  IngressClassParametersReference: {
    d: 'A reference to the resource configuring an ingress controller.',
    f: {
      apiGroup: ['string', "The resource's API group."],
      kind: ['string', "The resource's kind.", R],
      name: ['string', "The resource's name.", R],
      scope: ['string', 'Cluster or Namespace.'],
      namespace: ['string', "The resource's namespace, when scope is Namespace."],
    },
  },
};
