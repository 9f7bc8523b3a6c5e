import {
  cleanupError,
  toErrorData,
  type BrokerConnection,
  type CleanupEvent,
  type RetrySettings,
} from '@forced-cleanup/contract';
import { mayRetry, retryDelayMs } from './retry-policy.js';
import { TokenBucket, abortableSleep } from './token-bucket.js';

/** How calls to one account's broker are made. */
export interface CallPolicy {
  readonly accountId: string;
  readonly retry: RetrySettings;
  /** A call not answered after this long is abandoned with a `timeout` error. */
  readonly callTimeoutMs: number;
  readonly emit: (event: CleanupEvent) => void;
  /** [0, 1) — injectable for tests. */
  readonly random?: () => number;
}

type Method = 'fetchBalances' | 'fetchMarkets' | 'fetchPrices' | 'fetchOpenOrders' | 'cancelOrder' | 'lookupOrder' | 'placeMarketSell' | 'convertDust';

/** Calls that are safe to repeat: reads, lookups, and cancels (a cancel of a gone order is `order_not_found`). */
const RETRIED: ReadonlySet<Method> = new Set(['fetchBalances', 'fetchMarkets', 'fetchPrices', 'fetchOpenOrders', 'cancelOrder', 'lookupOrder']);

/**
 * Wraps one account's broker connection: every call waits for the key's rate limit, runs under a timeout,
 * and — for reads, lookups and cancels only — is retried on retryable errors with backoff and jitter,
 * honouring `Retry-After`, within a bounded total. Order placement is made exactly once: an unclear
 * outcome is the caller's to resolve by looking the client order id up.
 */
export function resilientConnection(connection: BrokerConnection, policy: CallPolicy): BrokerConnection {
  const bucket = new TokenBucket(connection.rateLimit);
  const random = policy.random ?? Math.random;

  async function once<T>(method: Method, signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    await bucket.take(signal);
    // A ref'd timer, not AbortSignal.timeout(): that one is unref'd, and a call that never answers would
    // let the process exit in the middle of a run instead of timing out.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), policy.callTimeoutMs);
    const combined = AbortSignal.any([signal, timeout.signal]);
    try {
      return await raceAbort(call(combined), combined);
    } catch (error) {
      if (timeout.signal.aborted && !signal.aborted) {
        throw cleanupError('timeout', `${method} did not answer within ${policy.callTimeoutMs} ms`);
      }
      if (toErrorData(error).code === 'rate_limited') bucket.drain();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function call<T>(method: Method, signal: AbortSignal, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (!RETRIED.has(method)) return once(method, signal, run);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(method, signal, run);
      } catch (error) {
        const data = toErrorData(error);
        const delay = retryDelayMs(attempt, data, policy.retry, random);
        if (signal.aborted || !mayRetry(data, attempt, waited, delay, policy.retry)) throw error;
        policy.emit({ type: 'retrying', accountId: policy.accountId, call: method, attempt, delayMs: delay, error: data });
        await abortableSleep(delay, signal);
        waited += delay;
      }
    }
  }

  const wrapped: BrokerConnection = {
    capabilities: connection.capabilities,
    rateLimit: connection.rateLimit,
    fetchBalances: (signal) => call('fetchBalances', signal, (s) => connection.fetchBalances(s)),
    fetchMarkets: (signal) => call('fetchMarkets', signal, (s) => connection.fetchMarkets(s)),
    fetchPrices: (symbols, signal) => call('fetchPrices', signal, (s) => connection.fetchPrices(symbols, s)),
    fetchOpenOrders: (signal) => call('fetchOpenOrders', signal, (s) => connection.fetchOpenOrders(s)),
    cancelOrder: (order, signal) => call('cancelOrder', signal, (s) => connection.cancelOrder(order, s)),
    placeMarketSell: (request, signal) => call('placeMarketSell', signal, (s) => connection.placeMarketSell(request, s)),
    lookupOrder: (lookup, signal) => call('lookupOrder', signal, (s) => connection.lookupOrder(lookup, s)),
    close: () => connection.close?.() ?? Promise.resolve(),
  };
  if (connection.convertDust) {
    const convert = connection.convertDust.bind(connection);
    wrapped.convertDust = (assets, signal) => call('convertDust', signal, (s) => convert(assets, s));
  }
  return wrapped;
}

/** A plugin that ignores its signal must not hang the run: the abort wins the race. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cleanupError('aborted', 'aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cleanupError('aborted', 'aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
