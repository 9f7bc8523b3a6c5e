/**
 * Small measuring tools shared by the benchmarks: a monotonic clock, the median of repeated samples, and the
 * heap after a full collection. Nothing here judges a figure: benchmarks print, people compare.
 */

/** Milliseconds on a monotonic clock (never moves back when the wall clock is set). */
export function nowMs(): number {
  return performance.now();
}

/** The median of the samples (the mean of the two middle ones for an even count). Throws on no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The smallest sample: the run least disturbed by other processes. Throws on no samples. */
export function fastest(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('minimum of no samples');
  return Math.min(...samples);
}

/** `gc()` exists only under `node --expose-gc`; the heap figures need it. */
function collector(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('heap figures need node --expose-gc (the .mjs launchers add it)');
  return gc;
}

/** True when `node --expose-gc` is in effect. */
export function canCollectGarbage(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/**
 * Bytes in use on the heap after full collections. Collected twice: weak references and finalisers freed by
 * the first collection are only reclaimed by the second.
 */
export function settledHeapBytes(): number {
  const gc = collector();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `work` and returns its result with the elapsed milliseconds. */
export function timed<T>(work: () => T): { result: T; ms: number } {
  const start = nowMs();
  const result = work();
  return { result, ms: nowMs() - start };
}

/** Runs async `work` and returns its result with the elapsed milliseconds. */
export async function timedAsync<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = nowMs();
  const result = await work();
  return { result, ms: nowMs() - start };
}
