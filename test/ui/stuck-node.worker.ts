/**
 * A node worker for node-fleet.test.ts that never answers a log or exec request (as a node
 * killed while it serves one), and never finishes booting when its name says `stuck-boot`.
 */
import * as Comlink from 'comlink';
import type { NodeBootOptions, NodeWorkerApi } from '../../src/workers/node-protocol.ts';

const api: Pick<NodeWorkerApi, 'boot' | 'logs' | 'exec' | 'cancelExec' | 'followClock'> = {
  async boot(options: NodeBootOptions) {
    if (options.nodeName.includes('stuck-boot')) await new Promise(() => {});
  },
  logs: () => new Promise(() => {}),
  exec: () => new Promise(() => {}),
  cancelExec() {},
  followClock() {},
};

Comlink.expose(api);
