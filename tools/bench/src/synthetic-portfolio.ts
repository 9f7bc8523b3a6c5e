import { DEFAULT_CASH_ASSETS, userOwner, type AccountSnapshot, type Holding, type MarketRules, type OpenOrder, type OwnerId, type PlannerSettings, type PortfolioSnapshot } from '@forced-cleanup/contract';
import { seededRandom, type Random } from './prng.js';

/*
 * Synthetic portfolios for the planner benchmark: many owners, each with a few accounts and a fixed number of
 * positions, in proportions a platform sees (a third dust, most of the rest above the cap, a few unpriced,
 * stuck or protected, a tenth with open orders). Deterministic for a seed, so the figures of two runs are of
 * the same work.
 */

/** What to generate. */
export interface SyntheticPortfolioOptions {
  /** Owners (each a user). */
  readonly owners: number;
  /** Positions of each owner, spread evenly over its accounts. */
  readonly positionsPerOwner: number;
  /** Accounts of each owner (one per exchange). */
  readonly accountsPerOwner: number;
  /** Share of positions with open orders, in [0, 1]. */
  readonly openOrderShare: number;
  /** The seed of the generator. */
  readonly seed: number;
}

/** The default shape of the issue: 50 positions per owner on two exchanges, a tenth with open orders. */
export const ISSUE_SHAPE = { positionsPerOwner: 50, accountsPerOwner: 2, openOrderShare: 0.1, seed: 8 } as const;

/** The kinds a position is generated as (what the planner should classify it as). */
export type SyntheticKind = 'dust' | 'counted' | 'unpriced' | 'stuck' | 'protected';

/** A generated portfolio with the settings to plan it with. */
export interface SyntheticPortfolio {
  readonly snapshot: PortfolioSnapshot;
  readonly settings: PlannerSettings;
  /** Every holding of every account. */
  readonly positions: number;
  /** Open orders over all accounts. */
  readonly openOrders: number;
  /** How many positions were generated as each kind. */
  readonly kinds: Readonly<Record<SyntheticKind, number>>;
}

/** Share of each kind, in the order they are drawn; `counted` takes what is left. */
const KIND_SHARES: ReadonlyArray<readonly [SyntheticKind, number]> = [
  ['dust', 0.3],
  ['unpriced', 0.03],
  ['stuck', 0.04],
  ['protected', 0.02],
];

/** Size of the asset universe: an account holds a slice of it, as real accounts hold a few of many coins. */
const ASSET_UNIVERSE = 1_000;
const QUOTES = ['USD', 'USDC', 'USDT'] as const;
const BROKERS = ['coinbase', 'kraken', 'binance', 'paper'] as const;
const EPOCH_2023_MS = Date.UTC(2023, 0, 1);

/**
 * The text as a flat string, as JSON.parse gives it. Strings built by concatenation are ropes in V8, whose
 * hashing and comparison cost more: a snapshot read from an exchange or a config file has none, and the
 * planner should be measured on what it will really get.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function assetName(index: number): string {
  return `C${String(index).padStart(4, '0')}`;
}

/** One market per asset, shared by every account (as the planner only reads them). */
function buildMarkets(): { sellable: MarketRules[]; strict: MarketRules[] } {
  const sellable: MarketRules[] = [];
  const strict: MarketRules[] = [];
  for (let i = 0; i < ASSET_UNIVERSE; i++) {
    const base = assetName(i);
    const quote = QUOTES[i % QUOTES.length]!;
    const symbol = `${base}-${quote}`;
    // A sellable market lets dust go; a strict one's minimum notional makes small positions stuck.
    sellable.push({ symbol, base, quote, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 0.01 });
    strict.push({ symbol, base, quote, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 });
  }
  return { sellable, strict };
}

function drawKind(random: Random): SyntheticKind {
  let roll = random.next();
  for (const [kind, share] of KIND_SHARES) {
    if (roll < share) return kind;
    roll -= share;
  }
  return 'counted';
}

function openedAt(random: Random): string | null {
  if (random.chance(0.2)) return null;
  return new Date(EPOCH_2023_MS + random.below(700 * 86_400) * 1000).toISOString();
}

interface AccountBuild {
  readonly holdings: Holding[];
  readonly openOrders: OpenOrder[];
  readonly protectedAssets: string[];
}

