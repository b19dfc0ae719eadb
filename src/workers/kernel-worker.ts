import * as Comlink from 'comlink';
import { timingPresets } from '../kernel/clock/presets.ts';
import { ScaledClock } from '../kernel/clock/scaled-clock.ts';
import { createKernel, type Kernel } from '../kernel/kernel.ts';
import { openIdbBackend } from '../kernel/store/idb-backend.ts';
import { MemoryBackend } from '../kernel/store/memory-backend.ts';
import { openStore } from '../kernel/store/mvcc-store.ts';
import { IdbVolumeStore } from './node/volumes/idb-volume-store.ts';
import { serveApi, type ApiEndpoint } from './api-endpoint.ts';
import type { KernelBootOptions, KernelWorkerApi } from './kernel-protocol.ts';

/** The kernel worker: hosts the control plane and serves its API to the page and the nodes. */
let kernel: Kernel | undefined;
const clock = new ScaledClock(1);

function running(): Kernel {
  if (!kernel) throw new Error('the kernel has not booted');
  return kernel;
}

const endpoint: ApiEndpoint = serveApi(() => running().api);

const api: KernelWorkerApi = {
  ...endpoint,
  async boot(options: KernelBootOptions) {
    if (!kernel) {
      const backend = options.inMemory
        ? new MemoryBackend()
        : await openIdbBackend(options.database);
      const store = await openStore(backend);
      const volumes = new IdbVolumeStore(options.volumesDatabase ?? `${options.database}-volumes`);
      kernel = await createKernel({
        store,
        clock,
        realTime: clock.realTime,
        timing: timingPresets[options.timing],
        deleteVolumeData: (name) => volumes.remove(name),
      });
    }
    return clock.anchor();
  },
  connect(port: MessagePort) {
    Comlink.expose(endpoint, port);
  },
  async setSpeed(speed: number) {
    clock.setSpeed(speed);
    return clock.anchor();
  },
};

Comlink.expose(api);
