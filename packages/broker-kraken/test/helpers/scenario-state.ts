import { createHash } from 'node:crypto';
import { scenarioSymbol, type ConformanceScenario } from '@forced-cleanup/broker-testkit';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import type { KrakenCredential } from '@forced-cleanup/exchange-sim/testing';

/*
 * A conformance scenario as a Kraken sim state: cash and holdings become balances, each holding's market
 * `<asset>-USD` gets its price and rules (`ordermin`, `costmin`, `lot_decimals` on the wire), and each open
 * order becomes a resting limit order with a Kraken-style txid.
 */

const TXID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A Kraken-style order id (`OXXXXX-XXXXX-XXXXXX`) derived from a scenario order id. */
export function krakenTxid(seed: string): string {
  const chars = [...createHash('sha256').update(seed).digest()].map((byte) => TXID_ALPHABET[byte % 32]).join('');
  return `O${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 16)}`;
}

/** The sim state holding `scenario`, accepting `keys`. */
export function krakenStateOf(scenario: ConformanceScenario, keys: readonly KrakenCredential[]): SimStateInput {
  return {
    credentials: { kraken: [...keys] },
    balances: {
      ...Object.fromEntries(Object.entries(scenario.cash).map(([asset, total]) => [asset, { total }])),
      ...Object.fromEntries(scenario.holdings.map((holding) => [holding.asset, { total: holding.quantity }])),
    },
    markets: Object.fromEntries(
      scenario.holdings.map((holding) => [
        scenarioSymbol(holding.asset),
        { price: holding.priceUsd, minQuantity: holding.market.minQuantity, quantityStep: holding.market.quantityStep, minNotional: holding.market.minNotional },
      ]),
    ),
    openOrders: scenario.openOrders.map((order) => ({
      id: krakenTxid(order.id),
      symbol: scenarioSymbol(order.asset),
      side: order.side,
      quantity: order.quantity,
      price: order.price,
    })),
  };
}
