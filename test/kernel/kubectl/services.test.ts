import { expect } from '@esm-bundle/chai';
import { endpoints, endpointslices, services } from '../../../src/kernel/api/resources.ts';
import { Collector } from '../../../src/kernel/kubectl/context.ts';
import { runKubectlArgs } from '../../../src/kernel/kubectl/kubectl.ts';
import type { EndpointSlice } from '../../../src/kernel/types/discovery.ts';
import type { Endpoints, Service } from '../../../src/kernel/types/service.ts';
import { eventually } from '../../helpers/api.ts';
import { fails, lines, ok, startServiceKubectl, type ServiceKubectl } from './service-kubectl.ts';

/** What every request for v1 Endpoints answers since Kubernetes 1.33, as kubectl prints it. */
const endpointsWarning =
  'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

function service(name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

/** `web` (two named ports), `lb`, `public`, a headless `db` and an ExternalName `ext`. */
async function services_(k: ServiceKubectl): Promise<void> {
  await k.client.create(
    services,
    'default',
    service('web', {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'metrics', port: 9090, targetPort: 'metrics' },
      ],
    }),
  );
  const lb = await k.client.create(
    services,
    'default',
    service('lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] }),
  );
  lb.status = { loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] } };
  await k.client.updateStatus(services, lb);
  await k.client.create(
    services,
    'default',
    service('public', {
      selector: { app: 'web' },
      ports: [{ port: 443, protocol: 'TCP' }],
      externalIPs: ['203.0.113.10', '203.0.113.11'],
    }),
  );
  await k.client.create(
    services,
    'default',
    service('db', { clusterIP: 'None', selector: { app: 'db' } }),
  );
  await k.client.create(
    services,
    'default',
    service('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
  );
}

/** The slice and Endpoints of `web`: five pods, one of them not ready. */
async function webEndpoints(k: ServiceKubectl): Promise<void> {
  const ready = ['10.244.1.2', '10.244.2.3', '10.244.2.5', '10.244.1.6'];
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-7xk2p', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9100, protocol: 'TCP' },
    ],
    endpoints: [
      ...ready.slice(0, 2).map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
      {
        addresses: ['10.244.1.4'],
        conditions: { ready: false, serving: false, terminating: false },
        nodeName: 'node-a',
        targetRef: { kind: 'Pod', name: 'web-6d4b-x2', namespace: 'default' },
      },
      ...ready.slice(2).map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ],
  };
  await k.client.create(endpointslices, 'default', slice);
  const ep: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web' },
    subsets: [
      {
        addresses: ready.map((ip) => ({ ip })),
        notReadyAddresses: [{ ip: '10.244.1.4' }],
        ports: [
          { name: 'http', port: 8080, protocol: 'TCP' },
          { name: 'metrics', port: 9100, protocol: 'TCP' },
        ],
      },
    ],
  };
  await k.client.create(endpoints, 'default', ep);
}

