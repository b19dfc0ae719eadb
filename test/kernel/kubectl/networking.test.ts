import { expect } from '@esm-bundle/chai';
import { endpointslices, ingresses, services } from '../../../src/kernel/api/resources.ts';
import { EventRecorder } from '../../../src/kernel/client/event-recorder.ts';
import type { Ingress } from '../../../src/kernel/types/networking.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const fails = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

/** The documentation's example policy. */
const policyYaml = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes:
  - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: mixed
spec:
  podSelector:
    matchExpressions:
    - key: tier
      operator: In
      values: [web, api]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: x
      podSelector:
        matchLabels:
          role: frontend
  - ports:
    - port: 32000
      endPort: 32768
`;

/** A Service `web` (port 80 → 8080) with two ready endpoints and one that is not ready. */
async function webService(k: KubectlHarness): Promise<void> {
  await k.client.create(services, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
  } as KubeObject);
  await k.client.create(endpointslices, 'default', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'web-abcde',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'web' },
    },
    addressType: 'IPv4',
    ports: [{ name: '', port: 8080, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.244.1.5'], conditions: { ready: true } },
      { addresses: ['10.244.2.7'], conditions: { ready: true } },
      { addresses: ['10.244.2.9'], conditions: { ready: false } },
    ],
  } as KubeObject);
}

describe('kubectl for Ingresses, IngressClasses and NetworkPolicies', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });

  it('lists the built-in IngressClass and describes it', async () => {
    expect(await k.run('get ingressclass')).to.deep.equal(
      ok(`NAME    CONTROLLER             PARAMETERS   AGE
nginx   k8s.io/ingress-nginx   <none>       0s
`),
    );
    expect(await k.run('describe ingressclass nginx')).to.deep.equal(
      ok(`Name:         nginx
Labels:       app.kubernetes.io/component=controller
              app.kubernetes.io/instance=ingress-nginx
              app.kubernetes.io/name=ingress-nginx
              app.kubernetes.io/part-of=ingress-nginx
