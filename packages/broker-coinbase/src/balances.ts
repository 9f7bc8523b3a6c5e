import type { Balance } from '@forced-cleanup/contract';
import { sumDecimals } from './decimal-text.js';
import type { WireAccount } from './wire-schemas.js';

/*
 * Coinbase reports a balance per account: `available_balance` (free) and `hold` (held by open orders and
 * pending transfers) — free versus held natively, no need to derive it from open orders. A currency can have
 * more than one account (a vault beside the trading wallet), so balances are summed per currency. Funds in
 * a vault cannot be sold from the trading account: they count toward the total, never toward free.
 */

/** Coinbase's account type of a vault (withdrawal-delayed storage). */
const VAULT = 'ACCOUNT_TYPE_VAULT';

/** The contract balances of a list of accounts: one per currency, non-zero totals only, assets as Coinbase names them. */
export function balancesFromAccounts(accounts: readonly WireAccount[]): Balance[] {
  const byCurrency = new Map<string, { free: number[]; total: number[] }>();
  for (const account of accounts) {
    const entry = byCurrency.get(account.currency) ?? { free: [], total: [] };
    const available = account.available_balance.value;
    const held = account.hold?.value ?? 0;
    entry.total.push(available, held);
    if (account.type !== VAULT) entry.free.push(available);
    byCurrency.set(account.currency, entry);
  }
  const balances: Balance[] = [];
  for (const [asset, entry] of byCurrency) {
    const total = sumDecimals(entry.total);
    if (total <= 0) continue;
    balances.push({ asset, total, free: Math.min(total, sumDecimals(entry.free)) });
  }
  return balances.sort((a, b) => a.asset.localeCompare(b.asset));
}
