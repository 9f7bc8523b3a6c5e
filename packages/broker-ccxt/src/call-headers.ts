import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * The response headers of the request a call made, kept per call. ccxt keeps only the last response's
 * headers on the instance (`last_response_headers`); when calls of a connection run in parallel (Binance),
 * that may be another call's response by the time a failed call reads its `Retry-After`. ccxt hands every
 * raw response to `onRestResponse` inside the async context of the call that made the request, so an
 * AsyncLocalStorage slot opened around each call receives that call's own headers.
 */

/** A slot for the headers of the latest response a call received. */
interface HeaderSlot {
  headers: unknown;
}

/** Records response headers per call. */
export class CallHeaders {
  private readonly storage = new AsyncLocalStorage<HeaderSlot>();

  /** Runs `work` with its own header slot. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.storage.run({ headers: undefined }, work);
  }

  /** Records `headers` as the latest response of the call running now (outside any call: ignored). */
  record(headers: unknown): void {
    const slot = this.storage.getStore();
    if (slot !== undefined) slot.headers = headers;
  }

  /** The headers of the latest response the running call received; undefined when it received none. */
  current(): unknown {
    return this.storage.getStore()?.headers;
  }
}
