import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import {
  namespaces,
  networkpolicies,
  pods as podsResource,
} from '../../../../src/kernel/api/resources.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';
import type { NetworkPolicy, NetworkPolicySpec } from '../../../../src/kernel/types/networking.ts';
import {
  NetworkPolicyEnforcer,
  type PolicyPod,
} from '../../../../src/workers/node/network/network-policy.ts';
import { NodePolicies } from '../../../../src/workers/node/network/node-policies.ts';
import { startTestApi } from '../../../helpers/api.ts';

const pods: Record<string, PolicyPod> = {
  '10.244.0.10': {
    namespace: 'default',
    labels: { role: 'db' },
    ports: [{ name: 'redis', containerPort: 6379 }],
  },
  '10.244.0.11': { namespace: 'default', labels: { role: 'frontend' } },
  '10.244.1.12': { namespace: 'myproject', labels: { app: 'api' } },
  '10.244.1.13': { namespace: 'other', labels: { role: 'frontend' } },
  '10.244.1.14': { namespace: 'other', labels: { role: 'batch' } },
};
const namespaceLabels: Record<string, Record<string, string>> = {
  default: { 'kubernetes.io/metadata.name': 'default' },
  myproject: { 'kubernetes.io/metadata.name': 'myproject', project: 'myproject' },
  other: { 'kubernetes.io/metadata.name': 'other', team: 'x' },
};

const db = '10.244.0.10';
const frontend = '10.244.0.11';
const api = '10.244.1.12';
const otherFrontend = '10.244.1.13';
const otherBatch = '10.244.1.14';
/** This node, another node, and the page's address on the node network. */
const ownNode = '172.18.0.2';
const otherNode = '172.18.0.3';

function policy(name: string, spec: NetworkPolicySpec, namespace = 'default'): NetworkPolicy {
  const p: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: structuredClone(spec),
  };
  applyDefaults('NetworkPolicy', p);
  return p;
}

function enforcer(policies: NetworkPolicy[]): NetworkPolicyEnforcer {
  return new NetworkPolicyEnforcer(
    {
      podByIP: (ip) => pods[ip],
      namespaceLabels: (ns) => namespaceLabels[ns],
      policies: (ns) => policies.filter((p) => p.metadata.namespace === ns),
    },
    { nodeIPs: [ownNode] },
  );
}

/** Whether a connection from `from` to `to:port` passes both ends' checks. */
function connects(e: NetworkPolicyEnforcer, from: string, to: string, port: number): boolean {
  const src = { ip: from, port: 40000 };
  const dst = { ip: to, port };
  return e.allows(src, dst, 'egress') && e.allows(src, dst, 'ingress');
}

type Case = [from: string, to: string, port: number, allowed: boolean];

function check(policies: NetworkPolicy[], cases: Case[]): void {
  const e = enforcer(policies);
  for (const [from, to, port, allowed] of cases) {
    expect(connects(e, from, to, port), `${from} → ${to}:${port}`).to.equal(allowed);
  }
}

const docPolicy = policy('test-network-policy', {
  podSelector: { matchLabels: { role: 'db' } },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [
    {
      from: [
        { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
        { namespaceSelector: { matchLabels: { project: 'myproject' } } },
        { podSelector: { matchLabels: { role: 'frontend' } } },
      ],
      ports: [{ protocol: 'TCP', port: 6379 }],
    },
  ],
  egress: [
    { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] },
  ],
});

