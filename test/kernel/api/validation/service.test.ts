import { expect } from '@esm-bundle/chai';
import { services } from '../../../../src/kernel/api/resources.ts';
import type { Service } from '../../../../src/kernel/types/service.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';
import { causes, service, statusOf } from '../service/service-helpers.ts';

type Spec = NonNullable<Service['spec']>;

interface Case {
  name: string;
  service: Service;
  causes: string[];
}

function with_(spec: Partial<Spec>, name = 'web'): Service {
  return service(name, spec);
}

const cases: Case[] = [
  {
    name: 'requires port names when there are several, and unique ones',
    service: with_({
      ports: [{ port: 80 }, { name: 'b', port: 81 }, { name: 'b', port: 82 }],
    }),
    causes: ['spec.ports[0].name: Required value', 'spec.ports[2].name: Duplicate value: "b"'],
  },
  {
    name: 'takes DNS-1123 labels as port names',
    service: with_({ ports: [{ name: 'Web_Port', port: 80 }] }),
    causes: [
      "spec.ports[0].name: Invalid value: \"Web_Port\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  {
    name: 'checks port numbers and protocols',
    service: with_({
      ports: [
        { name: 'a', port: 70000 },
        { name: 'b', port: 81, protocol: 'ICMP' as 'TCP' },
      ],
    }),
    causes: [
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
  {
    name: 'requires ports except for headless and ExternalName services',
    service: with_({ ports: [] }),
    causes: ['spec.ports: Required value'],
  },
  {
    name: 'checks named target ports',
    service: with_({ ports: [{ port: 80, targetPort: 'http--web' }] }),
    causes: [
      'spec.ports[0].targetPort: Invalid value: "http--web": must not contain consecutive hyphens',
    ],
  },
  {
    name: 'refuses duplicate ports and node ports',
    service: with_({
      type: 'NodePort',
      ports: [
        { name: 'a', port: 80, nodePort: 30001 },
        { name: 'b', port: 80, nodePort: 30001 },
      ],
    }),
    causes: [
      'spec.ports[1].nodePort: Duplicate value: 30001',
      'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    ],
  },
  {
    name: 'checks selector labels',
    service: with_({ selector: { app: 'web app' } }),
    causes: [
      "spec.selector: Invalid value: \"web app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  },
  {
    name: 'knows the service types',
    service: with_({ type: 'Internal' as 'ClusterIP' }),
    causes: [
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  },
  {
    name: 'requires externalName for ExternalName services',
    service: with_({ type: 'ExternalName', ports: [] }),
    causes: ['spec.externalName: Required value'],
  },
  {
    name: 'refuses a cluster IP on an ExternalName service',
    service: with_({
      type: 'ExternalName',
      externalName: 'db.example.com.',
      clusterIP: '10.96.0.9',
    }),
    causes: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
  },
  {
    name: 'refuses headless NodePort services',
    service: with_({ type: 'NodePort', clusterIP: 'None' }),
    causes: [
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ],
  },
  {
    name: 'refuses node ports on ClusterIP services',
    service: with_({ ports: [{ port: 80, nodePort: 30080 }] }),
    causes: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: 'checks the session affinity',
    service: with_({ sessionAffinity: 'Sticky' as 'None' }),
    causes: [
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    ],
  },
  {
    name: 'checks the ClientIP timeout',
    service: with_({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } },
    }),
    causes: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'checks the traffic policies',
    service: with_({
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Nearest' as 'Local',
    }),
    causes: [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      'spec.internalTrafficPolicy: Unsupported value: "Nearest": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: 'keeps load balancer fields to LoadBalancer services',
    service: with_({
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      allocateLoadBalancerNodePorts: true,
    }),
    causes: [
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
      "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ],
  },
  {
    name: 'checks source ranges and external IPs',
    service: with_({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.0.0.1/8'],
      externalIPs: ['127.0.0.1'],
    }),
    causes: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
    ],
  },
  {
    name: 'takes RFC 1035 names',
    service: with_({}, '1web'),
    causes: [
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
];

describe('Service validation', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await startTestApi();
  });

  for (const c of cases) {
    it(c.name, async () => {
      const status = await statusOf(t.client.create(services, 'default', c.service));
      expect(status.code).to.equal(422);
      expect(status.reason).to.equal('Invalid');
      expect(status.details?.kind).to.equal('Service');
      expect(causes(status)).to.deep.equal(c.causes);
    });
  }

  it('lists every problem in the message, as kubectl prints it', async () => {
    const status = await statusOf(
      t.client.create(
        services,
        'default',
        with_({ ports: [{ port: 0 }], type: 'Weird' as 'ClusterIP' }),
      ),
    );
    expect(status.message).to.equal(
      'Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.type: Unsupported value: "Weird": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]',
    );
  });

  it('accepts headless services without ports and ExternalName ones with a trailing dot', async () => {
    await t.client.create(services, 'default', with_({ clusterIP: 'None', ports: [] }));
    const ext = await t.client.create<Service>(
      services,
      'default',
      with_({ type: 'ExternalName', externalName: 'db.example.com.', ports: [] }, 'db'),
    );
    expect(ext.spec!.externalName).to.equal('db.example.com.');
  });

  it('rejects unknown fields under strict field validation', async () => {
    const res = await t.server.handle({
      verb: 'POST',
      path: '/api/v1/namespaces/default/services?fieldValidation=Strict',
      body: { ...with_({}), spec: { ports: [{ port: 80, portt: 1 }] } },
    });
    expect(res.status).to.equal(400);
    expect((res.body as { message: string }).message).to.equal(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].portt"',
    );
  });
});
