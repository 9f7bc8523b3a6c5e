import type { ErrorData, RetrySettings } from '@forced-cleanup/contract';

/**
 * The delay before retry number `attempt` (1 = the first retry): exponential backoff with full jitter,
 * capped, and never shorter than the exchange's `Retry-After`. `random` returns [0, 1).
 */
export function retryDelayMs(attempt: number, error: ErrorData, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, error.retryAfterMs ?? 0);
}

/** Whether another attempt is allowed after `attempt` attempts and `waitedMs` of waiting, with `nextDelayMs` to come. */
export function mayRetry(error: ErrorData, attempt: number, waitedMs: number, nextDelayMs: number, settings: RetrySettings): boolean {
  return error.retryable && attempt < settings.maxAttempts && waitedMs + nextDelayMs <= settings.maxTotalMs;
}
