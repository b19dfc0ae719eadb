import type { Fd } from '@bjorn3/browser_wasi_shim';
import { Errno } from '../../net/protocol.ts';
import type { StartContainerMessage } from '../container-protocol.ts';
import { containerCpu, type ContainerCpu } from '../container-cpu.ts';
import { ContainerNet } from '../net/container-net.ts';
import { ListenerSocket } from '../net/listener-socket.ts';
import type { ContainerRun, PostToNode } from '../run-container.ts';
import { WagiHandler } from './wagi-handler.ts';
import { wagiPorts } from './wagi-mode.ts';
import { WagiServer } from './wagi-server.ts';

const ERRNO_TEXT: Record<number, string> = {
  [Errno.ADDRINUSE]: 'Address in use',
  [Errno.INVAL]: 'Invalid argument',
  [Errno.NOTSUP]: 'the container has no network',
};

/**
 * Runs a container as a WAGI handler in the current (container) worker: rather than running
 * `_start` once, the worker serves HTTP on the container's ports (wagiPorts) and runs the
 * module once per request (WagiHandler, WagiServer). It reports `started` once the module is
 * known to be a WASI command, then serves until the node kills it; it ends on its own only
 * when it cannot listen (exit 1, the reason on stderr). Memory reports follow the handler
 * runs' instances.
 */
export function runWagi(start: StartContainerMessage, post: PostToNode): ContainerRun {
  let nextId = 1;
  const ids = () => nextId++;
  // The listeners live in a table of their own: the handler runs never see them.
  const listenerFds: Fd[] = [];
  const net = new ContainerNet({
    fds: listenerFds,
    request: start.network
      ? (request, transfer) => post({ type: 'net', request }, transfer)
      : undefined,
    ids,
  });
  // The container's CPU time: its handler runs' computing, between their suspensions; with a
  // CPU limit, the runs share one quota.
  const cpu = containerCpu(start.cpuLimitMillicores, (sample) => post({ type: 'cpu', ...sample }));
  const handler = new WagiHandler({ start, post, ids, throttle: cpu.throttle });
  return {
    deliver: (message) => {
      net.deliver(message);
      // Answers to a handler run's own requests; connections come to the listeners only.
      if (message.type !== 'incoming') handler.deliver(message);
    },
    volumeChanged: (volume, change) => handler.volumeChanged(volume, change),
    done: serve(start, post, net, listenerFds, handler, cpu),
  };
}

async function serve(
  start: StartContainerMessage,
  post: PostToNode,
  net: ContainerNet,
  listenerFds: Fd[],
  handler: WagiHandler,
  cpu: ContainerCpu,
): Promise<void> {
  const log = (stream: 'stdout' | 'stderr', text: string) => post({ type: 'log', stream, text });
  const exports = WebAssembly.Module.exports(start.module);
  if (!exports.some((e) => e.name === '_start' && e.kind === 'function')) {
    post({
      type: 'start-error',
      message: 'the module has no _start export: it is not a WASI command',
      finishedAt: Date.now(),
    });
    return;
  }
  post({ type: 'started', startedAt: Date.now(), memoryBytes: 0 });

  const ports = wagiPorts(start.listenPorts, start.env);
  net.preopen(start.listenPorts);
  const listeners: ListenerSocket[] = [];
  for (const port of ports) {
    const preopened = listenerFds.find(
      (fd): fd is ListenerSocket => fd instanceof ListenerSocket && fd.listener.port === port,
    );
    if (preopened) {
      listeners.push(preopened);
      continue;
    }
    const { errno, fd } = await net.listen(port);
    const socket = net.socket(fd);
    if (errno !== Errno.SUCCESS || !(socket instanceof ListenerSocket)) {
      log(
        'stderr',
        `wagi: cannot listen on port ${port}: ${ERRNO_TEXT[errno] ?? `errno ${errno}`}\n`,
      );
      net.end();
      cpu.stop();
      post({ type: 'exit', exitCode: 1, memoryBytes: 0, finishedAt: Date.now() });
      return;
    }
    listeners.push(socket);
  }
  log(
    'stdout',
    `wagi: serving HTTP on port ${ports.join(', ')}: one run of the module per request\n`,
  );
  const server = new WagiServer({
    net,
    env: start.env,
    handle: (invocation, body) => handler.invoke(invocation, body),
    log,
  });
  await Promise.all(listeners.map((listener) => server.serve(listener)));
}
