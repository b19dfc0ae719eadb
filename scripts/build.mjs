// Bundles the page and the workers into dist/ (with public/ copied alongside), after bringing the
// built-in container images in dist/images/ up to date; then checks that nothing is fetched from
// another origin and stamps the offline cache's file list into sw.js. The watch build (`npm
// start`) is not stamped, so it caches nothing (see src/workers/offline/app-cache.ts).
import { build, context } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { buildImages } from './build-images.mjs';
import { checkSameOrigin } from './check-same-origin.mjs';
import { stampServiceWorker } from './precache.mjs';

export const buildOptions = {
  entryPoints: {
    main: 'src/ui/main.ts',
    embed: 'src/ui/embed.ts',
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
  checkSameOrigin('dist');
  return stampServiceWorker('dist');
}

// Images are built once here, not watched: `npm run build:images` refreshes them while serving.
export async function watchContext() {
  await buildImages();
  copyPublic();
  return context(buildOptions);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { files } = await buildOnce();
    const kb = Math.round(files.reduce((sum, f) => sum + f.bytes, 0) / 1024);
    console.log(`built dist/ (offline cache: ${files.length} files, ${kb} KiB)`);
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
