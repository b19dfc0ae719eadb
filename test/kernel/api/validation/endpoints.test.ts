import { expect } from '@esm-bundle/chai';
import { endpoints, endpointslices } from '../../../../src/kernel/api/resources.ts';
import type { EndpointSlice } from '../../../../src/kernel/types/discovery.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';
import type { Endpoints } from '../../../../src/kernel/types/service.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';
import { causes, statusOf } from '../service/service-helpers.ts';

function ep(subsets: unknown): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web' }, subsets };
}

function slice(extra: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [],
    ...extra,
  };
}

describe('Endpoints and EndpointSlice validation', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await startTestApi();
  });

  it('defaults Endpoints port protocols and stores them', async () => {
    const created = (await t.client.create(
      endpoints,
      'default',
      ep([{ addresses: [{ ip: '10.244.1.2' }], ports: [{ port: 80 }] }]),
    )) as Endpoints;
    expect(created.subsets![0].ports).to.deep.equal([{ port: 80, protocol: 'TCP' }]);
  });

  const endpointsCases: [string, unknown, string[]][] = [
    [
      'a subset without addresses',
      [{ ports: [{ port: 80 }] }],
      ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
    ],
    [
      'unusable addresses',
      [{ addresses: [{ ip: '127.0.0.1' }], notReadyAddresses: [{ ip: 'web' }] }],
      [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'subsets[0].notReadyAddresses[0].ip: Invalid value: "web": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'subsets[0].notReadyAddresses[0].ip: Invalid value: "web": must be a valid IP address',
      ],
    ],
    [
      'unnamed ports when there are several',
      [{ addresses: [{ ip: '10.244.1.2' }], ports: [{ port: 80 }, { name: 'b', port: 0 }] }],
      [
        'subsets[0].ports[0].name: Required value',
        'subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    ],
  ];
  for (const [name, subsets, expected] of endpointsCases) {
    it(`refuses Endpoints with ${name}`, async () => {
      const status = await statusOf(t.client.create(endpoints, 'default', ep(subsets)));
      expect(status.reason).to.equal('Invalid');
      expect(status.details?.kind).to.equal('Endpoints');
      expect(causes(status)).to.deep.equal(expected);
    });
  }

  it('warns of the Endpoints deprecation on every request, as a 1.33+ apiserver does', async () => {
    const warning = 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';
    const list = await t.server.handle({
      verb: 'GET',
      path: '/api/v1/namespaces/default/endpoints',
    });
    expect(list.warnings).to.deep.equal([warning]);
    const missing = await t.server.handle({
      verb: 'GET',
      path: '/api/v1/namespaces/default/endpoints/nope',
    });
    expect(missing.status).to.equal(404);
    expect(missing.warnings).to.deep.equal([warning]);
    const slices = await t.server.handle({
      verb: 'GET',
      path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    });
    expect(slices.warnings).to.equal(undefined);
  });

  it('defaults EndpointSlice ports and starts them at generation 1', async () => {
    const created = (await t.client.create(
      endpointslices,
      'default',
      slice({
        endpoints: [{ addresses: ['10.244.1.2'], conditions: { ready: true } }],
        ports: [{ port: 80 }],
      }),
    )) as EndpointSlice;
    expect(created.ports).to.deep.equal([{ port: 80, name: '', protocol: 'TCP' }]);
    expect(created.metadata.generation).to.equal(1);
    const relabelled = await t.client.patch<EndpointSlice>(endpointslices, 'default', 'web-abcde', {
      metadata: { labels: { extra: 'x' } },
    });
    expect(relabelled.metadata.generation).to.equal(2);
    const annotated = await t.client.patch<EndpointSlice>(endpointslices, 'default', 'web-abcde', {
      metadata: { annotations: { note: 'x' } },
    });
    expect(annotated.metadata.generation).to.equal(2);
  });

  const sliceCases: [string, Record<string, unknown>, string[]][] = [
    ['no address type', { addressType: '' }, ['addressType: Required value']],
    [
      'an unknown address type',
      { addressType: 'IP' },
      ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    ],
    [
      'endpoints without addresses or with wrong ones',
      { endpoints: [{ addresses: [] }, { addresses: ['fd00::1'], nodeName: 'Kind_Worker' }] },
      [
        'endpoints[0].addresses: Required value: must contain at least 1 address',
        'endpoints[1].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
        "endpoints[1].nodeName: Invalid value: \"Kind_Worker\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      'duplicate port names',
      {
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 81 },
        ],
      },
      ['ports[1].name: Duplicate value: "http"'],
    ],
    [
      'more than 1000 endpoints',
      { endpoints: Array.from({ length: 1001 }, () => ({ addresses: ['10.244.1.2'] })) },
      ['endpoints: Too many: 1001: must have at most 1000 items'],
    ],
  ];
  for (const [name, extra, expected] of sliceCases) {
    it(`refuses an EndpointSlice with ${name}`, async () => {
      const status = await statusOf(t.client.create(endpointslices, 'default', slice(extra)));
      expect(status.reason).to.equal('Invalid');
      expect(status.details).to.include({ kind: 'EndpointSlice', group: 'discovery.k8s.io' });
      expect(causes(status)).to.deep.equal(expected);
    });
  }

  it('keeps the address type of an EndpointSlice', async () => {
    await t.client.create(endpointslices, 'default', slice({}));
    const status = await statusOf(
      t.client.patch(endpointslices, 'default', 'web-abcde', { addressType: 'IPv6' }),
    );
    expect(causes(status)).to.deep.equal([
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});
