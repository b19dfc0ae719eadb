import { expect } from '@esm-bundle/chai';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { inApplyOrder } from '../../../src/ui/bundle/apply-order.ts';

const o = (kind: string, name: string, namespace?: string): KubeObject => ({
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe('inApplyOrder', () => {
  it('puts namespaces first and what workloads use before them', () => {
    const sorted = inApplyOrder([
      o('Ingress', 'web', 'shop'),
      o('Deployment', 'web', 'shop'),
      o('Widget', 'w', 'shop'),
      o('Service', 'web', 'shop'),
      o('PersistentVolumeClaim', 'data', 'shop'),
      o('ConfigMap', 'b', 'shop'),
      o('ConfigMap', 'a', 'shop'),
      o('ConfigMap', 'z', 'default'),
      o('Secret', 'token', 'shop'),
      o('HorizontalPodAutoscaler', 'web', 'shop'),
      o('Pod', 'debug', 'shop'),
      o('Namespace', 'shop'),
      o('LimitRange', 'limits', 'shop'),
    ]);
    expect(
      sorted.map((x) => `${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}`),
    ).to.deep.equal([
      'Namespace//shop',
      'LimitRange/shop/limits',
      'Secret/shop/token',
      'ConfigMap/default/z',
      'ConfigMap/shop/a',
      'ConfigMap/shop/b',
      'PersistentVolumeClaim/shop/data',
      'Service/shop/web',
      'Pod/shop/debug',
      'Deployment/shop/web',
      'HorizontalPodAutoscaler/shop/web',
      'Ingress/shop/web',
      'Widget/shop/w',
    ]);
  });
});
