import { createApiServer, type ApiServer } from './api/server.ts';
import type { Random } from './api/object-meta.ts';
import type { Clock } from './clock/clock.ts';
import type { Timing } from './clock/presets.ts';
import { Client } from './client/client.ts';
import { InformerFactory } from './client/informer-factory.ts';
import { ControllerManager } from './controllers/manager.ts';
import { controllers } from './controllers/index.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import type { Store } from './store/types.ts';

export interface KernelConfig {
  store: Store;
  clock: Clock;
  timing: Timing;
  random?: Random;
  /** Leave out the scheduler or controllers (tests of one part). */
  scheduler?: boolean;
  controllers?: boolean;
}

/** The control plane of one cluster: API server, scheduler and controllers on one store. */
export interface Kernel {
  api: ApiServer;
  client: Client;
  informers: InformerFactory;
  controllerManager?: ControllerManager;
  scheduler?: Scheduler;
  stop(): void;
}

/**
 * Boots a control plane: store → API server → shared informers → controllers and scheduler.
 * Everything after the API server talks to it through a Client, never to the store.
 */
export async function createKernel(config: KernelConfig): Promise<Kernel> {
  const { store, clock, timing } = config;
  const api = await createApiServer({
    store,
    clock,
    random: config.random,
    declaredSecond: timing.declaredSecond,
  });
  const client = new Client(api);
  const informers = new InformerFactory(client, clock);
  let controllerManager: ControllerManager | undefined;
  if (config.controllers !== false) {
    controllerManager = new ControllerManager({ client, clock, timing, informers });
    for (const make of controllers) controllerManager.add(make());
    await controllerManager.start();
  }
  let scheduler: Scheduler | undefined;
  if (config.scheduler !== false) {
    scheduler = new Scheduler({ client, clock, timing });
    await scheduler.start();
  }
  return {
    api,
    client,
    informers,
    controllerManager,
    scheduler,
    stop() {
      scheduler?.stop();
      controllerManager?.stop();
      informers.stop();
    },
  };
}
