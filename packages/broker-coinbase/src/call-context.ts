import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * coinbase-advanced-node's methods take no axios config, so there is no argument through which to hand a
 * request the caller's AbortSignal. Each BrokerConnection call therefore runs inside an AsyncLocalStorage
 * context; the axios interceptors (which run in that context) read the signal from it and leave behind
 * what the call needs afterwards: the raw body of the last answer (for cursors the library does not pass
 * on faithfully) and the last transport error (which the library can turn into a TypeError of its own).
 */

/** What one broker call shares with the interceptors of the requests it makes. */
export interface CallContext {
  /** The caller's signal: every request of the call is aborted with it. */
  readonly signal: AbortSignal;
  /** The parsed body of the most recent successful answer in this call. */
  lastBody: unknown;
  /** The most recent failed request's error in this call (already stripped of headers), if any. */
  transportError: unknown;
}

const storage = new AsyncLocalStorage<CallContext>();

/** Runs `body` as one broker call: requests made inside it carry `signal`. */
export function runInCall<T>(signal: AbortSignal, body: (context: CallContext) => Promise<T>): Promise<T> {
  const context: CallContext = { signal, lastBody: undefined, transportError: undefined };
  return storage.run(context, () => body(context));
}

/** The call the current request belongs to; undefined outside {@link runInCall}. */
export function currentCall(): CallContext | undefined {
  return storage.getStore();
}
