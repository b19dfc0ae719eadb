/**
 * Field shapes of discovery.k8s.io/v1 EndpointSlice. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const discoveryDefinitions: Definitions = {
  EndpointSlice: {
    d: 'A slice of the endpoints of a service: at most 100, of one address type, with one port list.',
    f: {
      metadata: ['ObjectMeta', "The slice's name, namespace, labels and owner references."],
      addressType: [
        'AddressType',
        'IPv4, IPv6 or FQDN: the kind of every address in the slice.',
        R,
      ],
      endpoints: ['[]Endpoint', 'The endpoints in the slice.', R],
      ports: ['[]DiscoveryEndpointPort', 'The ports every endpoint in the slice offers.'],
    },
  },
  Endpoint: {
    d: 'One endpoint of a service.',
    f: {
      addresses: ['[]string', 'The addresses of the endpoint (one, in practice).', R],
      conditions: ['EndpointConditions', 'Whether the endpoint is ready, serving, terminating.'],
      hostname: ['string', 'The hostname of the endpoint.'],
      targetRef: ['ObjectReference', 'The object (usually a pod) behind the endpoint.'],
      deprecatedTopology: ['map[string]string', 'Deprecated topology labels of the endpoint.'],
      nodeName: ['string', 'The node the endpoint is on.'],
      zone: ['string', 'The zone the endpoint is in.'],
      hints: ['EndpointHints', 'Where the endpoint should be used (topology aware routing).'],
    },
  },
  EndpointConditions: {
    d: 'The state of an endpoint.',
    f: {
      ready: ['bool', 'The endpoint may receive new traffic.'],
      serving: ['bool', 'The endpoint is ready, whether or not it is terminating.'],
      terminating: ['bool', 'The endpoint is being deleted.'],
    },
  },
  EndpointHints: {
    d: 'Where an endpoint should be used.',
    f: {
      forZones: ['[]ForZone', 'Zones that should use the endpoint.'],
      forNodes: ['[]ForNode', 'Nodes that should use the endpoint.'],
    },
  },
  ForZone: {
    d: 'A zone that should use an endpoint.',
    f: { name: ['string', 'The name of the zone.', R] },
  },
  ForNode: {
    d: 'A node that should use an endpoint.',
    f: { name: ['string', 'The name of the node.', R] },
  },
  DiscoveryEndpointPort: {
    n: 'EndpointPort',
    d: 'One port of the endpoints of a slice.',
    f: {
      name: ['string', 'The name of the port, as in the service ("" when it has none).'],
      protocol: ['Protocol', 'TCP (default), UDP or SCTP.'],
      port: ['int32', 'The port number on the endpoints.'],
      appProtocol: ['string', 'The application protocol carried on the port.'],
    },
  },
};
