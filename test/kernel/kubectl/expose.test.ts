import { expect } from '@esm-bundle/chai';
import {
  configmaps,
  deployments,
  pods,
  replicasets,
  services,
} from '../../../src/kernel/api/resources.ts';
import type { Deployment, ReplicaSet } from '../../../src/kernel/types/apps.ts';
import type { Container, Pod } from '../../../src/kernel/types/core.ts';
import type { LabelSelector } from '../../../src/kernel/types/meta.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import { rolledOut, startCluster } from './cluster-fixture.ts';
import { fails, lines, ok, startServiceKubectl, type ServiceKubectl } from './service-kubectl.ts';

function deployment(name: string, containers: Container[], selector?: LabelSelector): Deployment {
  const labels = { app: name, tier: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: selector ?? { matchLabels: { app: name } },
      template: { metadata: { labels }, spec: { containers } },
    },
  };
}

/** The Deployments, ReplicaSet, Pods and ConfigMap the cases expose. */
async function fixtures(k: ServiceKubectl): Promise<void> {
  const create = (info: typeof deployments, object: object) =>
    k.client.create(info, 'default', object as Deployment);
  // As `kubectl create deployment kubernetes-bootcamp --image=...` makes it: no ports.
  await create(
    deployments,
    deployment('kubernetes-bootcamp', [
      { name: 'kubernetes-bootcamp', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' },
    ]),
  );
  await create(
    deployments,
    deployment('web', [
      { name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] },
    ]),
  );
  await create(
    deployments,
    deployment('multi', [
      {
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 80 }, { containerPort: 443, protocol: 'TCP' }],
      },
      {
        name: 'dns',
        image: 'coredns',
        ports: [
          { containerPort: 53, protocol: 'UDP' },
          { containerPort: 53, protocol: 'TCP' },
        ],
      },
    ]),
  );
  await create(
    deployments,
    deployment('expr', [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }], {
      matchLabels: { app: 'expr' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }],
    }),
  );
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', labels: { tier: 'frontend' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { tier: 'frontend' } },
      template: {
        metadata: { labels: { tier: 'frontend' } },
        spec: { containers: [{ name: 'php', image: 'php', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
  await create(replicasets, rs);
  const pod = (name: string, labels?: Record<string, string>): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8443 }] }] },
  });
  await create(pods, pod('valid-pod', { name: 'valid-pod', run: 'valid' }));
  await create(pods, pod('bare'));
  await create(configmaps, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg' },
    data: {},
  });
}

