import { FragmentCache, jsonArray, jsonWithLastKey } from '../../server/fragment-cache.js';
import { jsonResponse, jsonTextResponse, type SimResponse } from '../../server/protocol.js';
import { fixed } from '../../state/decimal.js';
import type { BalanceView } from '../../state/ledger.js';
import type { SimMarket, SimState } from '../../state/schema.js';
import { binanceSymbol, symbolInfoView, tickDecimalsOf, ticker24hPriceView, ticker24hTimeView } from './wire.js';

/**
 * Binance's big listings — `exchangeInfo`, `ticker/24hr`, `ticker/price`, the account's balances — written
 * from per-item JSON that is remembered while the item's inputs stay the same (see {@link FragmentCache}).
 * A client reads each of them a few times per run, and most markets and balances have not changed in
 * between; the bytes sent are exactly those of `JSON.stringify` over the full views.
 */

const NO_MARKET: SimMarket = { price: null, minQuantity: null, quantityStep: null, minNotional: null };

const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

/**
 * `exchangeInfo` items of every sim of the process: an item is a pure function of the symbol and the inputs
 * below, and sims of the same markets (many accounts of one exchange) mostly have the same rules.
 */
const symbolInfos = new FragmentCache();

/** What an `exchangeInfo` item is made from (the price only through its tick size). */
function symbolInfoInputs(market: SimMarket): unknown[] {
  return [tickDecimalsOf(market), market.minQuantity, market.quantityStep, market.minNotional];
}

/** The listings of one sim (each sim has its own state, so its own remembered prices and balances). */
export class BinanceListings {
  private readonly tickerHeads = new FragmentCache();
  private readonly balances = new FragmentCache();

  constructor(private readonly state: SimState) {}

  /** `GET /api/v3/exchangeInfo` for the given (existing) neutral symbols. */
  exchangeInfo(symbols: readonly string[], now: number): SimResponse {
    const items = symbols.map((symbol) => {
      const market = this.state.markets[symbol] ?? NO_MARKET;
      return symbolInfos.json(symbol, symbolInfoInputs(market), () => JSON.stringify(symbolInfoView(symbol, market)));
    });
    const body = jsonWithLastKey({ timezone: 'UTC', serverTime: now, rateLimits: RATE_LIMITS, exchangeFilters: [] }, 'symbols', jsonArray(items));
    return jsonTextResponse(200, body);
  }

  /** `GET /api/v3/ticker/24hr`: one entry (`single`, the `symbol` parameter) or a list. */
  tickers24h(symbols: readonly string[], single: boolean, now: number): SimResponse {
    const times = JSON.stringify(ticker24hTimeView(now)).slice(1);
    const items: string[] = [];
    for (const symbol of symbols) {
      const market = this.state.markets[symbol];
      if (!market) continue;
      // The price part, remembered, without its closing brace; the time fields change on every call.
      const head = this.tickerHeads.json(symbol, [market.price], () => JSON.stringify(ticker24hPriceView(symbol, market)).slice(0, -1));
      items.push(`${head},${times}`);
    }
    return jsonTextResponse(200, single ? (items[0] ?? 'null') : jsonArray(items));
  }

  /** `GET /api/v3/ticker/price`: one entry or a list (small: built directly). */
  tickerPrices(symbols: readonly string[], single: boolean): SimResponse {
    const views = symbols.flatMap((symbol) => {
      const market = this.state.markets[symbol];
      return market ? [{ symbol: binanceSymbol(symbol), price: fixed(market.price ?? 0, 8) }] : [];
    });
    return jsonResponse(200, single ? views[0] : views);
  }

  /** `GET /api/v3/account`, with its balances (already filtered) in the state's order. */
  account(balances: ReadonlyArray<readonly [string, BalanceView]>, now: number): SimResponse {
    const items = balances.map(([asset, balance]) =>
      this.balances.json(asset, [balance.free, balance.held], () => JSON.stringify({ asset, free: fixed(balance.free, 8), locked: fixed(balance.held, 8) })),
    );
    const head = {
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: now,
      accountType: 'SPOT',
    };
    const body = `${jsonWithLastKey(head, 'balances', jsonArray(items)).slice(0, -1)},"permissions":["SPOT"],"uid":354937868}`;
    return jsonTextResponse(200, body);
  }
}
