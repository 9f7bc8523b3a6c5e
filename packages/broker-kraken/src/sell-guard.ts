import { cleanupError } from '@forced-cleanup/contract';
import type { KrakenMarket } from './pair-directory.js';

/*
 * Kraken's order rules, checked before anything is sent: `lot_decimals` (a volume with more decimals is
 * `EGeneral:Invalid arguments:volume`), `ordermin` (minimum volume) and `costmin` (minimum cost in the
 * quote currency). A sell that cannot pass is `below_minimum` without a single request, so a stuck
 * position is never sent to the exchange again and again.
 */

/**
 * `quantity` rounded DOWN to `decimals` places, written out in full (`0.01000000`). It works on the
 * shortest decimal form of the number (what `String()` gives, which reads back as the same number), so a
 * quantity the engine already rounded to the step (0.29) is sent as written, never as 0.28 through binary
 * noise, and never rounded up.
 */
export function volumeText(quantity: number, decimals: number): string {
  if (!Number.isFinite(quantity) || quantity <= 0) return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
  const [whole = '0', fraction = ''] = plainDecimal(quantity).split('.');
  return decimals === 0 ? whole : `${whole}.${fraction.padEnd(decimals, '0').slice(0, decimals)}`;
}

/** The shortest decimal form of a positive number without exponent (`1e-7` → `0.0000001`). */
function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = `${match[1] ?? ''}${match[2] ?? ''}`;
  const pointAt = (match[1] ?? '').length + Number(match[3]);
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return digits + '0'.repeat(pointAt - digits.length);
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/**
 * The volume to send for a sell of `quantity` on `market`, or `below_minimum` when it is zero after rounding
 * to `lot_decimals` or under `ordermin`. (The cost is checked by {@link checkCostMinimum} with a price.)
 */
export function sellVolume(quantity: number, market: KrakenMarket): { text: string; value: number } {
  const text = volumeText(quantity, market.lotDecimals);
  const value = Number(text);
  if (value <= 0) {
    throw cleanupError('below_minimum', `${market.symbol}: ${quantity} is 0 at ${market.lotDecimals} decimals (lot_decimals): nothing sent`);
  }
  if (market.orderMin > 0 && value < market.orderMin) {
    throw cleanupError('below_minimum', `${market.symbol}: volume ${text} is below the minimum ${market.orderMin} (ordermin): nothing sent`);
  }
  return { text, value };
}

/** Rejects with `below_minimum` when `volume × price` is under the market's `costmin`. */
export function checkCostMinimum(volume: number, price: number, market: KrakenMarket): void {
  if (market.costMin <= 0) return;
  const cost = volume * price;
  if (cost < market.costMin * (1 - 1e-12)) {
    throw cleanupError(
      'below_minimum',
      `${market.symbol}: cost ${cost} ${market.quote} (volume ${volume} × last price ${price}) is below the minimum ${market.costMin} (costmin): nothing sent`,
    );
  }
}
