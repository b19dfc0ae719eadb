/**
 * The benchmark page's entry: runs every registered benchmark in turn and publishes one flat
 * object of named figures (`window.__benchResult`) for scripts/bench.mjs to print. A failure is
 * published as `window.__benchError`.
 *
 * To add a benchmark, write bench/<name>.bench.ts exporting `name` and
 * `run(): Promise<Record<string, number>>`, and add ONE line `await import('./<name>.bench.ts'),`
 * to `benches` below. Prefix its figure names with its area (`store_…`, `api_…`) so they stay
 * unique in the merged object.
 */

/** What every bench/*.bench.ts module exports. */
export interface BenchModule {
  /** Shown in progress output. */
  name: string;
  /** Runs the benchmark and returns its figures, e.g. `{ store_idb_writes_per_sec: 21000 }`. */
  run(): Promise<Record<string, number>>;
}

const benches: BenchModule[] = [
  await import('./store.bench.ts'),
  await import('./api.bench.ts'),
  await import('./scheduler.bench.ts'),
  await import('./scheduler-e2e.bench.ts'),
  await import('./containers.bench.ts'),
  await import('./net.bench.ts'),
];

declare global {
  interface Window {
    __benchResult?: Record<string, number>;
    __benchError?: string;
  }
}

async function main(): Promise<void> {
  const figures: Record<string, number> = {};
  for (const bench of benches) {
    console.warn(`bench: ${bench.name}…`);
    const started = performance.now();
    const result = await bench.run();
    for (const [key, value] of Object.entries(result)) {
      if (key in figures) throw new Error(`bench ${bench.name}: figure ${key} is already taken`);
      figures[key] = value;
    }
    console.warn(`bench: ${bench.name} done in ${Math.round(performance.now() - started)} ms`);
  }
  window.__benchResult = figures;
}

main().catch((err: unknown) => {
  window.__benchError = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
});
