import { describe, expect, it } from 'vitest';
import { CleanupError, cleanupError, isCleanupError, toErrorData } from '../src/index.js';

describe('errors as data', () => {
  it('derives retryable from the code unless told', () => {
    expect(cleanupError('rate_limited', 'slow down').retryable).toBe(true);
    expect(cleanupError('timeout', 't').retryable).toBe(true);
    expect(cleanupError('auth_failed', 'no').retryable).toBe(false);
    expect(cleanupError('insufficient_funds', 'no').retryable).toBe(false);
    expect(cleanupError('unknown', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('serialises to code, message, retryable (and retryAfterMs) only', () => {
    const error = new CleanupError('rate_limited', 'slow', { retryAfterMs: 2000 });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'rate_limited', message: 'slow', retryable: true, retryAfterMs: 2000 });
  });

  it('is recognised by shape, not by class', () => {
    expect(isCleanupError({ code: 'network', message: 'x', retryable: true })).toBe(true);
    expect(isCleanupError({ code: 'not-a-code', retryable: true })).toBe(false);
    expect(isCleanupError(new Error('x'))).toBe(false);
  });

  it('keeps only the message of a foreign error, never its other fields', () => {
    const foreign = Object.assign(new Error('request failed'), { config: { headers: { Authorization: 'Bearer SECRET' } } });
    const data = toErrorData(foreign);
    expect(data).toEqual({ code: 'unknown', message: 'request failed', retryable: false });
    expect(JSON.stringify(data)).not.toContain('SECRET');
  });

  it('maps an AbortError to aborted', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(toErrorData(abort).code).toBe('aborted');
  });
});
