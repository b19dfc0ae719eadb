import { expect } from '@esm-bundle/chai';
import type { Container, Pod } from '../../../src/kernel/types/core.ts';
import {
  containerArgs,
  containerEnvironment,
  cpuLimitMillicores,
  memoryLimitBytes,
  podHostname,
  type ServiceEnvSource,
} from '../../../src/workers/node/container-env.ts';

function pod(name: string, extra: Partial<Pod['spec']> = {}, namespace = 'default'): Pod {
  return {
    metadata: { name, namespace, uid: 'u1' },
    spec: { containers: [{ name: 'app', image: 'ticker:1.0' }], ...extra },
  };
}

const kubernetesService: ServiceEnvSource = {
  namespace: 'default',
  name: 'kubernetes',
  clusterIP: '10.96.0.1',
  ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
};

describe('container environment', () => {
  it('starts with HOSTNAME, then the declared variables in order with references expanded', () => {
    const container: Container = {
      name: 'app',
      env: [
        { name: 'GREETING', value: 'hello' },
        { name: 'MESSAGE', value: '$(GREETING) $(TARGET)' },
        { name: 'TARGET', value: 'world' },
        { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
    };
    expect(containerEnvironment(pod('web-1'), container)).to.deep.equal([
      ['HOSTNAME', 'web-1'],
      ['GREETING', 'hello'],
      // TARGET is declared later, so it is not yet defined here.
      ['MESSAGE', 'hello $(TARGET)'],
      ['TARGET', 'world'],
    ]);
  });

  it('lets a declared HOSTNAME replace the runtime value in place', () => {
    const container: Container = { name: 'app', env: [{ name: 'HOSTNAME', value: 'mine' }] };
    expect(containerEnvironment(pod('web-1'), container)).to.deep.equal([['HOSTNAME', 'mine']]);
  });

  it('adds the master service variables always and namespace services with service links', () => {
    const services: ServiceEnvSource[] = [
      kubernetesService,
      {
        namespace: 'default',
        name: 'my-web',
        clusterIP: '10.96.12.7',
        ports: [{ port: 80 }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
      },
      { namespace: 'default', name: 'headless', clusterIP: 'None', ports: [{ port: 80 }] },
      { namespace: 'other', name: 'elsewhere', clusterIP: '10.96.0.9', ports: [{ port: 80 }] },
    ];
    const env = new Map(containerEnvironment(pod('p'), { name: 'app' }, services));
    expect(env.get('KUBERNETES_SERVICE_HOST')).to.equal('10.96.0.1');
    expect(env.get('KUBERNETES_SERVICE_PORT')).to.equal('443');
    expect(env.get('KUBERNETES_SERVICE_PORT_HTTPS')).to.equal('443');
    expect(env.get('KUBERNETES_PORT')).to.equal('tcp://10.96.0.1:443');
    expect(env.get('KUBERNETES_PORT_443_TCP')).to.equal('tcp://10.96.0.1:443');
    expect(env.get('KUBERNETES_PORT_443_TCP_PROTO')).to.equal('tcp');
    expect(env.get('KUBERNETES_PORT_443_TCP_PORT')).to.equal('443');
    expect(env.get('KUBERNETES_PORT_443_TCP_ADDR')).to.equal('10.96.0.1');
    expect(env.get('MY_WEB_SERVICE_HOST')).to.equal('10.96.12.7');
    expect(env.get('MY_WEB_SERVICE_PORT')).to.equal('80');
    expect(env.get('MY_WEB_SERVICE_PORT_METRICS')).to.equal('9090');
    expect(env.get('MY_WEB_PORT')).to.equal('tcp://10.96.12.7:80');
    expect(env.get('MY_WEB_PORT_9090_TCP_ADDR')).to.equal('10.96.12.7');
    expect(env.has('HEADLESS_SERVICE_HOST')).to.equal(false);
    expect(env.has('ELSEWHERE_SERVICE_HOST')).to.equal(false);

    const unlinked = new Map(
      containerEnvironment(pod('p', { enableServiceLinks: false }), { name: 'app' }, services),
    );
    expect(unlinked.has('MY_WEB_SERVICE_HOST')).to.equal(false);
    expect(unlinked.get('KUBERNETES_SERVICE_HOST')).to.equal('10.96.0.1');
  });

  it('expands env values and args from service variables', () => {
    const container: Container = {
      name: 'app',
      command: ['serve'],
      args: [
        '--api=https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)',
        '--name=$(NAME)',
        '$$(NAME)',
      ],
      env: [{ name: 'NAME', value: 'api-$(KUBERNETES_SERVICE_PORT)' }],
    };
    const env = containerEnvironment(pod('p'), container, [kubernetesService]);
    expect(new Map(env).get('NAME')).to.equal('api-443');
    expect(containerArgs(container, env)).to.deep.equal([
      'serve',
      '--api=https://10.96.0.1:443',
      '--name=api-443',
      '$(NAME)',
    ]);
  });

  it('uses spec.hostname, or the pod name cut to 63 characters', () => {
    expect(podHostname(pod('web-1', { hostname: 'custom' }))).to.equal('custom');
    const long = `${'a'.repeat(62)}-bbbb`;
    expect(podHostname(pod(long))).to.equal('a'.repeat(62));
  });

  it('reads the memory limit in bytes', () => {
    expect(memoryLimitBytes({ name: 'a', resources: { limits: { memory: '64Mi' } } })).to.equal(
      64 * 1024 * 1024,
    );
    expect(memoryLimitBytes({ name: 'a' })).to.equal(undefined);
  });

  it('reads the cpu limit in millicores, rounded up, or none when absent or not positive', () => {
    const cases: [string | undefined, number | undefined][] = [
      ['500m', 500],
      ['0.2', 200],
      ['2', 2000],
      ['1.5m', 2],
      ['0', undefined],
      ['not-a-quantity', undefined],
      [undefined, undefined],
    ];
    for (const [cpu, millicores] of cases) {
      const limits: Record<string, string> = cpu === undefined ? {} : { cpu };
      expect(cpuLimitMillicores({ name: 'a', resources: { limits } }), String(cpu)).to.equal(
        millicores,
      );
    }
  });
});
