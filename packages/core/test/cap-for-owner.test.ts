import { describe, expect, it } from 'vitest';
import { capForOwner } from '../src/index.js';
import { settings } from './fixtures.js';

describe('capForOwner', () => {
  const config = settings({ maxPositions: 8, maxPositionsByOwner: { platform: 20, 'user:u1': 5, 'user:u0': 0 } });

  it('uses the per-owner override when there is one', () => {
    expect(capForOwner('platform', config)).toBe(20);
    expect(capForOwner('user:u1', config)).toBe(5);
    expect(capForOwner('user:u0', config)).toBe(0);
  });

  it('falls back to maxPositions for everyone else', () => {
    expect(capForOwner('user:u2', config)).toBe(8);
    expect(capForOwner('user:constructor', config)).toBe(8);
  });

  it('refuses a cap that is not a whole number ≥ 0 instead of guessing', () => {
    expect(() => capForOwner('user:u1', settings({ maxPositionsByOwner: { 'user:u1': 2.5 } }))).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('maxPositionsByOwner["user:u1"]') }),
    );
    expect(() => capForOwner('platform', settings({ maxPositions: -1 }))).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });
});
