import { expect } from '@esm-bundle/chai';
import { imageModule } from './net-harness.ts';

// The built-in network images: listed in index.json, and importing only WASI preview1 and the
// three playground_net functions (so they need nothing else from a runtime).
const apps = ['guestbook', 'http-echo', 'kv-store', 'loadgen', 'toolbox'];
const netImports = ['connect', 'listen', 'resolve'];

describe('network images', () => {
  it('are listed as <name>:1.0 and <name>:latest with a description', async () => {
    const { images } = (await (await fetch('/dist/images/index.json')).json()) as {
      images: Record<string, { file: string; description: string }>;
    };
    for (const app of apps) {
      for (const tag of ['1.0', 'latest']) {
        expect(images[`${app}:${tag}`]?.file, `${app}:${tag}`).to.equal(`${app}.wasm`);
        expect(images[`${app}:${tag}`].description).to.not.equal(`${app} example program`);
      }
    }
  });

  for (const app of apps) {
    it(`${app} imports WASI preview1 and playground_net only`, async () => {
      for (const item of WebAssembly.Module.imports(await imageModule(app))) {
        const ok =
          item.module === 'wasi_snapshot_preview1' ||
          (item.module === 'playground_net' && netImports.includes(item.name));
        expect(ok && item.kind === 'function', `${item.module}.${item.name}`).to.equal(true);
      }
      const exports = WebAssembly.Module.exports(await imageModule(app)).map((e) => e.name);
      expect(exports).to.include.members(['_start', 'memory']);
    });
  }
});