describe('kubectl for Services, Endpoints and EndpointSlices', () => {
  let k: ServiceKubectl;
  beforeEach(async () => {
    k = await startServiceKubectl();
    await services_(k);
    await webEndpoints(k);
    await k.clock.advance(65_000);
  });

  it('get svc: cluster IP (None when headless), external IPs, ports with node ports', async () => {
    expect(await k.run('get svc')).to.deep.equal(
      ok(
        lines(
          'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP                 PORT(S)           AGE',
          'db           ClusterIP      None         <none>                      <none>            65s',
          'ext          ExternalName   <none>       db.example.com              <none>            65s',
          'kubernetes   ClusterIP      10.96.0.1    <none>                      443/TCP           65s',
          'lb           LoadBalancer   10.96.1.2    172.18.255.200              80:30086/TCP      65s',
          'public       ClusterIP      10.96.1.3    203.0.113.10,203.0.113.11   443/TCP           65s',
          'web          ClusterIP      10.96.1.1    <none>                      80/TCP,9090/TCP   65s',
        ),
      ),
    );
    expect(await k.run('get services web kubernetes -o wide')).to.deep.equal(
      ok(
        lines(
          'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)           AGE   SELECTOR',
          'web          ClusterIP   10.96.1.1    <none>        80/TCP,9090/TCP   65s   app=web',
          'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP           65s   <none>',
        ),
      ),
    );
  });

  it('get svc: a LoadBalancer without an address is <pending>; long addresses are cut unless wide', async () => {
    const svc = await k.client.create(
      services,
      'default',
      service('shop', { type: 'LoadBalancer', selector: { app: 'shop' }, ports: [{ port: 443 }] }),
    );
    expect((await k.run('get svc shop')).stdout).to.equal(
      lines(
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE',
        'shop   LoadBalancer   10.96.1.4    <pending>     443:30087/TCP   0s',
      ),
    );
    svc.status = {
      loadBalancer: {
        ingress: [{ hostname: 'a1b2c3d4e5f6.elb.example.com' }, { ip: '198.51.100.7' }],
      },
    };
    await k.client.updateStatus(services, svc);
    expect((await k.run('get svc shop')).stdout).to.equal(
      lines(
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP        PORT(S)         AGE',
        'shop   LoadBalancer   10.96.1.4    198.51.100.7,...   443:30087/TCP   0s',
      ),
    );
    expect((await k.run('get svc shop -o wide')).stdout).to.equal(
      lines(
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP                                 PORT(S)         AGE   SELECTOR',
        'shop   LoadBalancer   10.96.1.4    198.51.100.7,a1b2c3d4e5f6.elb.example.com   443:30087/TCP   0s    app=shop',
      ),
    );
  });

  it('get endpoints and endpointslices, three entries then "+ N more..."', async () => {
    expect(await k.run('get ep')).to.deep.equal({
      stdout: lines(
        'NAME         ENDPOINTS                                                     AGE',
        'kubernetes   172.18.0.2:6443                                               65s',
        'web          10.244.1.2:8080,10.244.2.3:8080,10.244.2.5:8080 + 5 more...   65s',
      ),
      stderr: endpointsWarning,
      exitCode: 0,
    });
    // Slices list every address, ready or not.
    expect(await k.run('get endpointslices')).to.deep.equal(
      ok(
        lines(
          'NAME         ADDRESSTYPE   PORTS       ENDPOINTS                                      AGE',
          'kubernetes   IPv4          6443        172.18.0.2                                     65s',
          'web-7xk2p    IPv4          8080,9100   10.244.1.2,10.244.2.3,10.244.1.4 + 2 more...   65s',
        ),
      ),
    );
  });

  it('get endpoints and endpointslices when there is nothing to list', async () => {
    await k.client.create(endpoints, 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'empty' },
    } as Endpoints);
    await k.client.create(endpointslices, 'default', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'empty-abcde' },
      addressType: 'IPv4',
      endpoints: [],
    } as EndpointSlice);
    expect((await k.run('get ep empty')).stdout).to.equal(
      lines('NAME    ENDPOINTS   AGE', 'empty   <none>      0s'),
    );
    expect((await k.run('get endpointslice empty-abcde')).stdout).to.equal(
      lines(
        'NAME          ADDRESSTYPE   PORTS     ENDPOINTS   AGE',
        'empty-abcde   IPv4          <unset>   <unset>     0s',
      ),
    );
  });

  it('get all lists Services after Pods and before the workloads', async () => {
    const r = await k.run('get all');
    expect(r.stdout.split('\n')[0]).to.equal(
      'NAME                 TYPE           CLUSTER-IP   EXTERNAL-IP                 PORT(S)           AGE',
    );
    expect(r.stdout).to.include(
      'service/web          ClusterIP      10.96.1.1    <none>                      80/TCP,9090/TCP   65s\n',
    );
  });

  it('describe service: each port with its target, node port and ready endpoints', async () => {
    expect(await k.run('describe svc web')).to.deep.equal(
      ok(
        lines(
          'Name:                     web',
          'Namespace:                default',
          'Labels:                   <none>',
          'Annotations:              <none>',
          'Selector:                 app=web',
          'Type:                     ClusterIP',
          'IP Family Policy:         SingleStack',
          'IP Families:              IPv4',
          'IP:                       10.96.1.1',
          'IPs:                      10.96.1.1',
          'Port:                     http  80/TCP',
          'TargetPort:               8080/TCP',
          'Endpoints:                10.244.1.2:8080,10.244.2.3:8080,10.244.2.5:8080 + 1 more...',
          'Port:                     metrics  9090/TCP',
          'TargetPort:               metrics/TCP',
          'Endpoints:                10.244.1.2:9100,10.244.2.3:9100,10.244.2.5:9100 + 1 more...',
          'Session Affinity:         None',
          'Internal Traffic Policy:  Cluster',
          'Events:                   <none>',
        ),
      ),
    );
  });

  it('describe service: load balancer ingress, node ports, external IPs', async () => {
    expect(await k.run('describe service lb')).to.deep.equal(
      ok(
        lines(
          'Name:                     lb',
          'Namespace:                default',
          'Labels:                   <none>',
          'Annotations:              <none>',
          'Selector:                 app=web',
          'Type:                     LoadBalancer',
          'IP Family Policy:         SingleStack',
          'IP Families:              IPv4',
          'IP:                       10.96.1.2',
          'IPs:                      10.96.1.2',
          'LoadBalancer Ingress:     172.18.255.200 (VIP)',
          'Port:                     <unset>  80/TCP',
          'TargetPort:               80/TCP',
          'NodePort:                 <unset>  30086/TCP',
          'Endpoints:                <none>',
          'Session Affinity:         None',
          'External Traffic Policy:  Cluster',
          'Internal Traffic Policy:  Cluster',
          'Events:                   <none>',
        ),
      ),
    );
    expect((await k.run('describe svc public')).stdout).to.include(
      lines(
        'IPs:                      10.96.1.3',
        'External IPs:             203.0.113.10,203.0.113.11',
        'Port:                     <unset>  443/TCP',
      ),
    );
  });

  it('describe service: headless and ExternalName', async () => {
    expect(await k.run('describe svc db')).to.deep.equal(
      ok(
        lines(
          'Name:                     db',
          'Namespace:                default',
          'Labels:                   <none>',
          'Annotations:              <none>',
          'Selector:                 app=db',
          'Type:                     ClusterIP',
          'IP Family Policy:         SingleStack',
          'IP Families:              IPv4',
          'IP:                       None',
          'IPs:                      None',
          'Session Affinity:         None',
          'Internal Traffic Policy:  Cluster',
          'Events:                   <none>',
        ),
      ),
    );
    expect(await k.run('describe svc ext')).to.deep.equal(
      ok(
        lines(
          'Name:              ext',
          'Namespace:         default',
          'Labels:            <none>',
          'Annotations:       <none>',
          'Selector:          <none>',
          'Type:              ExternalName',
          'IP Families:       <none>',
          'IP:                ',
          'IPs:               <none>',
          'External Name:     db.example.com',
          'Session Affinity:  None',
          'Events:            <none>',
        ),
      ),
    );
  });

  it("describe service kubernetes: the API server's endpoint, labels on several lines", async () => {
    expect((await k.run('describe svc kubernetes')).stdout).to.equal(
      lines(
        'Name:                     kubernetes',
        'Namespace:                default',
        'Labels:                   component=apiserver',
        '                          provider=kubernetes',
        'Annotations:              <none>',
        'Selector:                 <none>',
        'Type:                     ClusterIP',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.96.0.1',
        'IPs:                      10.96.0.1',
        'Port:                     https  443/TCP',
        'TargetPort:               6443/TCP',
        'Endpoints:                172.18.0.2:6443',
        'Session Affinity:         None',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
      ),
    );
  });

  it('describe endpoints: subsets with ready and not-ready addresses and ports', async () => {
    expect(await k.run('describe ep web')).to.deep.equal({
      stdout: lines(
        'Name:         web',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Subsets:',
        '  Addresses:          10.244.1.2,10.244.2.3,10.244.2.5,10.244.1.6',
        '  NotReadyAddresses:  10.244.1.4',
        '  Ports:',
        '    Name     Port  Protocol',
        '    ----     ----  --------',
        '    http     8080  TCP',
        '    metrics  9100  TCP',
        '',
        'Events:  <none>',
      ),
      stderr: endpointsWarning,
      exitCode: 0,
    });
  });

  it('describe endpointslice: ports and each endpoint', async () => {
    const endpoint = (ip: string) => [
      `  - Addresses:  ${ip}`,
      '    Conditions:',
      '      Ready:    true',
      '    Hostname:   <unset>',
      '    NodeName:   <unset>',
      '    Zone:       <unset>',
    ];
    expect(await k.run('describe endpointslice web-7xk2p')).to.deep.equal(
      ok(
        lines(
          'Name:         web-7xk2p',
          'Namespace:    default',
          'Labels:       kubernetes.io/service-name=web',
          'Annotations:  <none>',
          'AddressType:  IPv4',
          'Ports:',
          '  Name     Port  Protocol',
          '  ----     ----  --------',
          '  http     8080  TCP',
          '  metrics  9100  TCP',
          'Endpoints:',
          ...endpoint('10.244.1.2'),
          ...endpoint('10.244.2.3'),
          '  - Addresses:  10.244.1.4',
          '    Conditions:',
          '      Ready:    false',
          '    Hostname:   <unset>',
          '    TargetRef:  Pod/web-6d4b-x2',
          '    NodeName:   node-a',
          '    Zone:       <unset>',
          ...endpoint('10.244.2.5'),
          '  - Addresses:  10.244.1.6',
          '    Conditions:',
          '      Ready:   true',
          '    Hostname:  <unset>',
          '    NodeName:  <unset>',
          '    Zone:      <unset>',
          'Events:        <none>',
        ),
      ),
    );
  });

  it('delete svc, edit svc and explain service.spec.ports', async () => {
    expect(await k.run('delete svc public')).to.deep.equal(
      ok('service "public" deleted from default namespace\n'),
    );
    k.context.edit = async (yaml) =>
      yaml.replace('sessionAffinity: None', 'sessionAffinity: ClientIP');
    expect(await k.run('edit svc web')).to.deep.equal(ok('service/web edited\n'));
    expect((await k.run('describe svc web')).stdout).to.include(
      'Session Affinity:         ClientIP\n',
    );
    const explain = await k.run('explain service.spec.ports');
    expect(explain.stdout).to.match(
      /^KIND: +Service\nVERSION: +v1\n\nFIELD: ports <\[\]ServicePort>\n/,
    );
    expect(explain.stdout).to.include('\n  targetPort\t<IntOrString>\n');
  });

  it('describe and get a missing Service fail as the API answers', async () => {
    expect(await k.run('describe svc nope')).to.deep.equal(
      fails('Error from server (NotFound): services "nope" not found\n'),
    );
    expect(await k.run('get ep nope')).to.deep.equal(
      fails(`${endpointsWarning}Error from server (NotFound): endpoints "nope" not found\n`),
    );
  });
});

describe('kubectl get svc -w', () => {
  it('prints the table, then a row per change', async () => {
    const k = await startServiceKubectl();
    const stdout = new Collector();
    const stderr = new Collector();
    const abort = new AbortController();
    const done = runKubectlArgs(['get', 'svc', '-w'], {
      ...k.context,
      stdout,
      stderr,
      signal: abort.signal,
    });
    await eventually(() => stdout.text.includes('kubernetes'));
    await k.run('create service nodeport web --tcp=80:8080');
    await eventually(() => stdout.text.includes('web'));
    abort.abort();
    expect(await done).to.equal(0);
    expect(stdout.text).to.equal(
      lines(
        'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s',
        'web          NodePort    10.96.1.1    <none>        80:30086/TCP   0s',
      ),
    );
    expect(stderr.text).to.equal('');
  });
});