describe('NetworkPolicyEnforcer', () => {
  it('lets everything through while no policy selects a pod', () => {
    check(
      [policy('elsewhere', { podSelector: {} }, 'myproject')],
      [
        [frontend, db, 6379, true],
        [otherBatch, frontend, 80, true],
        ['172.18.0.1', db, 80, true],
      ],
    );
  });

  it('default deny ingress isolates every pod of the namespace for ingress only', () => {
    check(
      [policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })],
      [
        [frontend, db, 6379, false],
        [api, frontend, 80, false],
        [frontend, api, 80, true],
        [otherBatch, otherFrontend, 80, true],
      ],
    );
  });

  it('allow all ingress lets everything in again', () => {
    check(
      [
        policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
        policy('allow-all-ingress', { podSelector: {}, ingress: [{}] }),
      ],
      [
        [otherBatch, db, 6379, true],
        ['172.18.0.1', db, 1, true],
      ],
    );
  });

  it("follows the documentation's example policy: pods, namespaces, an ipBlock with except, a port", () => {
    check(
      [docPolicy],
      [
        [frontend, db, 6379, true],
        [frontend, db, 6380, false],
        [api, db, 6379, true],
        // podSelector alone means pods of the policy's own namespace.
        [otherFrontend, db, 6379, false],
        ['172.17.0.5', db, 6379, true],
        ['172.17.1.5', db, 6379, false],
        [db, '10.0.0.5', 5978, true],
        [db, '10.0.0.5', 80, false],
        [db, frontend, 80, false],
        // The policy selects db only.
        [api, frontend, 80, true],
      ],
    );
  });

  it('reads namespaceSelector and podSelector in one peer as AND, in two peers as OR', () => {
    const and = policy('and', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: 'x' } },
              podSelector: { matchLabels: { role: 'frontend' } },
            },
          ],
        },
      ],
    });
    const or = policy('or', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: 'x' } } },
            { podSelector: { matchLabels: { role: 'frontend' } } },
          ],
        },
      ],
    });
    check(
      [and],
      [
        [otherFrontend, db, 6379, true],
        [otherBatch, db, 6379, false],
        [frontend, db, 6379, false],
      ],
    );
    check(
      [or],
      [
        [otherFrontend, db, 6379, true],
        [otherBatch, db, 6379, true],
        [frontend, db, 6379, true],
        [api, db, 6379, false],
      ],
    );
  });

  it('allows from a namespace by its labels, including the automatic metadata.name label', () => {
    check(
      [
        policy('from-myproject', {
          podSelector: {},
          ingress: [
            {
              from: [
                {
                  namespaceSelector: {
                    matchLabels: { 'kubernetes.io/metadata.name': 'myproject' },
                  },
                },
              ],
            },
          ],
        }),
      ],
      [
        [api, db, 6379, true],
        [otherFrontend, db, 6379, false],
        [frontend, db, 6379, false],
      ],
    );
  });

  it("resolves named ports against the destination pod's container ports, and port ranges", () => {
    check(
      [
        policy('named', {
          podSelector: { matchLabels: { role: 'db' } },
          ingress: [{ ports: [{ port: 'redis' }] }],
        }),
        policy('range', {
          podSelector: { matchLabels: { role: 'frontend' } },
          ingress: [
            {
              ports: [
                { port: 32000, endPort: 32768 },
                { protocol: 'UDP', port: 80 },
              ],
            },
          ],
        }),
      ],
      [
        [frontend, db, 6379, true],
        [frontend, db, 6380, false],
        [db, frontend, 32000, true],
        [db, frontend, 32768, true],
        [db, frontend, 32769, false],
        // A UDP rule does not allow TCP connections.
        [db, frontend, 80, false],
      ],
    );
  });

  it('default deny egress blocks connections out but not in; an egress rule to port 53 allows DNS servers', () => {
    // Name lookups are answered by the node itself, not over a connection, so an egress
    // policy never blocks DNS here; a connection to a DNS server's port is a connection.
    check(
      [
        policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
        policy('allow-dns', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ ports: [{ protocol: 'TCP', port: 53 }] }],
        }),
      ],
      [
        [frontend, db, 6379, false],
        [frontend, '10.96.0.10', 53, true],
        [api, db, 6379, true],
      ],
    );
  });

  it('matches addresses outside the pod network by ipBlock only, and always allows the own node', () => {
    const nodes = policy('from-nodes', {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: '172.18.0.0/16' } }] }],
    });
    const pods = policy('from-all-pods', {
      podSelector: {},
      ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }],
    });
    check(
      [pods],
      [
        [ownNode, db, 6379, true],
        [otherNode, db, 6379, false],
        ['172.18.0.1', db, 6379, false],
        [otherBatch, db, 6379, true],
      ],
    );
    check(
      [nodes],
      [
        [otherNode, db, 6379, true],
        ['172.18.0.1', db, 6379, true],
        [otherBatch, db, 6379, false],
      ],
    );
  });

  it('never blocks a pod from itself', () => {
    check(
      [policy('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
      [
        [db, db, 6379, true],
        [db, frontend, 80, false],
      ],
    );
  });
});

describe('NodePolicies', () => {
  it('finds pods by IP, namespace labels and policies from the API through informers', async () => {
    const t = await startTestApi();
    await t.client.create(namespaces, undefined, {
      metadata: { name: 'shop', labels: { team: 'x' } },
    });
    const pod = await t.client.create<Pod>(podsResource, 'shop', {
      metadata: { name: 'db', namespace: 'shop', labels: { role: 'db' } },
      spec: {
        containers: [
          { name: 'db', image: 'redis', ports: [{ name: 'redis', containerPort: 6379 }] },
        ],
      },
    } as Pod);
    pod.status = {
      ...pod.status,
      phase: 'Running',
      podIP: '10.244.0.9',
      podIPs: [{ ip: '10.244.0.9' }],
    };
    await t.client.updateStatus(podsResource, pod);
    await t.client.create(networkpolicies, 'shop', policy('deny', { podSelector: {} }, 'shop'));
    const lookups = new NodePolicies(t.client, t.clock);
    await lookups.start();
    try {
      expect(lookups.podByIP('10.244.0.9')).to.deep.equal({
        namespace: 'shop',
        labels: { role: 'db' },
        ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
      });
      expect(lookups.podByIP('10.244.0.8')).to.equal(undefined);
      expect(lookups.namespaceLabels('shop')).to.include({ team: 'x' });
      expect(lookups.policies('shop').map((p) => p.metadata.name)).to.deep.equal(['deny']);
      expect(lookups.policies('default')).to.deep.equal([]);
    } finally {
      lookups.stop();
    }
  });
});
