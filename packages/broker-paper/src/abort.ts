import { cleanupError, type CleanupError } from '@forced-cleanup/contract';

/*
 * How the paper broker honours an AbortSignal: before every step of a call, and during its latency.
 */

/** The rejection of a call whose AbortSignal fired. */
export function abortedError(operation: string): CleanupError {
  return cleanupError('aborted', `paper ${operation} aborted`);
}

/** Rejects with `aborted` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal, operation: string): void {
  if (signal.aborted) throw abortedError(operation);
}

/**
 * Waits `ms` milliseconds, or rejects with `aborted` as soon as the signal fires, leaving no timer or
 * listener behind either way. A delay of 0 does not wait at all (but still honours an aborted signal),
 * so that the default latency costs nothing.
 */
export function abortableDelay(ms: number, signal: AbortSignal, operation: string): Promise<void> {
  if (signal.aborted) return Promise.reject(abortedError(operation));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(operation));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
