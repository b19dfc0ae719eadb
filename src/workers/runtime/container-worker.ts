import type { NodeToContainerMessage } from './container-protocol.ts';
import { runContainer, type ContainerRun } from './run-container.ts';

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
    run = runContainer(message, (report, transfer) => scope.postMessage(report, transfer ?? []));
  } else if (message.type === 'net') {
    run?.deliver(message.message);
  } else if (message.type === 'volume') {
    run?.volumeChanged(message.volume, message.change);
  }
};
