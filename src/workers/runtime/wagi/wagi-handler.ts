import { File, OpenFile, type Fd } from '@bjorn3/browser_wasi_shim';
import type { NodeNetMessage } from '../../net/protocol.ts';
import {
  commandEnd,
  instantiateCommand,
  startErrorMessage,
  type CommandInstance,
} from '../command-instance.ts';
import type { StartContainerMessage } from '../container-protocol.ts';
import type { Throttle } from '../cpu-quota.ts';
import { changeTransfer } from '../fs/change-transfer.ts';
import { ContainerFs } from '../fs/container-fs.ts';
import type { VolumeChange } from '../fs/fs-protocol.ts';
import { noteRunEnded, noteRunStarted } from '../jspi.ts';
import { LogFd } from '../log-fd.ts';
import { ContainerNet } from '../net/container-net.ts';
import type { PostToNode } from '../run-container.ts';
import { CaptureFd } from './capture-fd.ts';
import type { CgiInvocation } from './cgi-environment.ts';

/** The most a handler may write to stdout for one response. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** How one handler run ended: its stdout when it exited 0, else why it failed. */
export type HandlerOutcome =
  | { ok: true; output: Uint8Array; memoryBytes: number }
  | { ok: false; reason: string; memoryBytes: number };

export interface WagiHandlerOptions {
  /** The start message: its module, imported memory, network and files are the handler's. */
  start: StartContainerMessage;
  post: PostToNode;
  /** Numbers requests to the node, shared with the server's own network (ContainerNet ids). */
  ids: () => number;
  maxResponseBytes?: number;
  /** The container's CPU quota, shared by all its runs (instantiateCommand's `throttle`). */
  throttle?: Throttle;
}

/**
 * Runs a container's module once per request, CGI-style: each run is a fresh instance of the
 * same compiled module with the request's argv and environment, the body on stdin, stdout
 * kept as the response, stderr to the container's log. Runs happen one at a time, in the
 * order asked, so a container holds at most one instance's memory (capped, as any
 * container's, by the memory limit written into its module). Each run sees the container's
 * volumes (one ContainerFs for all runs, so what one run writes the next one reads) and may
 * open connections of its own, which end with the run.
 */
export class WagiHandler {
  private readonly fds: Fd[];
  /** What fds 0-2 hold between runs: no input, a closed-off output, the log. */
  private readonly idleStdio: Fd[];
  private readonly baseLength: number;
  private readonly fs?: ContainerFs;
  private readonly stderr: LogFd;
  private readonly maxResponseBytes: number;
  private current?: ContainerNet;
  private tail: Promise<unknown> = Promise.resolve();
  private reportedBytes = 0;

  constructor(private readonly options: WagiHandlerOptions) {
    const { start, post } = options;
    this.stderr = new LogFd('stderr', post);
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.idleStdio = [new OpenFile(new File(new Uint8Array(0))), new CaptureFd(0), this.stderr];
    // stdio first, the preopened directories after it: each run gets its own stdio and the
    // table is cut back to this length, dropping what the last run left open.
    this.fds = [...this.idleStdio];
    this.fs = start.filesystem
      ? new ContainerFs(start.filesystem, this.fds, (volume, change) =>
          post({ type: 'volume', volume, change }, changeTransfer(change)),
        )
      : undefined;
    this.baseLength = this.fds.length;
  }

  /** A network message for the running handler's own connections and lookups. */
  deliver(message: NodeNetMessage): void {
    this.current?.deliver(message);
  }

  /** Another writer's change to one of the container's volumes. */
  volumeChanged(volume: string, change: VolumeChange): void {
    this.fs?.apply(volume, change);
  }

  /** Runs the handler for one request once the runs asked for before it have ended. */
  invoke(invocation: CgiInvocation, body: Uint8Array): Promise<HandlerOutcome> {
    const run = this.tail.then(() => this.runOnce(invocation, body));
    this.tail = run.catch(() => {});
    return run;
  }

  private async runOnce(invocation: CgiInvocation, body: Uint8Array): Promise<HandlerOutcome> {
    const { start, post } = this.options;
    const stdin = new OpenFile(new File(body));
    const stdout = new CaptureFd(this.maxResponseBytes);
    this.fds.length = this.baseLength;
    this.fds.splice(0, 3, stdin, stdout, this.stderr);
    const net = new ContainerNet({
      fds: this.fds,
      request: start.network
        ? (request, transfer) => post({ type: 'net', request }, transfer)
        : undefined,
      ids: this.options.ids,
    });
    this.current = net;
    let instance: CommandInstance | undefined;
    try {
      instance = await instantiateCommand(start.module, {
        argv: invocation.argv,
        env: invocation.env,
        fds: this.fds,
        stdin,
        afterWrite: () => this.stderr.flush(),
        net,
        fs: this.fs,
        importedMemory: start.importedMemory,
        noteMemory: (bytes) => this.noteMemory(bytes),
        throttle: this.options.throttle,
      });
    } catch (err) {
      this.finish(net);
      return {
        ok: false,
        reason: `cannot start the handler: ${startErrorMessage(err)}`,
        memoryBytes: 0,
      };
    }
    let failure: string | undefined;
    // The container's CPU time counts this run's computing (cpu-meter.ts).
    noteRunStarted();
    try {
      await instance.run();
    } catch (err) {
      const end = commandEnd(err);
      if (end.kind === 'trap') failure = `the handler trapped: ${end.message}`;
      else if (end.exitCode !== 0) failure = `the handler exited with code ${end.exitCode}`;
    } finally {
      noteRunEnded();
    }
    const memoryBytes = instance.memoryBytes();
    this.finish(net);
    if (stdout.overflowed) {
      failure ??= `the handler wrote more than ${this.maxResponseBytes} bytes to stdout`;
    }
    if (failure !== undefined) return { ok: false, reason: failure, memoryBytes };
    return { ok: true, output: stdout.bytes(), memoryBytes };
  }

  /** The run has ended: its connections end as a process's do, its stderr is flushed. */
  private finish(net: ContainerNet): void {
    net.end();
    if (this.current === net) this.current = undefined;
    this.stderr.flush();
    // Drop the run's descriptors (its stdin and stdout hold the request and the response).
    this.fds.length = this.baseLength;
    this.fds.splice(0, 3, ...this.idleStdio);
  }

  private noteMemory(bytes: number): void {
    if (bytes === this.reportedBytes) return;
    this.reportedBytes = bytes;
    this.options.post({ type: 'memory', bytes });
  }
}
