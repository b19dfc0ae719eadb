import { expect } from '@esm-bundle/chai';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { EndpointSlice } from '../../../src/kernel/types/discovery.ts';
import type { Service } from '../../../src/kernel/types/service.ts';
import {
  WorkloadSeriesRecorder,
  type ClusterSnapshot,
} from '../../../src/ui/state/workload-series.ts';

function deployment(name: string, replicas: number, ready: number, updated = ready): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
    },
    status: { readyReplicas: ready, updatedReplicas: updated },
  };
}

function pod(name: string, app: string, ip: string): Pod {
  return {
    metadata: { name, namespace: 'default', labels: { app } },
    spec: { containers: [] },
    status: { podIP: ip },
  };
}

const web = (clusterIP: string): Service => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, clusterIP, ports: [{ port: 80 }] },
});

function slice(service: string, endpoints: [string, boolean | undefined][]): EndpointSlice {
  return {
    metadata: {
      name: `${service}-x`,
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': service },
    },
    addressType: 'IPv4',
    endpoints: endpoints.map(([ip, ready]) => ({
      addresses: [ip],
      conditions: ready === undefined ? {} : { ready },
    })),
  };
}

function snapshot(at: number, extra: Partial<ClusterSnapshot>): ClusterSnapshot {
  return {
    clusterMs: at * 1000,
    realMs: at * 1000,
    deployments: [],
    services: [],
    endpointSlices: [],
    pods: [],
    ...extra,
  };
}

describe('WorkloadSeriesRecorder', () => {
  it('records replicas and the ready endpoints of the Services selecting each Deployment', () => {
    const r = new WorkloadSeriesRecorder();
    r.sample(
      snapshot(10, {
        deployments: [deployment('web', 3, 2, 1), deployment('db', 1, 1)],
        services: [web('10.96.0.10')],
        endpointSlices: [
          slice('web', [
            ['10.244.1.2', true],
            ['10.244.1.3', undefined],
            ['10.244.1.4', false],
          ]),
          slice('other', [['10.244.1.9', true]]),
        ],
      }),
    );
    expect(r.keys()).to.deep.equal(['default/db', 'default/web']);
    expect(r.series('default/web')).to.deep.equal({
      t: [10],
      desired: [3],
      ready: [2],
      updated: [1],
      endpoints: [2],
      connections: [null],
      failures: [null],
    });
    expect(r.series('default/db')?.endpoints).to.deep.equal([0]);
  });

  it('turns cumulative connection and failure counts into per-second rates of its pods and Services', () => {
    const r = new WorkloadSeriesRecorder();
    const pods = [
      pod('web-a', 'web', '10.244.1.2'),
      pod('web-b', 'web', '10.244.2.2'),
      pod('db-a', 'db', '10.244.1.5'),
    ];
    const base = {
      deployments: [deployment('web', 2, 2)],
      services: [web('10.96.0.10')],
      pods,
    };
    r.sample(
      snapshot(0, {
        ...base,
        traffic: {
          pods: { 'default/web-a': 5, 'default/db-a': 50 },
          services: {},
          page: { opened: {}, failed: { '10.96.0.10:80': 1 } },
        },
      }),
    );
    r.sample(
      snapshot(2, {
        ...base,
        traffic: {
          pods: { 'default/web-a': 15, 'default/web-b': 10, 'default/db-a': 90 },
          services: {},
          page: {
            opened: {},
            failed: { '10.96.0.10:80': 3, '10.244.2.2:8080': 2, '10.244.1.5:8080': 7 },
          },
        },
      }),
    );
    const s = r.series('default/web')!;
    expect(s.connections).to.deep.equal([null, 10]);
    expect(s.failures).to.deep.equal([null, 2]);
  });

  it('keeps one point while cluster time stands still, and only the last `capacity` samples', () => {
    const r = new WorkloadSeriesRecorder(3);
    for (const [at, ready] of [
      [1, 0],
      [2, 1],
      [2, 2],
      [3, 3],
      [4, 3],
    ]) {
      r.sample(snapshot(at, { deployments: [deployment('web', 3, ready)] }));
    }
    const s = r.series('default/web')!;
    expect(s.t).to.deep.equal([2, 3, 4]);
    expect(s.ready).to.deep.equal([2, 3, 3]);
    expect(s.desired).to.have.length(3);
  });
});
