import { readPaperState, writePaperState, type PaperState } from '@forced-cleanup/broker-paper';

/**
 * The example bot's own exchange client: how it buys and rests orders on the paper exchange. The paper
 * exchange's broker plugin only sells (that is all a cleanup does), so the bot trades by changing the
 * exchange's state file, the way `readPaperState`/`writePaperState` are offered for ("another process
 * changed the exchange").
 *
 * Each method reads, changes and writes the file. A real exchange serialises orders on its server; a
 * state file cannot, so the bot never calls these while a cleanup run is in progress (`hook.running`).
 */
export class PaperExchangeClient {
  private orderNumber = 0;

  /** @param stateDir the hook's state directory (the paper exchange keeps its files there) */
  constructor(private readonly stateDir: string) {}

  /** The account's exchange state, or null before the exchange first opened it. */
  read(accountId: string): Promise<PaperState | null> {
    return readPaperState(this.stateDir, accountId);
  }

  /**
   * Market-buys `usd` worth of `asset` at `price`, paying USD cash. Returns the quantity bought, or null
   * when the account has not enough cash or already holds the asset (the bot opens new positions only).
   */
  async buy(accountId: string, asset: string, price: number, usd: number): Promise<number | null> {
    const state = await this.read(accountId);
    const cash = state?.cash['USD'] ?? 0;
    if (!state || cash < usd || state.positions.some((position) => position.symbol.startsWith(`${asset}-`))) return null;
    const quantity = Number((usd / price).toPrecision(10));
    await writePaperState(this.stateDir, accountId, {
      ...state,
      cash: { ...state.cash, USD: Number((cash - usd).toFixed(8)) },
      positions: [...state.positions, { symbol: `${asset}-USD`, quantity, price, entryPrice: null, openedAt: null }],
    });
    return quantity;
  }

  /** Rests a limit sell (a take-profit) on the whole position; it holds the quantity until cancelled. */
  async placeTakeProfit(accountId: string, asset: string, quantity: number, limitPrice: number): Promise<string | null> {
    const state = await this.read(accountId);
    if (!state) return null;
    const id = `tp-${accountId}-${asset}-${++this.orderNumber}`;
    await writePaperState(this.stateDir, accountId, {
      ...state,
      openOrders: [...state.openOrders, { id, symbol: `${asset}-USD`, side: 'sell', quantity, price: limitPrice, clientOrderId: null }],
    });
    return id;
  }

  /** Moves every priced position's price with `move` (the market ticking). */
  async movePrices(accountId: string, move: (asset: string, price: number) => number): Promise<void> {
    const state = await this.read(accountId);
    if (!state) return;
    const positions = state.positions.map((position) => {
      const price = position.price;
      if (price === null || price === undefined) return position;
      return { ...position, price: move(position.symbol.split('-')[0]!, price) };
    });
    await writePaperState(this.stateDir, accountId, { ...state, positions });
  }
}
