import { createApiServer, type ApiServer } from './api/server.ts';
import type { Random } from './api/object-meta.ts';
import type { Clock } from './clock/clock.ts';
import type { Timing } from './clock/presets.ts';
import { ensureBuiltinServices } from './bootstrap/builtin-services.ts';
import { Client } from './client/client.ts';
import { InformerFactory } from './client/informer-factory.ts';
import { ControllerManager } from './controllers/manager.ts';
import { controllers } from './controllers/index.ts';
import type { VolumeDataDeleter } from './controllers/local-path-provisioner.ts';
import { storageControllers } from './controllers/storage-controllers.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import type { Store } from './store/types.ts';

export interface KernelConfig {
  store: Store;
  clock: Clock;
  /**
   * Real time that stops while `clock` is paused (the page's ScaledClock.realTime): lets the
   * node lifecycle controller keep the timing's real-time floor on a node's grace period. The
   * kernel never reads real time itself; without this, cluster time alone decides.
   */
  realTime?: Clock;
  timing: Timing;
  random?: Random;
  /** Leave out the scheduler or controllers (tests of one part). */
  scheduler?: boolean;
  controllers?: boolean;
  /**
   * The address the `kubernetes` Service's endpoints point at: the control-plane node's
   * InternalIP (172.18.0.2, as the page numbers nodes).
   */
  apiServerAddress?: string;
  /**
   * Deletes a provisioned volume's files once its PersistentVolume is reclaimed (the nodes'
   * volume store); without it the provisioner only deletes the PersistentVolume.
   */
  deleteVolumeData?: VolumeDataDeleter;
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
 * Boots a control plane: store → API server → built-in Services → shared informers →
 * controllers and scheduler. Everything after the API server talks to it through a Client,
 * never to the store.
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
  await ensureBuiltinServices(client, { apiServerAddress: config.apiServerAddress });
  const informers = new InformerFactory(client, clock);
  // Everyone registers the informers they need first; then each informer starts once.
  const controllerManager =
    config.controllers === false
      ? undefined
      : new ControllerManager({ client, clock, realTime: config.realTime, timing, informers });
  if (controllerManager) {
    for (const make of controllers) controllerManager.add(make());
    for (const controller of storageControllers(config.deleteVolumeData)) {
      controllerManager.add(controller);
    }
  }
  const scheduler =
    config.scheduler === false ? undefined : new Scheduler({ client, clock, timing, informers });
  await informers.start();
  await controllerManager?.start();
  await scheduler?.start();
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
