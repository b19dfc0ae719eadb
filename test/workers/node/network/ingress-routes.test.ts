import { expect } from '@esm-bundle/chai';
import type {
  HTTPIngressPath,
  Ingress,
  IngressClass,
  IngressRule,
} from '../../../../src/kernel/types/networking.ts';
import {
  ingressesForController,
  routeRequest,
} from '../../../../src/workers/node/network/ingress-routes.ts';

let clock = 0;

function ingress(
  name: string,
  rules: IngressRule[],
  extra: Partial<Ingress['spec']> = {},
  annotations?: Record<string, string>,
): Ingress {
  clock++;
  return {
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: `2026-01-01T00:00:${String(clock).padStart(2, '0')}Z`,
      ...(annotations ? { annotations } : {}),
    },
    spec: { ingressClassName: 'nginx', rules, ...extra },
  };
}

function path(p: string | undefined, pathType: string, service: string): HTTPIngressPath {
  return {
    ...(p === undefined ? {} : { path: p }),
    pathType: pathType as HTTPIngressPath['pathType'],
    backend: { service: { name: service, port: { number: 80 } } },
  };
}

function rule(host: string | undefined, ...paths: HTTPIngressPath[]): IngressRule {
  return { ...(host ? { host } : {}), http: { paths } };
}

function routed(ingresses: Ingress[], host: string, requestPath: string): string {
  const r = routeRequest(ingresses, host, requestPath);
  return r.kind === 'none' ? '404' : (r.backend.service?.name ?? '?');
}

describe('routeRequest', () => {
  it('matches paths as the Ingress API and ingress-nginx do', () => {
    const ingresses = [
      ingress('paths', [
        rule(
          'foo.com',
          path('/', 'Prefix', 'root'),
          path('/foo', 'Exact', 'foo-exact'),
          path('/foo', 'Prefix', 'foo-prefix'),
          path('/aaa/bbb/', 'Prefix', 'aaa-bbb'),
          path('/aaa/bbb/ccc', 'Exact', 'ccc-exact'),
          path('/impl', 'ImplementationSpecific', 'impl'),
        ),
      ]),
    ];
    const cases: [string, string][] = [
      ['/', 'root'],
      ['/foo', 'foo-exact'],
      ['/foo/', 'foo-prefix'],
      ['/foo/bar', 'foo-prefix'],
      ['/foobar', 'root'],
      ['/aaa/bbb', 'aaa-bbb'],
      ['/aaa/bbb/', 'aaa-bbb'],
      ['/aaa/bbbxyz', 'root'],
      ['/aaa/bbb/ccc', 'ccc-exact'],
      ['/aaa/bbb/ccc/d', 'aaa-bbb'],
      ['/impl', 'impl'],
      ['/implementation', 'impl'],
    ];
    for (const [requestPath, want] of cases) {
      expect(routed(ingresses, 'foo.com', requestPath), requestPath).to.equal(want);
    }
  });

  it('prefers the longest path, Exact over Prefix on equal length, the older Ingress on a tie', () => {
    const ingresses = [
      ingress('old', [rule('x.com', path('/api', 'Prefix', 'old-api'))]),
      ingress('new', [
        rule('x.com', path('/api', 'Prefix', 'new-api'), path('/api/v1', 'Prefix', 'v1')),
      ]),
      ingress('exact', [
        rule('y.com', path('/a', 'Prefix', 'y-prefix'), path('/a', 'Exact', 'y-exact')),
      ]),
    ];
    expect(routed(ingresses, 'x.com', '/api/v2')).to.equal('old-api');
    expect(routed(ingresses, 'x.com', '/api/v1/users')).to.equal('v1');
    expect(routed(ingresses, 'y.com', '/a')).to.equal('y-exact');
    expect(routed(ingresses, 'y.com', '/a/b')).to.equal('y-prefix');
  });

  it('picks the server by exact host, then wildcard (one label), then the catch-all', () => {
    const ingresses = [
      ingress('hosts', [
        rule('foo.bar.com', path('/', 'Prefix', 'exact-host')),
        rule('*.bar.com', path('/', 'Prefix', 'wildcard')),
        rule(undefined, path('/', 'Prefix', 'any-host')),
        rule('only-api.com', path('/api', 'Prefix', 'only-api')),
      ]),
    ];
    const cases: [string, string, string][] = [
      ['foo.bar.com', '/', 'exact-host'],
      ['baz.bar.com', '/x', 'wildcard'],
      ['a.baz.bar.com', '/', 'any-host'],
      ['bar.com', '/', 'any-host'],
      ['10.0.0.1', '/', 'any-host'],
      // A request for a known host whose paths do not match does not fall back to other hosts.
      ['only-api.com', '/', '404'],
    ];
    for (const [host, requestPath, want] of cases) {
      expect(routed(ingresses, host, requestPath), `${host}${requestPath}`).to.equal(want);
    }
  });

  it("falls back to an Ingress's defaultBackend, then answers 404", () => {
    const withDefault = ingress('with-default', [rule('a.com', path('/x', 'Exact', 'x'))], {
      defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
    });
    expect(routed([withDefault], 'a.com', '/y')).to.equal('fallback');
    expect(routed([withDefault], 'other.com', '/y')).to.equal('fallback');
    expect(
      routed([ingress('plain', [rule('a.com', path('/x', 'Exact', 'x'))])], 'other.com', '/'),
    ).to.equal('404');
    expect(routed([], 'a.com', '/')).to.equal('404');
  });
});

describe('ingressesForController', () => {
  const nginx: IngressClass = {
    metadata: {
      name: 'nginx',
      annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
    },
    spec: { controller: 'k8s.io/ingress-nginx' },
  };
  const traefik: IngressClass = {
    metadata: { name: 'traefik' },
    spec: { controller: 'traefik.io/ingress-controller' },
  };

  it('serves its classes, the legacy annotation, and class-less Ingresses while its class is default', () => {
    const named = ingress('named', []);
    const other = ingress('other', [], { ingressClassName: 'traefik' });
    const classless = ingress('classless', [], { ingressClassName: undefined });
    const annotated = ingress(
      'annotated',
      [],
      { ingressClassName: undefined },
      {
        'kubernetes.io/ingress.class': 'nginx',
      },
    );
    const all = [other, classless, annotated, named];
    expect(ingressesForController(all, [nginx, traefik]).map((i) => i.metadata.name)).to.deep.equal(
      ['named', 'classless', 'annotated'],
    );
    const notDefault = { ...nginx, metadata: { name: 'nginx' } };
    expect(ingressesForController(all, [notDefault]).map((i) => i.metadata.name)).to.deep.equal([
      'named',
      'annotated',
    ]);
  });
});
