import { File, OpenFile, type Fd } from '@bjorn3/browser_wasi_shim';
import type { NodeNetMessage } from '../net/protocol.ts';
import {
  commandEnd,
  instantiateCommand,
  startErrorMessage,
  type CommandInstance,
} from './command-instance.ts';
import type { ContainerToNodeMessage, StartContainerMessage } from './container-protocol.ts';
import { ContainerFs } from './fs/container-fs.ts';
import { changeTransfer } from './fs/change-transfer.ts';
import type { VolumeChange } from './fs/fs-protocol.ts';
import { LogFd } from './log-fd.ts';
import { StdinFd } from './stdin-fd.ts';
import { ContainerNet } from './net/container-net.ts';
import { containerCpu } from './container-cpu.ts';

/** Posts a message to the node, transferring `transfer` (a network request's ports). */
export type PostToNode = (message: ContainerToNodeMessage, transfer?: Transferable[]) => void;

/** A container being run in this worker. */
export interface ContainerRun {
  /** Hands the container a network message from its node. */
  deliver(message: NodeNetMessage): void;
  /** Brings another writer's change into one of the container's volumes. */
  volumeChanged(volume: string, change: VolumeChange): void;
  /** Resolves once the module has ended and its end has been reported. */
  done: Promise<void>;
}

/** The environment variables that describe the preopened listeners (playground_net.h). */
const LISTEN_ENV = /^(LISTEN_FDS|LISTEN_FDS_START|LISTEN_PORTS)=/;

/**
 * Runs one WASI command module to its end inside the current (container) worker, reporting
 * through `post`: `started` (or `start-error`), `log` chunks as they are written, `memory`
 * when the module's memory has grown, network requests, and finally `exit` or `trap` (after
 * ending its connections: `fin` on each, and its `closed` request). Blocking WASI calls
 * (poll_oneoff's waits, accept, reads from sockets, the network imports) suspend the module
 * through JSPI instead of spinning.
 */
export function runContainer(start: StartContainerMessage, post: PostToNode): ContainerRun {
  const emptyStdin = new OpenFile(new File(new Uint8Array(0)));
  const logs = [new LogFd('stdout', post), new LogFd('stderr', post)];
  const fds: Fd[] = [emptyStdin, ...logs];
  // The preopened directories come right after stdio, the listeners after them.
  const fs = start.filesystem
    ? new ContainerFs(start.filesystem, fds, (volume, change) =>
        post({ type: 'volume', volume, change }, changeTransfer(change)),
      )
    : undefined;
  const net = new ContainerNet({
    fds,
    request: start.network
      ? (request, transfer) => post({ type: 'net', request }, transfer)
      : undefined,
  });
  // Interactive input (exec -i) wakes the module the way network changes do.
  const stdin: Fd = start.stdin
    ? new StdinFd(start.stdin, net.signal, start.tty === true)
    : emptyStdin;
  fds[0] = stdin;
  const listenEnv = net.preopen(start.listenPorts);
  const env =
    listenEnv.length > 0
      ? [...start.env.filter((e) => !LISTEN_ENV.test(e)), ...listenEnv]
      : start.env;
  return {
    deliver: (message) => net.deliver(message),
    volumeChanged: (volume, change) => fs?.apply(volume, change),
    done: runModule(start, env, { fds, stdin, logs }, net, fs, post),
  };
}

async function runModule(
  start: StartContainerMessage,
  env: string[],
  // `fds` is the descriptor table the network shares: stdin and the logs, the preopened
  // directories, then listeners.
  { fds, stdin, logs }: { fds: Fd[]; stdin: Fd; logs: LogFd[] },
  net: ContainerNet,
  fs: ContainerFs | undefined,
  post: PostToNode,
): Promise<void> {
  let reportedBytes = 0;
  // The container's CPU time: the module's running time between its JSPI suspensions; with a
  // CPU limit, its quota pauses the module at an import call once a period's share is spent.
  const cpu = containerCpu(start.cpuLimitMillicores, (sample) => post({ type: 'cpu', ...sample }));
  let instance: CommandInstance;
  try {
    instance = await instantiateCommand(start.module, {
      argv: start.argv,
      env,
      fds,
      stdin,
      afterWrite: () => {
        for (const log of logs) log.flush();
      },
      net,
      fs,
      importedMemory: start.importedMemory,
      noteMemory: (bytes) => {
        if (bytes === reportedBytes) return;
        reportedBytes = bytes;
        post({ type: 'memory', bytes });
      },
      throttle: cpu.throttle,
    });
  } catch (err) {
    post({ type: 'start-error', message: startErrorMessage(err), finishedAt: Date.now() });
    return;
  }

  reportedBytes = instance.memoryBytes();
  post({ type: 'started', startedAt: Date.now(), memoryBytes: reportedBytes });
  cpu.resume();
  try {
    await instance.run();
    cpu.stop();
    net.end();
    post({
      type: 'exit',
      exitCode: 0,
      memoryBytes: instance.memoryBytes(),
      finishedAt: Date.now(),
    });
  } catch (err) {
    const finishedAt = Date.now();
    cpu.stop();
    // As a kernel closes a dead process's sockets: the peers see the end, the node forgets them.
    net.end();
    const end = commandEnd(err);
    const memoryBytes = instance.memoryBytes();
    if (end.kind === 'exit') {
      post({ type: 'exit', exitCode: end.exitCode, memoryBytes, finishedAt });
    } else {
      post({ type: 'trap', message: end.message, memoryBytes, finishedAt });
    }
  }
}
