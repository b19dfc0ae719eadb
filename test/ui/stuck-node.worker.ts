/**
 * A node worker for node-fleet.test.ts whose kubelet boots at once and never answers a log
 * request, as a node that is killed while it serves one.
 */
import * as Comlink from 'comlink';
import type { NodeWorkerApi } from '../../src/workers/node-protocol.ts';

const api: Pick<NodeWorkerApi, 'boot' | 'logs' | 'followClock'> = {
  async boot() {},
  logs: () => new Promise(() => {}),
  followClock() {},
};

Comlink.expose(api);
