/**
 * The worker side of runtime.test.ts's nesting test: plays a node worker that pulls hello and
 * runs it with its own WorkerContainerRuntime (so the container is a nested worker), then
 * posts what it saw.
 */
import { isPullFailure } from '../../../src/workers/runtime/types.ts';
import { BuiltinImageRegistry } from '../../../src/workers/runtime/image-registry.ts';
import { WorkerContainerRuntime } from '../../../src/workers/runtime/runtime.ts';

const registry = new BuiltinImageRegistry(new URL('../../../dist/images/', import.meta.url));
const image = await registry.pull('hello');
if (isPullFailure(image)) throw new Error(image.message);
let stdout = '';
const container = await new WorkerContainerRuntime().start(
  { containerID: 'wasi://nested', image, args: [], env: [['HOSTNAME', 'nested']] },
  (stream, text) => {
    if (stream === 'stdout') stdout += text;
  },
);
const exit = await container.exited;
postMessage({ stdout, exitCode: exit.exitCode, reason: exit.reason });
