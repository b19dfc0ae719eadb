// Bundles the page and the workers into dist/ (with public/ copied alongside), after bringing the
// built-in container images in dist/images/ up to date.
import { build, context } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { buildImages } from './build-images.mjs';

export const buildOptions = {
  entryPoints: {
    main: 'src/ui/main.ts',
    'kernel-worker': 'src/workers/kernel-worker.ts',
    'node-worker': 'src/workers/node-worker.ts',
    'container-worker': 'src/workers/runtime/container-worker.ts',
    sw: 'src/workers/service-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
};

export function copyPublic() {
  mkdirSync('dist', { recursive: true });
  cpSync('public', 'dist', { recursive: true });
}

export async function buildOnce() {
  await buildImages();
  copyPublic();
  await build(buildOptions);
}

// Images are built once here, not watched: `npm run build:images` refreshes them while serving.
export async function watchContext() {
  await buildImages();
  copyPublic();
  return context(buildOptions);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildOnce();
  console.log('built dist/');
}
