/** The worker sources (web-test-runner serves TypeScript) and the images `npm run build:images` made. */
export const testUrls = {
  kernel: new URL('../../src/workers/kernel-worker.ts', import.meta.url),
  node: new URL('../../src/workers/node-worker.ts', import.meta.url),
  container: new URL('../../src/workers/runtime/container-worker.ts', import.meta.url),
  images: new URL('../../dist/images/', import.meta.url),
};