describe('kubectl expose', () => {
  let k: ServiceKubectl;
  const svc = (name: string) => k.client.get<Service>(services, 'default', name);
  beforeEach(async () => {
    k = await startServiceKubectl();
    await fixtures(k);
  });

  it("runs the Basics tutorial's line: a NodePort Service on the deployment's selector", async () => {
    expect(
      await k.run('kubectl expose deployment/kubernetes-bootcamp --type="NodePort" --port 8080'),
    ).to.deep.equal(ok('service/kubernetes-bootcamp exposed\n'));
    const s = await svc('kubernetes-bootcamp');
    expect(s.metadata.labels).to.deep.equal({ app: 'kubernetes-bootcamp' });
    expect(s.spec?.selector).to.deep.equal({ app: 'kubernetes-bootcamp' });
    expect(s.spec?.type).to.equal('NodePort');
    expect(s.spec?.ports).to.deep.equal([
      { port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: 30086 },
    ]);
    expect((await k.run('get services')).stdout).to.equal(
      lines(
        'NAME                  TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE',
        'kubernetes            ClusterIP   10.96.0.1    <none>        443/TCP          0s',
        'kubernetes-bootcamp   NodePort    10.96.1.1    <none>        8080:30086/TCP   0s',
      ),
    );
  });

  it('--dry-run=client -o yaml prints the Service as kubectl generates it', async () => {
    expect(
      await k.run('expose deployment web --port=80 --target-port=http --dry-run=client -o yaml'),
    ).to.deep.equal(
      ok(
        lines(
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          '  labels:',
          '    app: web',
          '  name: web',
          'spec:',
          '  ports:',
          '  - port: 80',
          '    protocol: TCP',
          '    targetPort: http',
          '  selector:',
          '    app: web',
          'status:',
          '  loadBalancer: {}',
        ),
      ),
    );
    expect((await k.client.list(services, 'default')).items).to.have.length(1);
    // With -n the namespace is written into the object.
    const yaml = (await k.run('expose deploy web -n default --dry-run=client -o yaml')).stdout;
    expect(yaml).to.include('  name: web\n  namespace: default\n');
  });

  it('takes the port from the containers, one Service port per port and protocol', async () => {
    expect(await k.run('expose deployment web')).to.deep.equal(ok('service/web exposed\n'));
    expect((await svc('web')).spec?.ports).to.deep.equal([
      { port: 8080, protocol: 'TCP', targetPort: 8080 },
    ]);
    expect(await k.run('expose deploy multi --dry-run=client -o yaml')).to.deep.equal(
      ok(
        lines(
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          '  labels:',
          '    app: multi',
          '  name: multi',
          'spec:',
          '  ports:',
          '  - name: port-1',
          '    port: 80',
          '    protocol: TCP',
          '    targetPort: 80',
          '  - name: port-2',
          '    port: 443',
          '    protocol: TCP',
          '    targetPort: 443',
          '  - name: port-3-udp',
          '    port: 53',
          '    protocol: UDP',
          '    targetPort: 53',
          '  - name: port-3-tcp',
          '    port: 53',
          '    protocol: TCP',
          '    targetPort: 53',
          '  selector:',
          '    app: multi',
          'status:',
          '  loadBalancer: {}',
        ),
      ),
    );
    // A given port keeps the protocols the containers declare for it.
    const udp = (await k.run('expose deploy multi --port=53 --name=dns -o yaml --dry-run=client'))
      .stdout;
    expect(udp).to.include(
      lines(
        '  - name: port-1-udp',
        '    port: 53',
        '    protocol: UDP',
        '    targetPort: 53',
        '  - name: port-1-tcp',
      ),
    );
  });

  it('exposes a pod, a replica set and a service, with the flags that shape the Service', async () => {
    expect(await k.run('expose pod valid-pod --port=444 --name=frontend')).to.deep.equal(
      ok('service/frontend exposed\n'),
    );
    const frontend = await svc('frontend');
    expect(frontend.spec?.selector).to.deep.equal({ name: 'valid-pod', run: 'valid' });
    expect(frontend.metadata.labels).to.deep.equal({ name: 'valid-pod', run: 'valid' });
    expect(
      await k.run(
        'expose service frontend --port=443 --target-port=8443 --name=nginx-https --labels=team=a,env=prod --external-ip=203.0.113.5 --session-affinity=ClientIP',
      ),
    ).to.deep.equal(ok('service/nginx-https exposed\n'));
    const https = await svc('nginx-https');
    expect(https.metadata.labels).to.deep.equal({ team: 'a', env: 'prod' });
    expect(https.spec?.selector).to.deep.equal({ name: 'valid-pod', run: 'valid' });
    expect(https.spec?.externalIPs).to.deep.equal(['203.0.113.5']);
    expect(https.spec?.sessionAffinity).to.equal('ClientIP');
    expect(https.spec?.ports?.[0]).to.include({ port: 443, targetPort: 8443 });
    expect(await k.run('expose rs frontend --name=php --protocol=UDP -o name')).to.deep.equal(
      ok('service/php\n'),
    );
    const php = await svc('php');
    expect(php.spec?.selector).to.deep.equal({ tier: 'frontend' });
    expect(php.spec?.ports).to.deep.equal([{ port: 80, protocol: 'UDP', targetPort: 80 }]);
  });

  it('a headless Service needs no port; --selector and --cluster-ip', async () => {
    expect(
      await k.run(
        'expose deployment kubernetes-bootcamp --cluster-ip=None --selector=app=x,tier=y',
      ),
    ).to.deep.equal(ok('service/kubernetes-bootcamp exposed\n'));
    const s = await svc('kubernetes-bootcamp');
    expect(s.spec?.clusterIP).to.equal('None');
    expect(s.spec?.selector).to.deep.equal({ app: 'x', tier: 'y' });
    expect(s.spec?.ports).to.equal(undefined);
  });

  it('reads the object from -f as written, and --overrides patches the generated Service', async () => {
    k.files.set(
      'web.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: from-file\nspec:\n  selector:\n    matchLabels:\n      app: f\n  template:\n    metadata:\n      labels:\n        app: f\n    spec:\n      containers:\n      - name: c\n        image: nginx\n',
    );
    const lb = `--overrides='{"spec":{"type":"LoadBalancer"}}'`;
    expect(await k.run(`expose -f web.yaml --port=80 ${lb} --dry-run=server`)).to.deep.equal(
      ok('service/from-file exposed (server dry run)\n'),
    );
    expect((await k.client.list(services, 'default')).items).to.have.length(1);
    expect(await k.run(`expose -f web.yaml --port=80 ${lb}`)).to.deep.equal(
      ok('service/from-file exposed\n'),
    );
    // Unquoted, the shell takes the JSON's quotes away.
    expect(
      await k.run('expose -f web.yaml --port=80 --name=x --overrides={"spec":{}}'),
    ).to.deep.equal(fails('error: Invalid JSON Patch\n'));
    expect((await svc('from-file')).spec?.type).to.equal('LoadBalancer');
  });

  const refusals: [string, string][] = [
    [
      'expose deployment kubernetes-bootcamp',
      "error: couldn't find port via --port flag or introspection\n",
    ],
    [
      'expose deployment expr --port=80',
      `error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - "[{Key:tier Operator:In Values:[web api]}]" to map-based selector format\n`,
    ],
    [
      'expose pod bare --port=80',
      "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n",
    ],
    ['expose configmap cfg --port=80', 'error: cannot expose a ConfigMap\n'],
    [
      'expose deploy nope --port=80',
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    ],
    ['expose deploy web --session-affinity=Sticky', 'error: unknown session affinity: Sticky\n'],
    ['expose deploy web --port=abc', 'error: strconv.Atoi: parsing "abc": invalid syntax\n'],
    ['expose deploy web --selector=app', 'error: unexpected label spec: app\n'],
    ['expose deploy web --labels==x', 'error: unexpected empty label key\n'],
    ['expose deployment', 'error: resource(s) were provided, but no name was specified\n'],
    [
      'expose',
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    ],
    [
      'expose deploy web -o wide',
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    ],
    [
      'expose deploy web --type=Bogus',
      'The Service "web" is invalid: spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n',
    ],
  ];
  for (const [line, stderr] of refusals) {
    it(`refuses as kubectl does: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal(fails(stderr));
      expect((await k.client.list(services, 'default')).items).to.have.length(1);
    });
  }

  it('exposing twice fails on the name', async () => {
    await k.run('expose deploy web');
    expect(await k.run('expose deploy web')).to.deep.equal(
      fails('Error from server (AlreadyExists): services "web" already exists\n'),
    );
  });
});

describe('kubectl expose on a running cluster (the Basics tutorial)', () => {
  it('creates, exposes and describes: the Service lists the pods as its endpoints', async () => {
    const cluster = await startCluster();
    try {
      expect(
        (
          await cluster.run(
            'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --replicas=2',
          )
        ).stdout,
      ).to.equal('deployment.apps/kubernetes-bootcamp created\n');
      await cluster.settle(rolledOut(cluster, 'kubernetes-bootcamp'));
      // The fake kubelets report no addresses: give the pods theirs, as a kubelet would.
      const list = await cluster.kernel.client.list<Pod>(pods, 'default');
      const ips = ['10.244.1.5', '10.244.2.6'];
      for (const [i, pod] of list.items.entries()) {
        pod.status = { ...pod.status, podIP: ips[i], podIPs: [{ ip: ips[i] }] };
        await cluster.kernel.client.updateStatus(pods, pod);
      }
      expect(
        await cluster.run(
          'kubectl expose deployment/kubernetes-bootcamp --type="NodePort" --port 8080',
        ),
      ).to.deep.equal(ok('service/kubernetes-bootcamp exposed\n'));
      const endpointsListed = async () =>
        (await cluster.run('describe services/kubernetes-bootcamp')).stdout.includes(
          '10.244.1.5:8080,10.244.2.6:8080',
        );
      await cluster.settle(endpointsListed);
      const s = await cluster.kernel.client.get<Service>(
        services,
        'default',
        'kubernetes-bootcamp',
      );
      const text = (await cluster.run('describe services/kubernetes-bootcamp')).stdout;
      expect(text).to.include(
        lines(
          'Port:                     <unset>  8080/TCP',
          'TargetPort:               8080/TCP',
          `NodePort:                 <unset>  ${s.spec?.ports?.[0].nodePort}/TCP`,
          'Endpoints:                10.244.1.5:8080,10.244.2.6:8080',
        ),
      );
      const ep = await cluster.run('get endpoints kubernetes-bootcamp');
      expect(ep.stdout.split('\n')[1]).to.match(
        /^kubernetes-bootcamp {3}10\.244\.1\.5:8080,10\.244\.2\.6:8080 {3}\d+s$/,
      );
    } finally {
      cluster.stop();
    }
  });
});
