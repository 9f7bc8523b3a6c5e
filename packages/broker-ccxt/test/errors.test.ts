import ccxt from 'ccxt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanupError, ErrorDataSchema, RETRYABLE_CODES } from '@forced-cleanup/contract';
import { redact, retryAfterMsOf, toCleanupError } from '../src/index.js';
import { MalformedResponseError } from '../src/response-guard.js';

/*
 * The error table, with ccxt's real error classes: each class lands on its contract code (the most
 * specific class wins), the messages ccxt's classes get wrong are recognised, and nothing of the request
 * (query string, signature, key) survives into the message.
 */

const context = { exchange: 'binance', operation: 'fetchBalances', secrets: ['K3yK3yK3yK3yK3y', 'S3cr3tS3cr3tS3cr3t'] };

describe('ccxt errors → contract codes', () => {
  it.each([
    [ccxt.AuthenticationError, 'auth_failed', false],
    [ccxt.PermissionDenied, 'permission_denied', false],
    [ccxt.AccountSuspended, 'permission_denied', false],
    [ccxt.InvalidNonce, 'auth_failed', false],
    [ccxt.RateLimitExceeded, 'rate_limited', true],
    [ccxt.DDoSProtection, 'rate_limited', true],
    [ccxt.RequestTimeout, 'timeout', true],
    [ccxt.NetworkError, 'network', true],
    [ccxt.ExchangeNotAvailable, 'exchange_unavailable', true],
    [ccxt.OnMaintenance, 'exchange_unavailable', true],
    [ccxt.OperationFailed, 'exchange_unavailable', true],
    [ccxt.InsufficientFunds, 'insufficient_funds', false],
    [ccxt.OrderNotFound, 'order_not_found', false],
    [ccxt.InvalidOrder, 'invalid_order', false],
    [ccxt.BadSymbol, 'market_not_found', false],
    [ccxt.BadResponse, 'malformed_response', false],
    [ccxt.NullResponse, 'malformed_response', false],
    [ccxt.NotSupported, 'invalid_config', false],
    [ccxt.ExchangeError, 'unknown', false],
  ] as const)('%o is %s (retryable %s)', (ErrorClass, code, retryable) => {
    const error = toCleanupError(new ErrorClass('binance something happened'), context);
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toBe(`ccxt binance fetchBalances failed (${ErrorClass.name}): binance something happened`);
    expect(ErrorDataSchema.parse(JSON.parse(JSON.stringify(error)))).toEqual({ code, message: error.message, retryable });
  });

  it('recognises what ccxt classes wrongly: minimums, unknown orders, revoked Binance keys', () => {
    const cases: Array<[Error, string]> = [
      [new ccxt.BadRequest('binance {"code":-1013,"msg":"Filter failure: NOTIONAL"}'), 'below_minimum'],
      [new ccxt.ExchangeError('kraken {"error":["EOrder:Cost minimum not met"]}'), 'below_minimum'],
      [new ccxt.InvalidOrder('kraken {"error":["EOrder:Order minimum not met"]}'), 'below_minimum'],
      [new ccxt.InvalidOrder('binance amount of SHIB/USD must be greater than minimum amount precision of 1'), 'below_minimum'],
      [new ccxt.InvalidOrder('kraken {"error":["EOrder:Unknown order"]}'), 'order_not_found'],
      [new ccxt.DDoSProtection('binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'), 'auth_failed'],
      [new ccxt.InvalidOrder('binance Account has insufficient balance for requested action.'), 'insufficient_funds'],
    ];
    for (const [error, code] of cases) expect(toCleanupError(error, context).code, error.message).toBe(code);
  });

  it('carries Retry-After on rate_limited only, from seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMsOf({ 'Retry-After': '3' }, now)).toBe(3000);
    expect(retryAfterMsOf({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, now)).toBe(7000);
    expect(retryAfterMsOf({ 'Retry-After': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMsOf(undefined, now)).toBeUndefined();
    expect(toCleanupError(new ccxt.RateLimitExceeded('slow down'), { ...context, retryAfterMs: 3000 }).retryAfterMs).toBe(3000);
    expect(toCleanupError(new ccxt.NetworkError('reset'), { ...context, retryAfterMs: 3000 }).retryAfterMs).toBeUndefined();
  });

  it('passes CleanupErrors through; an unreadable answer is malformed_response; anything else unknown', () => {
    const own = cleanupError('below_minimum', 'stuck');
    expect(toCleanupError(own, context)).toBe(own);
    expect(toCleanupError(new MalformedResponseError('not JSON'), context).code).toBe('malformed_response');
    expect(toCleanupError(new TypeError("Cannot use 'in' operator to search for 'x' in {\"res"), context).code).toBe('malformed_response');
    expect(toCleanupError(new RangeError('odd'), context).code).toBe('unknown');
    expect(toCleanupError('a string', context)).toMatchObject({ code: 'unknown', message: 'ccxt binance fetchBalances failed (error): a string' });
    expect(RETRYABLE_CODES.has(toCleanupError(new ccxt.NetworkError('x'), context).code)).toBe(true);
  });

  it('removes the query string, the signature and every credential from the message', () => {
    const raw =
      'binance GET https://api.binance.com/api/v3/account?timestamp=1&recvWindow=10000&signature=06ef16c1 fetch failed: other side closed; ' +
      'headers {"X-MBX-APIKEY":"K3yK3yK3yK3yK3y"} body apiKey=K3yK3yK3yK3yK3y&secret=S3cr3tS3cr3tS3cr3t';
    const error = toCleanupError(new ccxt.NetworkError(raw), context);
    expect(error.message).toContain('https://api.binance.com/api/v3/account?[query removed] fetch failed: other side closed');
    for (const text of [error.message, JSON.stringify(error), String(error), error.stack ?? '']) {
      expect(text).not.toContain('K3yK3y');
      expect(text).not.toContain('S3cr3t');
      expect(text).not.toContain('06ef16c1');
    }
  });

  it('never lets a credential through, wherever it sits in a message (property)', () => {
    const secret = fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom(...'abcdefXYZ0123456789+/=-_'.split('')) });
    const noise = fc.string({ maxLength: 60 });
    fc.assert(
      fc.property(secret, noise, noise, fc.boolean(), (key, before, after, encoded) => {
        const inserted = encoded ? encodeURIComponent(key) : key;
        const text = redact(`${before}${inserted}${after}`, [key]);
        return !text.includes(key) && (!encoded || !text.includes(encodeURIComponent(key)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps messages to a readable length', () => {
    expect(redact('x'.repeat(5000), []).length).toBeLessThanOrEqual(401);
  });
});
