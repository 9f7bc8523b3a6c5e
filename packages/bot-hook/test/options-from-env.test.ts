import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from '../src/index.js';

function envError(env: Record<string, string>): string {
  try {
    optionsFromEnv(env);
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid_config' });
    return (error as Error).message;
  }
  throw new Error('expected optionsFromEnv to throw');
}

describe('optionsFromEnv', () => {
  it('reads nothing from an environment without FORCED_CLEANUP_* variables', () => {
    expect(optionsFromEnv({ PATH: '/usr/bin', HOME: '/root' })).toEqual({});
  });

  it('reads every variable it knows', () => {
    expect(
      optionsFromEnv({
        FORCED_CLEANUP_DUST_THRESHOLD_USD: '0.50',
        FORCED_CLEANUP_MAX_POSITIONS: ' 5 ',
        FORCED_CLEANUP_DRY_RUN: 'yes',
        FORCED_CLEANUP_INTERVAL_CYCLES: '10',
        FORCED_CLEANUP_CANCEL_OPEN_ORDERS: 'TRUE',
        FORCED_CLEANUP_STARTUP_ONLY: '1',
      }),
    ).toEqual({ dustThresholdUsd: 0.5, maxPositions: 5, dryRun: true, intervalCycles: 10, cancelOpenOrders: true, startupOnly: true, cancelConditions: undefined });
  });

  it('treats a blank variable as unset', () => {
    expect(optionsFromEnv({ FORCED_CLEANUP_MAX_POSITIONS: '  ', FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF: '' })).toEqual({});
  });

  it('the three mode settings travel together, so the environment alone decides the mode', () => {
    expect(optionsFromEnv({ FORCED_CLEANUP_STARTUP_ONLY: 'true' })).toEqual({ cancelOpenOrders: false, startupOnly: true, cancelConditions: undefined });
    expect(optionsFromEnv({ FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF: 'usd_value<1.0,rank>max_positions' })).toEqual({
      cancelOpenOrders: false,
      startupOnly: false,
      cancelConditions: 'usd_value<1.0,rank>max_positions',
    });
  });

  it('names a malformed variable and what it holds', () => {
    expect(envError({ FORCED_CLEANUP_MAX_POSITIONS: '-1' })).toBe(
      'forced-cleanup: FORCED_CLEANUP_MAX_POSITIONS: expected a whole number ≥ 0 such as 8, got "-1"',
    );
    expect(envError({ FORCED_CLEANUP_CANCEL_OPEN_ORDERS: 'maybe' })).toBe(
      'forced-cleanup: FORCED_CLEANUP_CANCEL_OPEN_ORDERS: expected true or false (or 1/0, yes/no, on/off), got "maybe"',
    );
    expect(envError({ FORCED_CLEANUP_DUST_THRESHOLD_USD: '1e3' })).toBe(
      'forced-cleanup: FORCED_CLEANUP_DUST_THRESHOLD_USD: expected an amount in USD ≥ 0 such as 1 or 0.50, got "1e3"',
    );
  });

  it('a malformed condition is an error naming the token, never another mode', () => {
    const message = envError({ FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF: 'usd_value<1.0,usd_valeu<2', FORCED_CLEANUP_CANCEL_OPEN_ORDERS: 'true' });
    expect(message).toMatch(/^forced-cleanup: FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF: invalid cancel condition "usd_valeu<2"/);
  });

  it('lists every bad variable at once', () => {
    const message = envError({ FORCED_CLEANUP_MAX_POSITIONS: 'eight', FORCED_CLEANUP_DRY_RUN: 'perhaps' });
    expect(message.split('\n').map((line) => line.split(':')[1]?.trim())).toEqual(['FORCED_CLEANUP_MAX_POSITIONS', 'FORCED_CLEANUP_DRY_RUN']);
  });
});
