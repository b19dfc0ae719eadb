// Bundles the page and the workers into dist/ (with public/ copied alongside).
import { build, context } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

export const buildOptions = {
  entryPoints: {
    main: 'src/ui/main.ts',
    'kernel-worker': 'src/workers/kernel-worker.ts',
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
  copyPublic();
  await build(buildOptions);
}

export async function watchContext() {
  copyPublic();
  return context(buildOptions);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildOnce();
  console.log('built dist/');
}
