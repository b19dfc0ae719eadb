import { expect } from '@esm-bundle/chai';
import { namespaces } from '../../../src/kernel/api/resources.ts';
import { Informer } from '../../../src/kernel/client/informer.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { eventually, startTestApi } from '../../helpers/api.ts';

describe('Informer', () => {
  it('lists, then follows changes', async () => {
    const t = await startTestApi();
    const informer = new Informer<KubeObject>(t.client, namespaces, { clock: t.clock });
    void informer.start();
    await informer.synced;
    expect(informer.list().map((n) => n.metadata.name)).to.include('default');
    await t.client.create(namespaces, undefined, { metadata: { name: 'late' } });
    await eventually(() => informer.get(undefined, 'late') !== undefined);
    informer.stop();
  });

  it('still tells every handler when one of them throws', async () => {
    const t = await startTestApi();
    const informer = new Informer<KubeObject>(t.client, namespaces, { clock: t.clock });
    const seen: string[] = [];
    const quiet = console.error;
    console.error = () => {};
    try {
      informer.addEventHandler({
        add: () => {
          throw new Error('broken handler');
        },
      });
      informer.addEventHandler({ add: (ns) => seen.push(ns.metadata.name!) });
      void informer.start();
      await informer.synced;
      await t.client.create(namespaces, undefined, { metadata: { name: 'after' } });
      await eventually(() => seen.includes('after'));
      expect(seen).to.include('default');
    } finally {
      console.error = quiet;
      informer.stop();
    }
  });
});
