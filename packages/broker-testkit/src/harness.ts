import type { BrokerConnection } from '@forced-cleanup/contract';
import type { ConformanceScenario } from './scenario.js';

/*
 * What a broker's test file gives the conformance suite: a way to stand up its exchange in a given state,
 * connected, and a few levers on that exchange. The suite drives the broker only through the contract's
 * BrokerConnection; the levers exist so that it can make the exchange misbehave and watch what reaches it.
 */

/**
 * A way the exchange misbehaves, from the moment it is injected until `clear()`:
 * - `rate_limit`: the exchange answers "too many requests" (HTTP 429, Binance -1003, Kraken EAPI:Rate limit);
 * - `server_error`: the exchange is down (HTTP 5xx);
 * - `malformed_response`: the exchange answers something that is not its documented shape (truncated
 *   JSON, wrong types);
 * - `bad_credentials`: the exchange rejects this connection's credentials (a revoked or mistyped key).
 *
 * In every case the exchange refuses the request before doing anything: no order is placed or cancelled.
 * With `tools/exchange-sim` these are its `http_429`, `http_5xx` and `malformed_json` faults, and for
 * `bad_credentials` the removal of the key from `sim.state.credentials` (restored by `clear()`).
 */
export type HarnessFaultKind = 'rate_limit' | 'server_error' | 'malformed_response' | 'bad_credentials';

/** Every fault kind, in the order the suite documents them. */
export const HARNESS_FAULT_KINDS: readonly HarnessFaultKind[] = ['rate_limit', 'server_error', 'malformed_response', 'bad_credentials'];

/** How a harness makes its exchange misbehave. */
export interface HarnessFaults {
  /**
   * Makes every following request fail with `kind` until {@link HarnessFaults.clear} (or, with `times`,
   * for that many requests). The suite injects persistent faults, so a broker that retries internally still
   * sees the fault and must report it rather than hang or guess.
   */
  inject(kind: HarnessFaultKind, options?: { readonly times?: number }): void | Promise<void>;
  /** Removes every injected fault: the exchange answers normally again. */
  clear(): void | Promise<void>;
}

/** What one request to the exchange did, as the exchange (not the broker) saw it. */
export interface HarnessRequest {
  /** `read` for anything that changes nothing; `other` for what the exchange could not classify. */
  readonly kind: 'read' | 'order_placing' | 'cancelling' | 'other';
}

/** The levers a harness gives the suite over its exchange. */
export interface HarnessControl {
  /**
   * Fault injection. Without it, the fault cases (`rateLimit`, `serverError`, `malformedResponse`,
   * `badCredentials`) fail unless they are skipped with a reason.
   */
  readonly faults?: HarnessFaults;
  /**
   * Every request the exchange received so far, oldest first (exchange-sim's `sim.requests`). Without it
   * the `requestLog` case fails unless it is skipped with a reason.
   */
  requests?(): readonly HarnessRequest[];
  /**
   * Every credential the connection holds (API key, secret, passphrase, PEM, …). No error may contain any
   * of them. A broker without credentials returns `[]` and skips the `secrets` case with a reason.
   */
  readonly secrets: readonly string[];
  /** Releases everything the harness started: the connection (`connection.close()`), servers, temp files. */
  close(): Promise<void>;
}

/** A connected broker over an exchange holding a scenario, and its levers. */
export interface BrokerHarness {
  /** The connection under test, connected the way the engine connects it (through the plugin). */
  readonly connection: BrokerConnection;
  readonly control: HarnessControl;
}

/**
 * Stands up a fresh exchange holding `scenario` and connects the broker to it. Called once per case; the
 * suite always calls `control.close()` afterwards, whether the case passed or not.
 *
 * A harness maps the scenario onto its exchange: cash → cash balances, each holding → a balance of its asset
 * and the market `<asset>-USD` with its price and rules, each open order → a resting limit order on
 * `<asset>-USD` (its id may change: see {@link ConformanceScenario}).
 */
export type HarnessFactory = (scenario: ConformanceScenario) => Promise<BrokerHarness>;
