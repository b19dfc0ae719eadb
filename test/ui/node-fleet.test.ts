import { expect } from '@esm-bundle/chai';
import type * as Comlink from 'comlink';
import type { KernelWorkerApi } from '../../src/workers/kernel-protocol.ts';
import { NodeFleet } from '../../src/ui/node-fleet.ts';

/** A kernel that accepts node ports and does nothing with them. */
const kernel = { connect: async () => {} } as unknown as Comlink.Remote<KernelWorkerApi>;

describe('NodeFleet', () => {
  it('answers a log request in flight as unreachable once its node is killed', async () => {
    const fleet = new NodeFleet(
      kernel,
      {
        kernel: new URL('./stuck-node.worker.ts', import.meta.url),
        node: new URL('./stuck-node.worker.ts', import.meta.url),
        images: new URL('../../dist/images/', import.meta.url),
      },
      'tutorial',
      { virtual: 0, real: 0, speed: 1 },
    );
    await fleet.start('playground-worker', 'worker');
    const pending = fleet.logs('playground-worker', 'default', 'web', undefined, {});
    expect(fleet.kill('playground-worker')).to.equal(true);
    expect(await pending).to.equal(undefined);
  });
});
