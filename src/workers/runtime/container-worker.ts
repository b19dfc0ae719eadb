import type { NodeToContainerMessage } from './container-protocol.ts';
import { runContainer } from './run-container.ts';

/**
 * The container worker's entry: one dedicated worker runs one container. It waits for the
 * node's `start` message, runs the module to its end and reports back; the node terminates
 * the worker once the container has ended, or to kill it.
 */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<NodeToContainerMessage>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  if (event.data.type !== 'start') return;
  scope.onmessage = null;
  void runContainer(event.data, (message) => scope.postMessage(message));
};
