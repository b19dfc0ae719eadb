import { expect } from '@esm-bundle/chai';
import { ServicesList } from '../../../src/ui/components/services-list.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import type { Ingress } from '../../../src/kernel/types/networking.ts';
import { mount, settle, unmountAll } from './dom.ts';

const web: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    type: 'NodePort',
    clusterIP: '10.96.3.4',
    selector: { app: 'web' },
    ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
  },
};
const kube: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'kubernetes', namespace: 'default' },
  spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] },
};
const ingress: Ingress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    rules: [
      {
        host: 'hello.example',
        http: {
          paths: [
            {
              path: '/app',
              pathType: 'Prefix',
              backend: { service: { name: 'web', port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
};

describe('<kube-services-list>', () => {
  afterEach(unmountAll);

  it('lists Services with open links to their proxy URLs, traffic, and Ingress rules', async () => {
    const list = mount(new ServicesList());
    list.services = [web, kube];
    list.ingresses = [ingress];
    list.rates = new Map([['default/web', 12]]);
    await settle(list);
    const root = list.shadowRoot!;
    const rows = [...root.querySelectorAll('tbody tr')].map((r) =>
      r.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(rows[0]).to.equal('kubernetes ClusterIP 10.96.0.1 443/TCP');
    expect(rows[1]).to.equal('web NodePort 10.96.3.4 80:30080/TCP open 12 conn/s');
    const links = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    // A selector-less Service (the API server's own) has no pods to open.
    expect(links).to.deep.equal([
      './api/v1/namespaces/default/services/web:80/proxy/',
      './ingress/hello.example/app',
    ]);
  });
});
