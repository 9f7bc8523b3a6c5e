import type {
  Balance,
  BrokerCapabilities,
  BrokerConnection,
  MarketRules,
  MarketSellRequest,
  OpenOrder,
  OrderLookup,
  OrderReport,
  RateLimit,
} from '@forced-cleanup/contract';
import { cleanupError } from '@forced-cleanup/contract';
import { abortableDelay, throwIfAborted } from './abort.js';
import { balancesOf, marketsOf, openOrdersOf, pricesOf } from './exchange-view.js';
import { FaultCounter, fillRatioOf, runWithFault, type ArmedFault } from './fault-injector.js';
import { executeMarketSell, findOrder } from './market-sell.js';
import type { PAPER_CALL_NAMES, PaperFault } from './paper-faults.js';
import type { PaperState } from './paper-state.js';
import type { PaperStateStore } from './paper-state-store.js';

/** What the paper exchange can do: no dust conversion; lookups by client order id; held funds reported. */
export const PAPER_CAPABILITIES: BrokerCapabilities = Object.freeze({
  dustConversion: false,
  lookupByClientOrderId: true,
  nativeFreeBalance: true,
});

/** A budget no run reaches: the paper exchange is local and has no limit of its own. */
export const PAPER_RATE_LIMIT: RateLimit = Object.freeze({ requestsPerSecond: 1000, burst: 1000 });

/** The name of every call, as the single {@link PaperConnection} `call` wrapper sees it. */
export type PaperCallName = (typeof PAPER_CALL_NAMES)[number];

/** How a connection behaves beyond its state file. */
export interface PaperConnectionSettings {
  /** Milliseconds added to every call. */
  readonly latencyMs: number;
  /** The time stamped on fills (ISO 8601); the wall clock unless a test or demo pins it. */
  readonly now?: () => string;
  /** Injected faults (the account's `paper.faults`), checked in order; none by default. */
  readonly faults?: readonly PaperFault[];
}

/**
 * One connected paper account. Every call goes through {@link PaperConnection.call}, where it is counted
 * for fault injection, latency is applied and the AbortSignal is checked; every call re-reads the state
 * file, which is the exchange's server state.
 */
export class PaperConnection implements BrokerConnection {
  readonly capabilities = PAPER_CAPABILITIES;
  readonly rateLimit = PAPER_RATE_LIMIT;
  private readonly latencyMs: number;
  private readonly now: () => string;
  /** Call counts live here, in memory: a new connection (and a new process) starts from zero. */
  private readonly faults: FaultCounter;

  /**
   * @param store the account's state file
   * @param settings latency, clock and injected faults
   */
  constructor(
    private readonly store: PaperStateStore,
    settings: PaperConnectionSettings,
  ) {
    this.latencyMs = settings.latencyMs;
    this.now = settings.now ?? (() => new Date().toISOString());
    this.faults = new FaultCounter(settings.faults ?? []);
  }

  /** All non-zero balances; open orders hold funds (sells their base, buys quote cash). */
  fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    return this.read('fetchBalances', signal, balancesOf);
  }

  /** Every market of positions, `markets` and open orders, with its rules (null where none is given). */
  fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    return this.read('fetchMarkets', signal, marketsOf);
  }

  /** The position's price for each symbol when usable, else null (unpriced or unknown symbol). */
  fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>> {
    return this.read('fetchPrices', signal, (state) => pricesOf(state, symbols));
  }

  /** Every open order. */
  fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    return this.read('fetchOpenOrders', signal, openOrdersOf);
  }

  /** Removes an open order by id (the symbol is not needed); `order_not_found` when there is none. */
  cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    return this.call('cancelOrder', signal, () =>
      this.store.update(signal, 'cancelOrder', (state) => {
        const openOrders = state.openOrders.filter((candidate) => candidate.id !== order.id);
        if (openOrders.length === state.openOrders.length) {
          throw cleanupError('order_not_found', `no open paper order ${order.id} (already filled, cancelled, or never placed)`);
        }
        return { next: { ...state, openOrders }, result: undefined };
      }),
    );
  }

  /**
   * Sells at the position's price, filling in full (or in part under a `partial_fill` fault); see
   * `executeMarketSell` for every rejection.
   */
  placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport> {
    return this.call('placeMarketSell', signal, (armed) =>
      this.store.update(signal, 'placeMarketSell', (state) => executeMarketSell(state, request, this.now(), fillRatioOf(armed))),
    );
  }

  /** The order placed with this client order id (and order id, when given); null when none exists. */
  lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    return this.read('lookupOrder', signal, (state) => findOrder(state, lookup));
  }

  /** Nothing to release: no socket, no timer outlives a call. */
  async close(): Promise<void> {}

  /** A read-only call: the answer is computed from a fresh read and dropped if the caller aborted meanwhile. */
  private read<T>(name: PaperCallName, signal: AbortSignal, view: (state: PaperState) => T): Promise<T> {
    return this.call(name, signal, async () => {
      const state = await this.store.read();
      throwIfAborted(signal, name);
      return view(state);
    });
  }

  /**
   * The one door every call goes through: count the call and pick its fault, abort check, latency, abort
   * check, then the work under its fault. The fault is picked on entry so that an aborted call still
   * counts (the nth call is the nth invocation); it acts only after the latency, when the call would
   * reach the exchange. Internal state reads never pass here, so faults only ever hit contract calls.
   */
  private async call<T>(name: PaperCallName, signal: AbortSignal, work: (armed: ArmedFault | null) => Promise<T>): Promise<T> {
    const armed = this.faults.count(name);
    throwIfAborted(signal, name);
    await abortableDelay(this.latencyMs, signal, name);
    throwIfAborted(signal, name);
    return runWithFault(armed, signal, () => work(armed));
  }
}
