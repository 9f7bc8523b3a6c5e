import type { BrokerConnection, DustConversionReport } from '@forced-cleanup/contract';

/*
 * For harnesses whose broker fixes its misbehaviour when it connects (the paper broker's `faults:` list, a
 * client built with a given key): the suite holds one connection for a whole case, so the harness hands it
 * this forwarder and, to inject or clear a fault, connects again to the same exchange and switches.
 */

/** A connection that forwards to whichever connection is current, and the lever that switches it. */
export interface SwitchableConnection {
  /** What the suite holds: every call goes to the current connection, unchanged. */
  readonly connection: BrokerConnection;
  /** The connection calls go to now. */
  current(): BrokerConnection;
  /** Makes `next` current and closes the previous one (calls already under way finish on it). */
  switchTo(next: BrokerConnection): Promise<void>;
  /** Closes the current connection. */
  close(): Promise<void>;
}

/**
 * Wraps `initial`. `capabilities` and `rateLimit` are read from the current connection at each access;
 * `convertDust` exists when `initial` has it (a broker's shape does not change with its faults).
 */
export function switchableConnection(initial: BrokerConnection): SwitchableConnection {
  let current = initial;
  const connection: BrokerConnection = {
    get capabilities() {
      return current.capabilities;
    },
    get rateLimit() {
      return current.rateLimit;
    },
    fetchBalances: (signal) => current.fetchBalances(signal),
    fetchMarkets: (signal) => current.fetchMarkets(signal),
    fetchPrices: (symbols, signal) => current.fetchPrices(symbols, signal),
    fetchOpenOrders: (signal) => current.fetchOpenOrders(signal),
    cancelOrder: (order, signal) => current.cancelOrder(order, signal),
    placeMarketSell: (request, signal) => current.placeMarketSell(request, signal),
    lookupOrder: (lookup, signal) => current.lookupOrder(lookup, signal),
    close: () => current.close?.() ?? Promise.resolve(),
  };
  if (initial.convertDust !== undefined) {
    connection.convertDust = (assets: readonly string[], signal: AbortSignal): Promise<DustConversionReport> => {
      const target = current;
      if (target.convertDust === undefined) return Promise.reject(new TypeError('the current connection has no convertDust'));
      return target.convertDust(assets, signal);
    };
  }
  return {
    connection,
    current: () => current,
    async switchTo(next) {
      const previous = current;
      current = next;
      if (previous !== next) await previous.close?.();
    },
    close: () => current.close?.() ?? Promise.resolve(),
  };
}
