/** What a slow-start run achieved: the calls that succeeded and the first failure, if any. */
export interface SlowStartResult {
  successes: number;
  error?: unknown;
}

/**
 * Calls `fn` `count` times in batches that double in size (initial, 2×, 4×, …), each batch
 * in parallel, and stops after the first batch with a failure. This is how Kubernetes'
 * controllers create pods: a template that cannot be created fails once instead of a
 * thousand times against the API server.
 */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  let batchSize = Math.min(remaining, initialBatchSize);
  while (batchSize > 0) {
    const results = await Promise.allSettled(Array.from({ length: batchSize }, () => fn()));
    let error: unknown;
    for (const result of results) {
      if (result.status === 'fulfilled') successes++;
      else if (error === undefined) error = result.reason ?? new Error('failed');
    }
    if (error !== undefined) return { successes, error };
    remaining -= batchSize;
    batchSize = Math.min(2 * batchSize, remaining);
  }
  return { successes };
}
