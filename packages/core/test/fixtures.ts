/**
 * Builders of snapshots, settings and policies for the planner's tests. They build plain contract data:
 * the tests run the real planner on it, nothing is mocked.
 */
import {
  DEFAULT_CASH_ASSETS,
  type AccountSnapshot,
  type Holding,
  type MarketRules,
  type OpenOrder,
  type OpenOrderMode,
  type OpenOrderPolicy,
  type OwnerId,
  type PlannerSettings,
  type PortfolioSnapshot,
  type ReadableAccountSnapshot,
} from '@forced-cleanup/contract';
import { parseCancelConditions } from '../src/index.js';

/** A market with no minimums unless given. */
export function market(base: string, quote = 'USD', rules: Partial<MarketRules> = {}): MarketRules {
  return { symbol: `${base}-${quote}`, base, quote, minQuantity: null, quantityStep: null, minNotional: null, ...rules };
}

/** The parts of a holding a test cares about; the rest gets defaults. */
export interface HoldingSpec {
  asset: string;
  /** USD value: the holding gets quantity 1 and this price unless `quantity`/`priceUsd` are given. */
  usd?: number;
  quantity?: number;
  priceUsd?: number | null;
  entryPrice?: number | null;
  openedAt?: string | null;
  market?: MarketRules | null;
  symbol?: string | null;
}

/** A holding of `accountId`/`owner`, sold through `<asset>-USD` unless told otherwise. */
export function holding(accountId: string, owner: OwnerId, spec: HoldingSpec): Holding {
  const quantity = spec.quantity ?? 1;
  const priceUsd = spec.priceUsd !== undefined ? spec.priceUsd : spec.usd !== undefined ? spec.usd / quantity : null;
  const rules = spec.market !== undefined ? spec.market : market(spec.asset);
  return {
    accountId,
    owner,
    asset: spec.asset,
    quantity,
    free: quantity,
    symbol: spec.symbol !== undefined ? spec.symbol : (rules?.symbol ?? null),
    priceUsd,
    market: rules,
    entryPrice: spec.entryPrice ?? null,
    openedAt: spec.openedAt ?? null,
  };
}

/** An open order trading `base`. */
export function order(id: string, base: string, quote = 'USD'): OpenOrder {
  return { id, symbol: `${base}-${quote}`, base, quote, side: 'sell', quantity: 1, price: 100, clientOrderId: null };
}

/** A readable account. */
export function account(
  accountId: string,
  owner: OwnerId,
  specs: readonly HoldingSpec[],
  options: { openOrders?: OpenOrder[]; dustConversion?: boolean; broker?: string } = {},
): ReadableAccountSnapshot {
  return {
    readable: true,
    accountId,
    owner,
    broker: options.broker ?? 'paper',
    holdings: specs.map((spec) => holding(accountId, owner, spec)),
    openOrders: options.openOrders ?? [],
    capabilities: { dustConversion: options.dustConversion ?? false },
  };
}

/** An account whose read failed. */
export function unreadableAccount(accountId: string, owner: OwnerId, message = 'connection refused'): AccountSnapshot {
  return { readable: false, accountId, owner, broker: 'paper', error: { code: 'network', message, retryable: true } };
}

/** A snapshot of the given accounts. */
export function snapshot(...accounts: AccountSnapshot[]): PortfolioSnapshot {
  return { takenAt: '2026-02-01T00:00:00Z', accounts };
}

/** Planner settings with the product's defaults ($1 dust, cap 8). */
export function settings(overrides: Partial<PlannerSettings> = {}): PlannerSettings {
  return {
    dustThresholdUsd: 1,
    maxPositions: 8,
    maxPositionsByOwner: {},
    cashAssets: [...DEFAULT_CASH_ASSETS],
    protect: {},
    ...overrides,
  };
}

/** A policy of the given mode; `selective` takes its conditions text. */
export function policy(mode: OpenOrderMode, conditionsText?: string): OpenOrderPolicy {
  if (mode === 'selective') {
    const text = conditionsText ?? 'rank>max_positions';
    return { mode, conditions: parseCancelConditions(text), conditionsText: text };
  }
  return { mode, conditions: [], conditionsText: null };
}

/** `count` positions named `<prefix><n>` worth `usd(n)` each. */
export function many(prefix: string, count: number, usd: (n: number) => number): HoldingSpec[] {
  return Array.from({ length: count }, (_, n) => ({ asset: `${prefix}${n}`, usd: usd(n) }));
}
