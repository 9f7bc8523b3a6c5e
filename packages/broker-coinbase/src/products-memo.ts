import type { WireProduct } from './wire-schemas.js';

/*
 * An account read asks for markets, then (once balances and open orders are in) for the prices of the
 * markets held. On Coinbase both come from the same `products` listing, so reading it twice per account
 * read is a wasted request on every account. The listing read for the markets is kept for the price read
 * that follows it — once, and only while it is young, so that the prices a run plans on are never older
 * than the read they belong to. Any later price read (a retry, the final re-read without markets) lists
 * the products afresh.
 */

/** How long a products listing read for the markets may stand in for the prices that follow it. */
export const PRODUCTS_REUSE_MS = 10_000;

/** The products listing of the last market read, handed once to the price read that follows it. */
export class ProductsMemo {
  private kept: { readonly products: readonly WireProduct[]; readonly readAtMs: number } | null = null;

  constructor(
    private readonly now: () => number,
    private readonly maxAgeMs: number = PRODUCTS_REUSE_MS,
  ) {}

  /** Keeps `products`, read just now for the markets. */
  keep(products: readonly WireProduct[]): void {
    this.kept = { products, readAtMs: this.now() };
  }

  /** The kept listing when it is at most `maxAgeMs` old (and forgets it either way); null otherwise. */
  take(): readonly WireProduct[] | null {
    const kept = this.kept;
    this.kept = null;
    if (kept === null) return null;
    const ageMs = this.now() - kept.readAtMs;
    // A clock that went backwards says nothing about age: read afresh.
    return ageMs >= 0 && ageMs <= this.maxAgeMs ? kept.products : null;
  }
}
