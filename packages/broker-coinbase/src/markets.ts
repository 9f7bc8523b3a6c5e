import { symbolOf, type MarketRules } from '@forced-cleanup/contract';
import type { CoinbaseApi } from './coinbase-api.js';
import { MAX_PAGES } from './cursor-pages.js';
import { parseDecimal } from './decimal-text.js';
import { malformed } from './errors.js';
import { ProductsPageSchema, type WireProduct } from './wire-schemas.js';

/*
 * Coinbase products: one listing gives every market's rules and last price. Coinbase writes a rule that
 * does not apply as 0; the contract says null. A market where a market sell cannot go through (disabled,
 * cancel-only, limit-only, view-only, not spot) is left out of the markets: a position there has no market
 * to be sold through and is reported, never retried.
 *
 * Products are paged by offset, not cursor: the library asks for 999 at a time and `num_products` is the
 * total. The listing goes on while the total says there are more, and stops when a page brings nothing
 * new (a server that ignores `offset` must not loop us).
 */

/** Every spot product, all pages. */
export async function readAllProducts(api: CoinbaseApi, signal: AbortSignal): Promise<WireProduct[]> {
  const byId = new Map<string, WireProduct>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await api.listProducts({ product_type: 'SPOT', ...(byId.size === 0 ? {} : { offset: byId.size }) }, signal);
    const { products, num_products: total } = ProductsPageSchema.parse(answer);
    const before = byId.size;
    for (const product of products) byId.set(product.product_id, product);
    if (total === undefined || byId.size >= total || byId.size === before) return [...byId.values()];
  }
  throw malformed('fetchMarkets', `more than ${MAX_PAGES} pages of products`);
}

/** True when a market sell can be placed on the product. */
export function acceptsMarketSells(product: WireProduct): boolean {
  if (product.product_type !== undefined && product.product_type !== 'SPOT') return false;
  if (product.status !== undefined && product.status.toLowerCase() !== 'online') return false;
  return !(product.is_disabled || product.trading_disabled || product.cancel_only || product.limit_only || product.view_only);
}

/** True when the product id is the `BASE-QUOTE` of its currencies (the only form the contract can carry). */
function hasCanonicalSymbol(product: WireProduct): boolean {
  return product.product_id === symbolOf(product.base_currency_id, product.quote_currency_id) && !/\s/.test(product.product_id);
}

const ruleOrNull = (value: number): number | null => (value > 0 ? value : null);

/** The rules of every product a market sell can be placed on, by symbol order. */
export function marketsFromProducts(products: readonly WireProduct[]): MarketRules[] {
  return products
    .filter((product) => hasCanonicalSymbol(product) && acceptsMarketSells(product))
    .map((product) => ({
      symbol: product.product_id,
      base: product.base_currency_id,
      quote: product.quote_currency_id,
      minQuantity: ruleOrNull(product.base_min_size),
      quantityStep: ruleOrNull(product.base_increment),
      minNotional: ruleOrNull(product.quote_min_size),
    }))
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** A product's last price, or null when it has none that is usable (empty, zero, not a decimal). */
export function priceOf(product: WireProduct): number | null {
  const price = parseDecimal(product.price);
  return price !== null && price > 0 ? price : null;
}

/** Last prices of the asked symbols; null for an unknown symbol or one without a usable price. */
export function pricesFromProducts(products: readonly WireProduct[], symbols: readonly string[]): Record<string, number | null> {
  const bySymbol = new Map(products.map((product) => [product.product_id, product]));
  const prices: Record<string, number | null> = {};
  for (const symbol of symbols) {
    const product = bySymbol.get(symbol);
    prices[symbol] = product === undefined ? null : priceOf(product);
  }
  return prices;
}
