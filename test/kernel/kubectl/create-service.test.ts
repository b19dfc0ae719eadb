import { expect } from '@esm-bundle/chai';
import { services } from '../../../src/kernel/api/resources.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import { fails, lines, ok, startServiceKubectl, type ServiceKubectl } from './service-kubectl.ts';

describe('kubectl create service', () => {
  let k: ServiceKubectl;
  const svc = (name: string) => k.client.get<Service>(services, 'default', name);
  beforeEach(async () => {
    k = await startServiceKubectl();
  });

  it('clusterip: app=NAME selector and labels, one TCP port per --tcp pair, named after it', async () => {
    expect(await k.run('create service clusterip my-cs --tcp=5678:8080')).to.deep.equal(
      ok('service/my-cs created\n'),
    );
    const s = await svc('my-cs');
    expect(s.metadata.labels).to.deep.equal({ app: 'my-cs' });
    expect(s.spec).to.include({ type: 'ClusterIP', clusterIP: '10.96.1.1' });
    expect(s.spec?.selector).to.deep.equal({ app: 'my-cs' });
    expect(s.spec?.ports).to.deep.equal([
      { name: '5678-8080', port: 5678, protocol: 'TCP', targetPort: 8080 },
    ]);
    // Pairs may be comma-separated; a bare port targets itself; a target may be a port name.
    expect(await k.run('create svc clusterip two --tcp=80,443:https')).to.deep.equal(
      ok('service/two created\n'),
    );
    expect((await svc('two')).spec?.ports).to.deep.equal([
      { name: '80', port: 80, protocol: 'TCP', targetPort: 80 },
      { name: '443-https', port: 443, protocol: 'TCP', targetPort: 'https' },
    ]);
  });

  it('--dry-run=client -o yaml prints the generated Service', async () => {
    expect(
      await k.run('create service clusterip my-cs --tcp=5678:8080 --dry-run=client -o yaml'),
    ).to.deep.equal(
      ok(
        lines(
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          '  labels:',
          '    app: my-cs',
          '  name: my-cs',
          'spec:',
          '  ports:',
          '  - name: 5678-8080',
          '    port: 5678',
          '    protocol: TCP',
          '    targetPort: 8080',
          '  selector:',
          '    app: my-cs',
          '  type: ClusterIP',
          'status:',
          '  loadBalancer: {}',
        ),
      ),
    );
    expect(await k.run('create service nodeport np --tcp=80 --dry-run=client')).to.deep.equal(
      ok('service/np created (dry run)\n'),
    );
    expect(await k.run('create service nodeport np --tcp=80 --dry-run=server')).to.deep.equal(
      ok('service/np created (server dry run)\n'),
    );
    expect((await k.client.list(services, 'default')).items).to.have.length(1);
  });

  it('clusterip --clusterip=None makes a headless Service, ports optional', async () => {
    expect(await k.run('create service clusterip db --clusterip="None"')).to.deep.equal(
      ok('service/db created\n'),
    );
    expect((await svc('db')).spec).to.include({ clusterIP: 'None' });
    expect((await k.run('get svc db')).stdout).to.equal(
      lines(
        'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'db     ClusterIP   None         <none>        <none>    0s',
      ),
    );
  });

  it('nodeport --node-port, loadbalancer and externalname', async () => {
    expect(
      await k.run('create service nodeport web --tcp=80:8080 --node-port=30080'),
    ).to.deep.equal(ok('service/web created\n'));
    expect(await k.run('create service loadbalancer lb --tcp=5678:8080')).to.deep.equal(
      ok('service/lb created\n'),
    );
    expect(await k.run('create service externalname my-ns --external-name bar.com')).to.deep.equal(
      ok('service/my-ns created\n'),
    );
    expect((await k.run('get svc')).stdout).to.equal(
      lines(
        'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE',
        'kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP          0s',
        'lb           LoadBalancer   10.96.1.2    <pending>     5678:30086/TCP   0s',
        'my-ns        ExternalName   <none>       bar.com       <none>           0s',
        'web          NodePort       10.96.1.1    <none>        80:30080/TCP     0s',
      ),
    );
  });

  it('alone, prints its help on stderr', async () => {
    expect(await k.run('create service')).to.deep.equal(
      fails(
        lines(
          'Create a service using a specified subcommand.',
          '',
          'Aliases:',
          'service, svc',
          '',
          'Available Commands:',
          '  clusterip      Create a ClusterIP service',
          '  externalname   Create an ExternalName service',
          '  loadbalancer   Create a LoadBalancer service',
          '  nodeport       Create a NodePort service',
          '',
          'Usage:',
          '  kubectl create service [options]',
          '',
          'Use "kubectl create service <command> --help" for more information about a given command.',
          'Use "kubectl options" for a list of global command-line options (applies to all commands).',
        ),
      ),
    );
  });

  const refusals: [string, string][] = [
    ['create service nodeport x', 'error: at least one tcp port specifier must be provided\n'],
    [
      'create service clusterip',
      "error: exactly one NAME is required, got 0\nSee 'kubectl create service clusterip -h' for help and examples\n",
    ],
    ['create service externalname x', 'error: required flag(s) "external-name" not set\n'],
    [
      'create service externalname x --external-name=Not_A_Name',
      'error: invalid service external name Not_A_Name\n',
    ],
    [
      'create service clusterip x --tcp=abc',
      'error: strconv.ParseUint: parsing "abc": invalid syntax\n',
    ],
    [
      'create service clusterip x --tcp=70000:80',
      'error: strconv.ParseUint: parsing "70000": value out of range\n',
    ],
    ['create service clusterip x --tcp=80:0', 'error: must be between 1 and 65535, inclusive\n'],
    [
      'create service clusterip x --tcp=80:Http',
      'error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n',
    ],
    [
      'create service clusterip x --tcp=80 --validate=maybe',
      'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n',
    ],
    [
      'create service nodeport x --tcp=80 --node-port=80',
      'error: failed to create NodePort service: Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    ],
  ];
  for (const [line, stderr] of refusals) {
    it(`refuses as kubectl does: ${line}`, async () => {
      expect(await k.run(line)).to.deep.equal(fails(stderr));
      expect((await k.client.list(services, 'default')).items).to.have.length(1);
    });
  }

  it('an existing name fails as the generator wraps it', async () => {
    await k.run('create service clusterip web --tcp=80');
    expect(await k.run('create service clusterip web --tcp=80')).to.deep.equal(
      fails('error: failed to create ClusterIP service: services "web" already exists\n'),
    );
  });
});
