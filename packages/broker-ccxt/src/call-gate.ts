import { cleanupError, type CleanupError } from '@forced-cleanup/contract';

/*
 * Every call of one connection passes through one gate. For an exchange whose private requests carry a
 * nonce (Kraken) the gate runs them one at a time, in the order made: Kraken rejects a nonce that is not
 * larger than the last one it accepted, and requests sent in parallel may arrive out of order (the engine
 * reads balances, markets and open orders at once). Where no nonce is involved (Binance signs a timestamp
 * checked against a window) calls run in parallel: a sell's request then need not wait for another
 * account call's round trip.
 *
 * ccxt takes no AbortSignal. An aborted call is rejected at once with `aborted`; if its request is already
 * on the wire it is left to finish (bounded by the ccxt timeout) — in one-at-a-time mode before the next
 * call starts, so that nonces stay in order.
 */

/** The rejection of a call whose AbortSignal fired. */
export function abortedError(exchange: string, operation: string): CleanupError {
  return cleanupError('aborted', `ccxt ${exchange} ${operation} aborted`);
}

/** How a gate runs the calls of one connection. */
export interface CallGateOptions {
  /** True: one at a time, in the order made (nonces); false: each call starts at once. Default true. */
  readonly oneAtATime?: boolean;
}

/** Runs the calls of one connection one at a time (or in parallel), honouring each call's AbortSignal. */
export class CallGate {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly oneAtATime: boolean;

  /** @param exchange the ccxt exchange id, for messages */
  constructor(
    private readonly exchange: string,
    options: CallGateOptions = {},
  ) {
    this.oneAtATime = options.oneAtATime ?? true;
  }

  /**
   * Runs `task` — one at a time: after every earlier call has settled — unless `signal` fires first: an
   * already-aborted signal rejects at once without queueing; one that fires while waiting rejects and the
   * task never starts; one that fires while the task runs rejects at once (the task's outcome is then
   * unknown).
   */
  run<T>(operation: string, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(abortedError(this.exchange, operation));
    if (!this.oneAtATime) return raceWithAbort(task(), signal, () => abortedError(this.exchange, operation));
    const previous = this.tail;
    const started = previous.then(() => {
      if (signal.aborted) throw abortedError(this.exchange, operation);
      return task();
    });
    // The next call waits for this one to settle, whatever its outcome.
    this.tail = started.then(
      () => undefined,
      () => undefined,
    );
    return raceWithAbort(started, signal, () => abortedError(this.exchange, operation));
  }
}

/** `promise`, or a rejection with `onAbort()` as soon as `signal` fires (leaving no listener behind). */
function raceWithAbort<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
