import { malformed } from './errors.js';
import type { CallContext } from './call-context.js';
import type { CoinbaseRest } from './coinbase-client.js';
import { MAX_PAGES } from './cursor-pages.js';
import { ProductsPageSchema, type WireProduct } from './wire-schemas.js';

/*
 * Products are paged by offset, not cursor: the library asks for 999 at a time and `num_products` is the
 * total. Coinbase lists more products every year, so the listing goes on while the total says there are
 * more — and stops when a page brings nothing new (a server that ignores `offset` must not loop us).
 */

/** Every spot product, all pages. Must run inside {@link runInCall}: pages are read from the raw answers. */
export async function readAllProducts(rest: CoinbaseRest, call: CallContext): Promise<WireProduct[]> {
  const byId = new Map<string, WireProduct>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    await rest.product.getProducts({ product_type: 'SPOT', ...(byId.size === 0 ? {} : { offset: byId.size }) });
    const { products, num_products: total } = ProductsPageSchema.parse(call.lastBody);
    const before = byId.size;
    for (const product of products) byId.set(product.product_id, product);
    if (total === undefined || byId.size >= total || byId.size === before) return [...byId.values()];
  }
  throw malformed('fetchMarkets', `more than ${MAX_PAGES} pages of products`);
}
