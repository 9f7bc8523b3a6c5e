import { cleanupError, type Balance } from '@forced-cleanup/contract';
import type { CcxtBalance } from './ccxt-shapes.js';

/*
 * ccxt's balance structure as the contract's balances: one per asset with a non-zero total, `free`
 * without the funds open orders hold. Assets are ccxt's unified codes (Kraken `XXBT` is already `BTC`).
 */

/** Funds held beyond this relative noise make `free` above `total` an error rather than rounding. */
const RELATIVE_TOLERANCE = 1e-9;

/** How the balances of one exchange are read. */
export interface BalanceReading {
  /** The ccxt exchange id, for messages. */
  readonly exchange: string;
  /** Balances with this suffix track their base asset (Kraken `BTC.F` → priced as `BTC`). */
  readonly trackingSuffix: RegExp | null;
  /**
   * What open orders hold per asset, for exchanges whose balance has neither `free` nor `used`; without
   * it such an asset's `free` is its total.
   */
  readonly heldByOpenOrders?: ReadonlyMap<string, number>;
}

function malformed(exchange: string, detail: string): Error {
  return cleanupError('malformed_response', `ccxt ${exchange} fetchBalances: ${detail}`);
}

/** True when the balance reports neither `free` nor `used` for some asset with a total. */
export function lacksFreeBalances(balance: CcxtBalance): boolean {
  return Object.entries(balance.total).some(
    ([asset, total]) => typeof total === 'number' && total > 0 && typeof balance.free?.[asset] !== 'number' && typeof balance.used?.[asset] !== 'number',
  );
}

/** The free quantity of one asset: ccxt's `free`, else total minus `used`, else total minus what orders hold. */
function freeOf(balance: CcxtBalance, asset: string, total: number, reading: BalanceReading): number {
  const free = balance.free?.[asset];
  const used = balance.used?.[asset];
  let value: number;
  if (typeof free === 'number') value = free;
  else if (typeof used === 'number') value = total - used;
  else value = total - (reading.heldByOpenOrders?.get(asset) ?? 0);
  if (value < -RELATIVE_TOLERANCE * total) throw malformed(reading.exchange, `${asset} has a negative free balance`);
  if (value > total * (1 + RELATIVE_TOLERANCE)) throw malformed(reading.exchange, `${asset} has more free than in total`);
  return Math.min(Math.max(value, 0), total);
}

/** Every asset with a total above zero, sorted by asset. */
export function balancesOf(balance: CcxtBalance, reading: BalanceReading): Balance[] {
  const balances: Balance[] = [];
  for (const [asset, total] of Object.entries(balance.total)) {
    if (total === null || total === undefined || total === 0) continue;
    if (total < 0) throw malformed(reading.exchange, `${asset} has a negative total`);
    const entry: Balance = { asset, total, free: freeOf(balance, asset, total, reading) };
    const tracked = reading.trackingSuffix?.exec(asset)?.[1];
    if (tracked !== undefined) entry.priceAs = tracked;
    balances.push(entry);
  }
  return balances.sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}
