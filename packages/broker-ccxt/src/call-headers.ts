/*
 * The headers of the key's latest rate-limit answer, for the `Retry-After` of a rate-limited call. ccxt
 * keeps only the last response's headers on the instance (`last_response_headers`); when calls of a
 * connection run in parallel (Binance), that may be another call's successful response by the time a
 * rate-limited call reads it. Only rate-limit answers (HTTP 429 or 418) are kept here, so a success in
 * between cannot hide a `Retry-After`; any rate-limit answer of this key says how long the key must wait.
 *
 * (An AsyncLocalStorage slot per call would attribute headers exactly, but on Node 20 it turns on promise
 * hooks for the whole process and doubled the client's CPU per request in the multi-account benchmark.)
 */

/** How long a rate-limit answer's headers stay relevant to a failing call. */
const RELEVANT_MS = 60_000;

/** Remembers the key's latest rate-limit answer. */
export class CallHeaders {
  private latest: { headers: unknown; at: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a response; only rate-limit answers are kept. */
  record(status: number, headers: unknown): void {
    if (status === 429 || status === 418) this.latest = { headers, at: this.now() };
  }

  /** The headers of the key's latest rate-limit answer, if it is recent; undefined otherwise. */
  current(): unknown {
    const latest = this.latest;
    return latest !== undefined && this.now() - latest.at <= RELEVANT_MS ? latest.headers : undefined;
  }
}
