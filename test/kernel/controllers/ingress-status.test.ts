import { expect } from '@esm-bundle/chai';
import { events, ingresses, nodes } from '../../../src/kernel/api/resources.ts';
import { tutorialTiming } from '../../../src/kernel/clock/presets.ts';
import type { Client } from '../../../src/kernel/client/client.ts';
import { IngressStatusController } from '../../../src/kernel/controllers/ingress-status.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import type { Event, Node } from '../../../src/kernel/types/core.ts';
import type { Ingress } from '../../../src/kernel/types/networking.ts';
import { eventually, startTestApi } from '../../helpers/api.ts';

function node(name: string, ip: string, controlPlane = false): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {},
    },
    spec: {},
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  } as Node;
}

function ingress(name: string, className?: string): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      defaultBackend: { service: { name: 'web', port: { number: 80 } } },
    },
  };
}

describe('IngressStatusController', () => {
  let manager: ControllerManager;
  afterEach(() => manager.stop());

  async function start() {
    const t = await startTestApi();
    manager = new ControllerManager({ client: t.client, clock: t.clock, timing: tutorialTiming });
    manager.add(new IngressStatusController());
    await manager.start();
    return t;
  }

  async function statusOf(client: Client, name: string) {
    const ing = await client.get<Ingress>(ingresses, 'default', name);
    return ing.status?.loadBalancer;
  }

  it("publishes the control-plane node's address for Ingresses of the nginx class, and records Sync events", async () => {
    const t = await start();
    await t.client.create(nodes, undefined, node('kind-worker', '172.18.0.3'));
    await t.client.create(nodes, undefined, node('kind-control-plane', '172.18.0.2', true));
    await t.client.create(ingresses, 'default', ingress('named', 'nginx'));
    await t.client.create(ingresses, 'default', ingress('classless'));
    await t.client.create(ingresses, 'default', ingress('other', 'traefik'));
    for (const name of ['named', 'classless']) {
      await eventually(async () => (await statusOf(t.client, name))?.ingress !== undefined);
      expect(await statusOf(t.client, name)).to.deep.equal({ ingress: [{ ip: '172.18.0.2' }] });
    }
    expect(await statusOf(t.client, 'other')).to.deep.equal({});
    // The status write is a change too: ingress-nginx's "(x2 over ...)".
    const sync = async () =>
      (await t.client.list<Event>(events, 'default')).items.filter((e) => e.reason === 'Sync');
    await eventually(async () => (await sync()).some((e) => e.count === 2));
    const named = (await sync()).find((e) => e.involvedObject.name === 'named');
    expect(named).to.deep.include({
      type: 'Normal',
      message: 'Scheduled for sync',
      count: 2,
    });
    expect(named?.source?.component).to.equal('nginx-ingress-controller');
    expect((await sync()).map((e) => e.involvedObject.name)).to.not.include('other');
  });

  it('falls back to every node when there is no control plane, and follows address changes', async () => {
    const t = await start();
    await t.client.create(nodes, undefined, node('b', '172.18.0.4'));
    await t.client.create(nodes, undefined, node('a', '172.18.0.3'));
    await t.client.create(ingresses, 'default', ingress('web', 'nginx'));
    await eventually(async () => (await statusOf(t.client, 'web'))?.ingress?.length === 2);
    expect(await statusOf(t.client, 'web')).to.deep.equal({
      ingress: [{ ip: '172.18.0.3' }, { ip: '172.18.0.4' }],
    });
    await t.client.create(nodes, undefined, node('cp', '172.18.0.2', true));
    await eventually(async () => (await statusOf(t.client, 'web'))?.ingress?.length === 1);
    expect(await statusOf(t.client, 'web')).to.deep.equal({ ingress: [{ ip: '172.18.0.2' }] });
  });
});
