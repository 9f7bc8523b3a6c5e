import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCleanupError } from '@forced-cleanup/contract';
import { balancesOf } from '../src/exchange-view.js';
import { executeMarketSell } from '../src/market-sell.js';
import { PaperStateSchema, type PaperState } from '../src/paper-state.js';

/**
 * Invariants of the matching engine over arbitrary order sequences: nothing is created or lost, a
 * rejection changes nothing, free never goes negative, and no order sells more than was free.
 */
const PRICE = 2;
const STEP = 0.01;

function startingState(quantity: number, heldBySell: number): PaperState {
  return PaperStateSchema.parse({
    cash: { USD: 10 },
    positions: [{ symbol: 'ETH-USD', quantity, price: PRICE }],
    openOrders: heldBySell > 0 ? [{ id: 'hold', symbol: 'ETH-USD', side: 'sell', quantity: heldBySell, price: 5 }] : [],
    markets: { 'ETH-USD': { minQuantity: 0.05, quantityStep: STEP, minNotional: 0.2 } },
  });
}

const ethOf = (state: PaperState): number => state.positions[0]?.quantity ?? 0;

describe('paper market sell invariants', () => {
  it('conserves value, changes nothing on rejection, and never sells held funds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.record({ steps: fc.integer({ min: -5, max: 300 }), offStep: fc.boolean() }), { maxLength: 12 }),
        (quantitySteps, heldSteps, orders) => {
          const initial = startingState(quantitySteps * STEP, heldSteps * STEP);
          let state = initial;
          let sold = 0;
          orders.forEach((order, index) => {
            const quantity = order.steps * STEP + (order.offStep ? STEP / 3 : 0);
            const before = state;
            const snapshot = JSON.stringify(before);
            const freeBefore = balancesOf(state).find((balance) => balance.asset === 'ETH')?.free ?? 0;
            try {
              const { next, result } = executeMarketSell(state, { symbol: 'ETH-USD', quantity, clientOrderId: `c${index}` }, 'T');
              expect(next).not.toBeNull();
              expect(result.filledQuantity).toBeLessThanOrEqual(freeBefore * (1 + 1e-9));
              state = next ?? state;
              sold += result.filledQuantity;
            } catch (error) {
              expect(isCleanupError(error)).toBe(true);
            }
            // Pure: the state it was given is never modified, whatever the outcome.
            expect(JSON.stringify(before)).toBe(snapshot);
            for (const balance of balancesOf(state)) expect(balance.free).toBeGreaterThanOrEqual(0);
          });
          expect(ethOf(state) + sold).toBeCloseTo(ethOf(initial), 9);
          expect(state.cash['USD']).toBeCloseTo(10 + sold * PRICE, 9);
          expect(state.fills.reduce((sum, fill) => sum + fill.quantity, 0)).toBeCloseTo(sold, 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
