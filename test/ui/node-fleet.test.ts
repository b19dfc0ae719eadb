import { expect } from '@esm-bundle/chai';
import type * as Comlink from 'comlink';
import type { KernelWorkerApi } from '../../src/workers/kernel-protocol.ts';
import { NodeFleet } from '../../src/ui/node-fleet.ts';

/** A kernel that accepts node ports and does nothing with them. */
const kernel = { connect: async () => {} } as unknown as Comlink.Remote<KernelWorkerApi>;

function stuckFleet(): NodeFleet {
  return new NodeFleet(
    kernel,
    {
      kernel: new URL('./stuck-node.worker.ts', import.meta.url),
      node: new URL('./stuck-node.worker.ts', import.meta.url),
      images: new URL('../../dist/images/', import.meta.url),
    },
    'tutorial',
    { virtual: 0, real: 0, speed: 1 },
  );
}

describe('NodeFleet', () => {
  it('answers a log request in flight as unreachable once its node is killed', async () => {
    const fleet = stuckFleet();
    await fleet.start('playground-worker', 'worker');
    const pending = fleet.logs('playground-worker', 'default', 'web', undefined, {});
    expect(fleet.kill('playground-worker')).to.equal(true);
    expect(await pending).to.equal(undefined);
  });

  it('answers an exec in flight as unreachable once its node is killed, and Ctrl-C after that is harmless', async () => {
    const fleet = stuckFleet();
    await fleet.start('playground-worker', 'worker');
    const controller = new AbortController();
    const pending = fleet.exec(
      'playground-worker',
      'default',
      'web',
      'app',
      ['sh'],
      () => {},
      controller.signal,
    );
    fleet.kill('playground-worker');
    expect(await pending).to.equal(undefined);
    controller.abort();
  });

  it('stops waiting for a node killed while it boots', async () => {
    const fleet = stuckFleet();
    const starting = fleet.start('stuck-boot', 'worker');
    await new Promise((resolve) => setTimeout(resolve, 50));
    fleet.kill('stuck-boot');
    let error: unknown;
    await starting.catch((err: unknown) => (error = err));
    expect(String(error)).to.contain('was killed while it started');
    expect(fleet.has('stuck-boot')).to.equal(false);
  });
});
