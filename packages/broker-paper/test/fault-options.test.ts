import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { resolvePaperOptions } from '../src/paper-options.js';
import { contextFor, never, paperAccount, rejectionOf, tempStateDir } from './helpers.js';

/** The error `connect` rejects with for this fault list on account `platform_coinbase`. */
async function faultsErrorFor(faults: unknown): Promise<{ code: string; message: string }> {
  const stateDir = await tempStateDir();
  return rejectionOf(plugin.connect(paperAccount({ cash: { USD: 1 }, faults }, 'platform_coinbase'), contextFor(stateDir), never));
}

const at = (index: number, field: string): string => `accounts[platform_coinbase].paper.faults[${index}].${field}`;
const sell = { call: 'placeMarketSell' };

describe('paper faults: errors name the exact path', () => {
  it.each([
    ['an unknown call', [{ call: 'placeOrder', fault: 'error' }], at(0, 'call'), 'expected one of "fetchBalances", "fetchMarkets"'],
    ['an unknown fault kind', [{ ...sell, fault: 'explode' }], at(0, 'fault'), 'expected one of "error", "rate_limit"'],
    ['a missing fault kind', [sell], at(0, 'fault'), 'expected one of'],
    ['a code that is not a contract error code', [{ ...sell, fault: 'error', code: 'teapot' }], at(0, 'code'), 'expected a contract error code'],
    ['nth 0', [{ ...sell, nth: 0, fault: 'error' }], at(0, 'nth'), 'expected a whole number ≥ 1'],
    ['a fractional nth', [{ ...sell, nth: 1.5, fault: 'error' }], at(0, 'nth'), 'expected a whole number ≥ 1'],
    ['times 0', [{ ...sell, nth: 1, times: 0, fault: 'error' }], at(0, 'times'), 'expected a whole number ≥ 1'],
    ['times without nth', [{ ...sell, times: 2, fault: 'error' }], at(0, 'times'), 'only with nth'],
    ['a code on another fault', [{ ...sell, fault: 'timeout', code: 'network' }], at(0, 'code'), 'only with fault "error" (this fault is "timeout")'],
    ['retryAfterMs on another fault', [{ ...sell, fault: 'error', retryAfterMs: 5 }], at(0, 'retryAfterMs'), 'only with fault "rate_limit"'],
    ['a negative retryAfterMs', [{ ...sell, fault: 'rate_limit', retryAfterMs: -1 }], at(0, 'retryAfterMs'), 'expected a number of milliseconds ≥ 0'],
    ['fillRatio on another fault', [{ ...sell, fault: 'kill_after', fillRatio: 0.5 }], at(0, 'fillRatio'), 'only with fault "partial_fill"'],
    ['a partial fill without fillRatio', [{ ...sell, fault: 'partial_fill' }], at(0, 'fillRatio'), 'required with fault "partial_fill"'],
    ['a fillRatio of 1', [{ ...sell, fault: 'partial_fill', fillRatio: 1 }], at(0, 'fillRatio'), 'expected a number with 0 < r < 1'],
    ['a fillRatio of 0', [{ ...sell, fault: 'partial_fill', fillRatio: 0 }], at(0, 'fillRatio'), 'expected a number with 0 < r < 1'],
    ['a partial fill of another call', [{ call: 'cancelOrder', fault: 'partial_fill', fillRatio: 0.5 }], at(0, 'call'), 'fault "partial_fill" applies only to call "placeMarketSell"'],
    ['a partial fill of every call', [{ call: '*', fault: 'partial_fill', fillRatio: 0.5 }], at(0, 'call'), 'fault "partial_fill" applies only to call "placeMarketSell"'],
    ['a misspelt option', [{ ...sell, fault: 'error', nht: 2 }], at(0, 'nht'), 'unknown option'],
    ['a bad second entry', [{ ...sell, fault: 'error' }, { call: 'connect', fault: 'rate_limit', nth: -1 }], at(1, 'nth'), 'expected a whole number ≥ 1'],
  ])('rejects %s', async (_name, faults, path, message) => {
    const error = await faultsErrorFor(faults);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(`${path}: ${message}`);
  });

  it('rejects a fault list that is not a list', async () => {
    const error = await faultsErrorFor({ call: 'connect', fault: 'error' });
    expect(error.message).toBe('accounts[platform_coinbase].paper.faults: expected a list of faults');
  });

  it('lists every problem of every entry', async () => {
    const error = await faultsErrorFor([
      { call: 'nope', fault: 'error' },
      { ...sell, fault: 'rate_limit', code: 'network', times: 2 },
    ]);
    expect(error.message.split('; ').map((line) => line.slice(0, line.indexOf(':')))).toEqual([at(0, 'call'), at(1, 'times'), at(1, 'code')]);
  });
});

describe('paper faults: what is accepted', () => {
  it('keeps every field as written, the faults apart from the initial state', () => {
    const faults = [
      { call: 'connect', fault: 'error', code: 'auth_failed' },
      { call: '*', nth: 4, times: 2, fault: 'kill_before' },
      { call: 'placeMarketSell', fault: 'partial_fill', fillRatio: 0.5 },
      { call: 'fetchPrices', fault: 'rate_limit', retryAfterMs: 1000 },
      { call: 'lookupOrder', fault: 'timeout_after_executing' },
    ];
    const options = resolvePaperOptions(paperAccount({ cash: { USD: 1 }, faults }));
    expect(options.faults).toEqual(faults);
    expect(options.initialState).not.toHaveProperty('faults');
  });

  it('defaults to no faults', () => {
    expect(resolvePaperOptions(paperAccount({})).faults).toEqual([]);
  });
});
