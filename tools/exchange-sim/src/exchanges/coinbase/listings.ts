import { FragmentCache, jsonArray } from '../../server/fragment-cache.js';
import { jsonTextResponse, type SimResponse } from '../../server/protocol.js';
import type { BalanceView } from '../../state/ledger.js';
import type { SimMarket } from '../../state/schema.js';
import { accountView, productView } from './wire.js';

/**
 * Coinbase's two big listings — `accounts` and `products` — written from per-item JSON that is remembered
 * while the item's inputs stay the same (see {@link FragmentCache}). A client lists both a few times per
 * run and most balances and markets have not changed in between; the bytes sent are exactly those of
 * `JSON.stringify` over the full views.
 */

/** `{"<key>":[items],<rest of tail>}` — a list first, then the small fields, as Coinbase orders them. */
function listFirst(key: string, items: readonly string[], tail: Record<string, unknown>): string {
  return `{${JSON.stringify(key)}:${jsonArray(items)},${JSON.stringify(tail).slice(1)}`;
}

/** The listings of one sim (each sim has its own state, so its own remembered items). */
export class CoinbaseListings {
  private readonly accounts = new FragmentCache();
  private readonly products = new FragmentCache();

  /** One page of `GET /brokerage/accounts`. */
  accountsPage(page: ReadonlyArray<readonly [string, BalanceView]>, hasNext: boolean, cursor: string): SimResponse {
    const items = page.map(([asset, balance]) => this.accounts.json(asset, [balance.free, balance.held], () => JSON.stringify(accountView(asset, balance))));
    return jsonTextResponse(200, listFirst('accounts', items, { has_next: hasNext, cursor, size: page.length }));
  }

  /** `GET /brokerage/products`: every market, in the state's order. */
  productList(markets: Readonly<Record<string, SimMarket>>): SimResponse {
    const items = Object.entries(markets).map(([symbol, market]) =>
      this.products.json(symbol, [market.price, market.minQuantity, market.quantityStep, market.minNotional], () => JSON.stringify(productView(symbol, market))),
    );
    return jsonTextResponse(200, listFirst('products', items, { num_products: items.length }));
  }
}