/** One holding of `kind` in `asset`, and its open orders (pushed onto `build`). */
function addPosition(build: AccountBuild, kind: SyntheticKind, assetIndex: number, accountId: string, owner: OwnerId, markets: ReturnType<typeof buildMarkets>, random: Random, openOrderShare: number, orderSeq: { next: number }): void {
  const asset = assetName(assetIndex);
  let market = markets.sellable[assetIndex]!;
  let priceUsd: number | null = 0.5 + random.next() * 100;
  let usd: number;
  switch (kind) {
    case 'dust':
      usd = 0.02 + random.next() * 0.95;
      break;
    case 'stuck':
      market = markets.strict[assetIndex]!;
      usd = 0.05 + random.next() * 0.9;
      break;
    case 'unpriced':
      priceUsd = random.chance(0.5) ? null : 0;
      usd = 10;
      break;
    default:
      usd = 5 + random.next() * 5_000;
  }
  const quantity = priceUsd ? usd / priceUsd : 100;
  const entryPrice = random.chance(0.7) && priceUsd ? priceUsd * (0.6 + random.next() * 0.8) : null;
  if (kind === 'protected') build.protectedAssets.push(asset);
  let held = 0;
  if (random.chance(openOrderShare)) {
    const orders = random.chance(0.2) ? 2 : 1;
    for (let k = 0; k < orders; k++) {
      const orderQuantity = quantity / 4;
      held += orderQuantity;
      build.openOrders.push({
        id: `o${orderSeq.next++}`,
        symbol: market.symbol,
        base: asset,
        quote: market.quote,
        side: 'sell',
        quantity: orderQuantity,
        price: (priceUsd ?? 1) * 1.5,
        clientOrderId: null,
      });
    }
  }
  build.holdings.push({
    accountId,
    owner,
    asset,
    quantity,
    free: quantity - held,
    symbol: market.symbol,
    priceUsd,
    market,
    entryPrice,
    openedAt: openedAt(random),
  });
}

/**
 * Generates a portfolio of `owners × positionsPerOwner` positions. Accounts of one owner hold distinct
 * slices of the asset universe; every fifth owner has a cap override, every owner protects the assets of the
 * positions drawn as protected, and one account in four can convert dust.
 */
export function syntheticPortfolio(options: SyntheticPortfolioOptions): SyntheticPortfolio {
  const random = seededRandom(options.seed);
  const markets = buildMarkets();
  const accounts: AccountSnapshot[] = [];
  const protect: Record<string, string[]> = {};
  const maxPositionsByOwner: Record<string, number> = {};
  const kinds: Record<SyntheticKind, number> = { dust: 0, counted: 0, unpriced: 0, stuck: 0, protected: 0 };
  const orderSeq = { next: 1 };
  let openOrders = 0;
  const perAccount = Math.ceil(options.positionsPerOwner / options.accountsPerOwner);
  for (let o = 0; o < options.owners; o++) {
    const owner = flat(userOwner(`u${String(o).padStart(6, '0')}`));
    if (o % 5 === 0) maxPositionsByOwner[owner] = 4 + (o % 13);
    let remaining = options.positionsPerOwner;
    for (let a = 0; a < options.accountsPerOwner; a++) {
      const broker = BROKERS[(o + a) % BROKERS.length]!;
      const accountId = flat(`u${String(o).padStart(6, '0')}_${broker}_${a}`);
      const count = Math.min(perAccount, remaining);
      remaining -= count;
      const build: AccountBuild = { holdings: [], openOrders: [], protectedAssets: [] };
      const start = random.below(ASSET_UNIVERSE);
      for (let p = 0; p < count; p++) {
        const kind = drawKind(random);
        kinds[kind]++;
        addPosition(build, kind, (start + p) % ASSET_UNIVERSE, accountId, owner, markets, random, options.openOrderShare, orderSeq);
      }
      // Sorted by asset, as the engine's snapshots are (core's buildAccountSnapshot sorts them).
      build.holdings.sort((x, y) => (x.asset < y.asset ? -1 : x.asset > y.asset ? 1 : 0));
      if (build.protectedAssets.length > 0) (protect[owner] ??= []).push(...build.protectedAssets);
      openOrders += build.openOrders.length;
      accounts.push({
        readable: true,
        accountId,
        owner,
        broker,
        holdings: build.holdings,
        openOrders: build.openOrders,
        capabilities: { dustConversion: broker === 'binance' },
      });
    }
  }
  return {
    snapshot: { takenAt: '2025-01-01T00:00:00.000Z', accounts },
    settings: { dustThresholdUsd: 1, maxPositions: 8, maxPositionsByOwner, cashAssets: [...DEFAULT_CASH_ASSETS], protect },
    positions: options.owners * options.positionsPerOwner,
    openOrders,
    kinds,
  };
}