Annotations:  ingressclass.kubernetes.io/is-default-class: true
Controller:   k8s.io/ingress-nginx
Events:       <none>
`),
    );
  });

  it('creates an Ingress from --rule flags as kubectl builds it', async () => {
    expect(
      await k.run(
        'create ingress shop --class=nginx --rule=shop.example.com/*=web:80 --rule=shop.example.com/api=api:http,tls=shop-tls --rule=/health=web:80 --annotation=team=shop',
      ),
    ).to.deep.equal(ok('ingress.networking.k8s.io/shop created\n'));
    const ing = await k.client.get<Ingress>(ingresses, 'default', 'shop');
    expect(ing.metadata.annotations).to.deep.equal({ team: 'shop' });
    expect(ing.spec).to.deep.equal({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
              {
                path: '/api',
                pathType: 'Exact',
                backend: { service: { name: 'api', port: { name: 'http' } } },
              },
            ],
          },
        },
        {
          http: {
            paths: [
              {
                path: '/health',
                pathType: 'Exact',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    });
    expect(await k.run('create ing fallback --default-backend=web:80 -o name')).to.deep.equal(
      ok('ingress.networking.k8s.io/fallback\n'),
    );
  });

  it("refuses what kubectl's generator refuses, and wraps the server's refusal", async () => {
    expect(await k.run('create ingress x')).to.deep.equal(
      fails(
        'error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)\n',
      ),
    );
    expect(await k.run('create ingress x --rule=foo.com=svc:80')).to.deep.equal(
      fails(
        'error: rule foo.com=svc:80 is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n',
      ),
    );
    expect(await k.run('create ingress x --default-backend=svc')).to.deep.equal(
      fails('error: default-backend should be in format servicename:serviceport\n'),
    );
    expect(await k.run('create ingress x --rule=Foo.com/=svc:80')).to.deep.equal(
      fails(
        `error: failed to create ingress: Ingress.networking.k8s.io "x" is invalid: spec.rules[0].host: Invalid value: "Foo.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
      ),
    );
  });

  it('gets Ingresses with class, hosts, address and ports, and describes rules with their endpoints', async () => {
    await webService(k);
    await k.run(
      'create ingress shop --class=nginx --rule=shop.example.com/*=web:80 --rule=shop.example.com/api=api:http,tls=shop-tls',
    );
    // No class: the DefaultIngressClass admission gives it the default one; the legacy
    // annotation keeps it out.
    await k.run('create ingress catch-all --rule=/*=web:80');
    await k.run(
      'create ingress legacy --rule=/*=web:80 --annotation=kubernetes.io/ingress.class=nginx',
    );
    await k.run(
      'create ingress many --class=nginx --rule=a.com/=web:80 --rule=b.com/=web:80 --rule=c.com/=web:80 --rule=d.com/=web:80',
    );
    const shop = await k.client.get<Ingress>(ingresses, 'default', 'shop');
    await k.client.updateStatus(ingresses, {
      ...shop,
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.2' }] } },
    });
    await k.clock.advance(65_000);
    expect(await k.run('get ingress')).to.deep.equal(
      ok(`NAME        CLASS    HOSTS                           ADDRESS      PORTS     AGE
catch-all   nginx    *                                            80        65s
legacy      <none>   *                                            80        65s
many        nginx    a.com,b.com,c.com + 1 more...                80        65s
shop        nginx    shop.example.com                172.18.0.2   80, 443   65s
`),
    );
    const recorder = new EventRecorder(k.client, k.clock, 'nginx-ingress-controller');
    await recorder.record(shop, 'Normal', 'Sync', 'Scheduled for sync');
    await k.clock.advance(5_000);
    await recorder.record(shop, 'Normal', 'Sync', 'Scheduled for sync');
    await k.clock.advance(10_000);
    expect(await k.run('describe ingress shop')).to.deep.equal(
      ok(`Name:             shop
Labels:           <none>
Namespace:        default
Address:          172.18.0.2
Ingress Class:    nginx
Default backend:  <default>
TLS:
  shop-tls terminates shop.example.com
Rules:
  Host              Path  Backends
  ----              ----  --------
  shop.example.com  
                    /      web:80 (10.244.1.5:8080,10.244.2.7:8080)
                    /api   api:http (<error: services "api" not found>)
Annotations:        <none>
Events:
  Type    Reason  Age                From                      Message
  ----    ------  ----               ----                      -------
  Normal  Sync    10s (x2 over 15s)  nginx-ingress-controller  Scheduled for sync
`),
    );
    await k.run('create ingress only-default --default-backend=web:80');
    expect(await k.run('describe ing only-default')).to.deep.equal(
      ok(`Name:             only-default
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    nginx
Default backend:  web:80 (10.244.1.5:8080,10.244.2.7:8080)
Rules:
  Host        Path  Backends
  ----        ----  --------
  *           *     web:80 (10.244.1.5:8080,10.244.2.7:8080)
Annotations:  <none>
Events:       <none>
`),
    );
  });

  it('gets and describes NetworkPolicies in kubectl’s words', async () => {
    k.files.set('netpol.yaml', policyYaml);
    expect(await k.run('create -f netpol.yaml')).to.deep.equal(
      ok(`networkpolicy.networking.k8s.io/test-network-policy created
networkpolicy.networking.k8s.io/default-deny-ingress created
networkpolicy.networking.k8s.io/mixed created
`),
    );
    expect(await k.run('get netpol')).to.deep.equal(
      ok(`NAME                   POD-SELECTOR        AGE
default-deny-ingress   <none>              0s
mixed                  tier in (api,web)   0s
test-network-policy    role=db             0s
`),
    );
    expect(await k.run('describe networkpolicy test-network-policy')).to.deep.equal(
      ok(`Name:         test-network-policy
Namespace:    default
Created on:   2026-01-01 00:00:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     role=db
  Allowing ingress traffic:
    To Port: 6379/TCP
    From:
      IPBlock:
        CIDR: 172.17.0.0/16
        Except: 172.17.1.0/24
    From:
      NamespaceSelector: project=myproject
    From:
      PodSelector: role=frontend
  Allowing egress traffic:
    To Port: 5978/TCP
    To:
      IPBlock:
        CIDR: 10.0.0.0/24
        Except: 
  Policy Types: Ingress, Egress
`),
    );
    expect((await k.run('describe netpol default-deny-ingress mixed')).stdout).to.equal(
      `Name:         default-deny-ingress
Namespace:    default
Created on:   2026-01-01 00:00:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)
  Allowing ingress traffic:
    <none> (Selected pods are isolated for ingress connectivity)
  Not affecting egress traffic
  Policy Types: Ingress


Name:         mixed
Namespace:    default
Created on:   2026-01-01 00:00:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     tier in (api,web)
  Allowing ingress traffic:
    To Port: <any> (traffic allowed to all ports)
    From:
      NamespaceSelector: team=x
      PodSelector: role=frontend
    ----------
    To Port Range: 32000-32768/TCP
    From: <any> (traffic not restricted by source)
  Not affecting egress traffic
  Policy Types: Ingress
`,
    );
  });
});
