import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';
import { messages, stored } from './fixtures.ts';

type Obj = Record<string, unknown>;

function defaulted(kind: string, object: KubeObject): KubeObject {
  applyDefaults(kind, object);
  return object;
}

function policy(spec: Obj): KubeObject {
  return defaulted('NetworkPolicy', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'db', namespace: 'default' },
    spec,
  });
}

function ingress(spec: Obj, annotations?: Record<string, string>): KubeObject {
  return defaulted('Ingress', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec,
  });
}

const backend = (name: string, port: Obj) => ({ service: { name, port } });

describe('NetworkPolicy defaulting and validation', () => {
  it('defaults policyTypes as upstream: Ingress always, Egress when egress rules exist', () => {
    const cases: [Obj, string[]][] = [
      [{ podSelector: {} }, ['Ingress']],
      [{ podSelector: {}, egress: [{}] }, ['Ingress', 'Egress']],
      [{ podSelector: {}, egress: [] }, ['Ingress']],
      [{ podSelector: {}, policyTypes: ['Egress'] }, ['Egress']],
    ];
    for (const [spec, types] of cases) {
      expect((policy(spec).spec as Obj).policyTypes, JSON.stringify(spec)).to.deep.equal(types);
    }
    const p = policy({ ingress: [{ ports: [{ port: 80 }] }] });
    expect(p.spec).to.deep.include({ podSelector: {} });
    expect((p.spec as { ingress: { ports: Obj[] }[] }).ingress[0].ports[0]).to.deep.equal({
      port: 80,
      protocol: 'TCP',
    });
  });

  it('accepts the examples of the NetworkPolicy documentation', () => {
    const spec = {
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
        { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 32000, endPort: 32768 }] },
      ],
    };
    expect(messages(validateCreate('NetworkPolicy', policy(spec)))).to.deep.equal([]);
  });

  it('reports bad ports, peers, ipBlocks and policyTypes with upstream wording', () => {
    const cases: [Obj, string[]][] = [
      [
        { ingress: [{ ports: [{ protocol: 'ICMP', port: 0 }] }] },
        [
          'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
          'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        ],
      ],
      [
        {
          egress: [
            { ports: [{ port: 8080, endPort: 80 }, { port: 'http', endPort: 90 }, { endPort: 9 }] },
          ],
        },
        [
          'spec.egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
          'spec.egress[0].ports[1].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
          'spec.egress[0].ports[2].endPort: Invalid value: 9: may not be specified when `port` is not specified',
        ],
      ],
      [
        {
          ingress: [
            {
              from: [
                {},
                { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
                { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8', '192.168.0.0/24', 'x'] } },
                { ipBlock: { cidr: '10.0.0.0/33' } },
              ],
            },
          ],
        },
        [
          'spec.ingress[0].from[0]: Required value: must specify a peer',
          'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
          'spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
          'spec.ingress[0].from[2].ipBlock.except[1]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
          'spec.ingress[0].from[2].ipBlock.except[2]: Invalid value: "x": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
          'spec.ingress[0].from[3].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        ],
      ],
      [
        { policyTypes: ['Ingress', 'Sideways'] },
        [
          'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
        ],
      ],
      [
        { policyTypes: ['Ingress', 'Egress', 'Ingress'] },
        [
          'spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes',
        ],
      ],
    ];
    for (const [spec, want] of cases) {
      expect(
        messages(validateCreate('NetworkPolicy', policy(spec))),
        JSON.stringify(spec),
      ).to.deep.equal(want);
    }
  });
});

describe('Ingress validation', () => {
  it('accepts rules with hosts, wildcards, every path type, TLS and a default backend', () => {
    const ing = ingress({
      ingressClassName: 'nginx',
      defaultBackend: backend('fallback', { number: 80 }),
      tls: [{ hosts: ['foo.example.com', '*.example.com'], secretName: 'tls-cert' }],
      rules: [
        {
          host: 'foo.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: backend('web', { name: 'http' }) },
              { path: '/exact', pathType: 'Exact', backend: backend('web', { number: 8080 }) },
              { pathType: 'ImplementationSpecific', backend: backend('web', { number: 80 }) },
            ],
          },
        },
        {
          host: '*.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', { number: 80 }) }],
          },
        },
      ],
    });
    expect(messages(validateCreate('Ingress', ing))).to.deep.equal([]);
    expect(ing.status).to.deep.equal({ loadBalancer: {} });
  });

  it('reports what upstream reports, in its words', () => {
    const cases: [KubeObject, string[]][] = [
      [
        ingress({}),
        ['spec: Invalid value: null: either `defaultBackend` or `rules` must be specified'],
      ],
      [
        ingress({
          rules: [
            { host: '10.1.2.3', http: { paths: [] } },
            { host: 'a.*.com' },
            {
              http: {
                paths: [
                  {
                    path: 'rel',
                    pathType: 'Prefix',
                    backend: backend('Web', { number: 80, name: 'http' }),
                  },
                  { path: '/a//b/..', pathType: 'Exact', backend: {} },
                  { path: '/x', backend: backend('web', {}) },
                  { path: '/y', pathType: 'Regex', backend: backend('web', {}) },
                ],
              },
            },
          ],
        }),
        [
          'spec.rules[0].host: Invalid value: "10.1.2.3": must be a DNS name, not an IP address',
          'spec.rules[0].http.paths: Required value',
          "spec.rules[1].host: Invalid value: \"a.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
          'spec.rules[2].http.paths[0].path: Invalid value: "rel": must be an absolute path',
          "spec.rules[2].http.paths[0].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
          'spec.rules[2].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
          'spec.rules[2].http.paths[1].path: Invalid value: "/a//b/..": must not contain \'//\'',
          'spec.rules[2].http.paths[1].path: Invalid value: "/a//b/..": cannot end with \'/..\'',
          'spec.rules[2].http.paths[1].backend: Invalid value: "": resource or service backend is required',
          'spec.rules[2].http.paths[2].pathType: Required value: pathType must be specified',
          'spec.rules[2].http.paths[3].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
          'spec.rules[2].http.paths[3].backend: Required value: port name or number is required',
        ],
      ],
      [
        ingress(
          { ingressClassName: 'nginx', defaultBackend: backend('web', { number: 80 }) },
          { 'kubernetes.io/ingress.class': 'traefik' },
        ),
        [
          'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
        ],
      ],
    ];
    for (const [ing, want] of cases) {
      expect(messages(validateCreate('Ingress', ing)), JSON.stringify(ing.spec)).to.deep.equal(
        want,
      );
    }
  });
});

describe('IngressClass validation', () => {
  function ingressClass(spec: Obj): KubeObject {
    return defaulted('IngressClass', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'external' },
      spec,
    });
  }

  it('wants a domain-prefixed controller that never changes, and defaults the parameters scope', () => {
    const ok = ingressClass({
      controller: 'example.com/ingress',
      parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
    });
    expect((ok.spec as { parameters: Obj }).parameters.scope).to.equal('Cluster');
    expect(validateCreate('IngressClass', ok)).to.deep.equal([]);
    expect(messages(validateCreate('IngressClass', ingressClass({})))).to.deep.equal([
      'spec.controller: Required value',
    ]);
    expect(
      messages(validateCreate('IngressClass', ingressClass({ controller: 'nginx' }))),
    ).to.deep.equal([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    const old = stored(ok);
    const changed = structuredClone(old);
    (changed.spec as Obj).controller = 'example.com/other';
    expect(messages(validateUpdate('IngressClass', changed, old))).to.deep.equal([
      'spec.controller: Invalid value: "example.com/other": field is immutable',
    ]);
  });
});
