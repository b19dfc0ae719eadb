import type { ContainerToNodeMessage, NodeToContainerMessage } from './container-protocol.ts';
import { runContainer, type ContainerRun } from './run-container.ts';
import { runWagi } from './wagi/run-wagi.ts';
import { isWagiHandler } from './wagi/wagi-mode.ts';

/**
 * The container worker's entry: one dedicated worker runs one container. It waits for the
 * node's `start` message, runs the module to its end and reports back, handing it the node's
 * network messages meanwhile; the node terminates the worker once the container has ended,
 * or to kill it.
 */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<NodeToContainerMessage>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};

let run: ContainerRun | undefined;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'start') {
    if (run) return;
    const post = (report: ContainerToNodeMessage, transfer?: Transferable[]) =>
      scope.postMessage(report, transfer ?? []);
    // A WAGI handler runs once per HTTP request rather than once (wasm-apps/README.md).
    run = isWagiHandler(message.env) ? runWagi(message, post) : runContainer(message, post);
  } else if (message.type === 'net') {
    run?.deliver(message.message);
  } else if (message.type === 'volume') {
    run?.volumeChanged(message.volume, message.change);
  }
};
