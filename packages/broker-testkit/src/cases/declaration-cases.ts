import { z } from 'zod';
import { expect } from 'vitest';
import { validated } from '../assertions.js';
import type { ConformanceCase } from '../conformance-case.js';
import { standardScenario } from '../standard-scenarios.js';

/*
 * What a broker declares about itself. The engine and the planner act on these without asking the
 * exchange (dust is converted only where `dustConversion` is true; calls are paced by `rateLimit`), so a
 * missing or nonsensical declaration would be acted on silently.
 */

/** The contract's BrokerCapabilities, exactly: three booleans and nothing else. */
export const BrokerCapabilitiesSchema = z.strictObject({
  dustConversion: z.boolean(),
  lookupByClientOrderId: z.boolean(),
  nativeFreeBalance: z.boolean(),
});

/** The contract's RateLimit: a finite sustained rate > 0 and a whole burst ≥ 1. */
export const RateLimitSchema = z.strictObject({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

/** The async methods every connection has. */
const REQUIRED_METHODS = ['fetchBalances', 'fetchMarkets', 'fetchPrices', 'fetchOpenOrders', 'cancelOrder', 'placeMarketSell', 'lookupOrder'] as const;

/** The declaration cases. */
export const declarationCases: readonly ConformanceCase[] = [
  {
    group: 'declarations',
    title: 'declares well-formed capabilities and rate limit, and every method of the contract',
    async run(context) {
      const { connection } = await context.harness(standardScenario());
      const capabilities = validated(BrokerCapabilitiesSchema, connection.capabilities, 'capabilities');
      validated(RateLimitSchema, connection.rateLimit, 'rateLimit');
      for (const method of REQUIRED_METHODS) {
        expect(typeof connection[method], `connection.${method}`).toBe('function');
      }
      if (capabilities.dustConversion) {
        expect(typeof connection.convertDust, 'convertDust (capabilities.dustConversion is true)').toBe('function');
      }
      if (connection.close !== undefined) expect(typeof connection.close, 'connection.close').toBe('function');
    },
  },
];
