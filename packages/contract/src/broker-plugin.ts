import type { Balance } from './balance.js';
import type { AccountConfig } from './config.js';
import type { MarketRules } from './market.js';
import type { OpenOrder } from './open-order.js';
import type { DustConversionReport, MarketSellRequest, OrderLookup, OrderReport } from './order-report.js';

/**
 * What a broker declares it can do (like ccxt's `has`). The engine and planner read these instead of
 * guessing: e.g. stuck dust is converted only where `dustConversion` is true.
 */
export interface BrokerCapabilities {
  /** `convertDust` exists and works. */
  readonly dustConversion: boolean;
  /** `lookupOrder` can find an order by client order id alone (needed to resolve unclear outcomes). */
  readonly lookupByClientOrderId: boolean;
  /** `fetchBalances` reports held funds separately (`free` < `total`) natively, not derived from open orders. */
  readonly nativeFreeBalance: boolean;
}

/** The request budget of one API key, as the exchange documents it. */
export interface RateLimit {
  /** Sustained requests per second allowed on one key. */
  readonly requestsPerSecond: number;
  /** Requests that may be sent at once before the sustained rate applies. */
  readonly burst: number;
}

/** A logger: any object with pino-style methods. Plugins must never log a credential. */
export interface BrokerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Where a credential comes from, as named in the account config: an environment variable or a file.
 * Secrets are never written in the config itself.
 */
export interface SecretReference {
  /** Name of the environment variable holding it (e.g. from `apiKeyEnv`). */
  readonly env?: string | undefined;
  /** Path of a file holding it (e.g. from `apiKeyFile`), relative to the config file. */
  readonly file?: string | undefined;
}

/** Reads credentials for plugins, so every broker handles them the same way. */
export interface SecretReader {
  /**
   * The secret named by `reference` (a file's content is trimmed of surrounding whitespace). Throws
   * `invalid_config` naming the option (`label`, e.g. `apiSecret`) and the variable or file — never the
   * value — when it is missing or empty, or when both or neither of env and file are given.
   */
  read(label: string, reference: SecretReference): string;
}

/** What the engine gives a plugin when it connects an account. */
export interface BrokerContext {
  /** The state directory of the run (a plugin may keep files under `<stateDir>/<plugin name>/`). */
  readonly stateDir: string;
  /** The directory of the configuration file, for resolving relative paths (e.g. `apiKeyFile`). */
  readonly configDir: string;
  /** The environment, for `*Env` credentials. Never log it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where to log. */
  readonly logger: BrokerLogger;
  /** Reads the account's credentials (`*Env` / `*File` options). */
  readonly secrets: SecretReader;
}

/**
 * One connected account. Every async method takes an `AbortSignal` and rejects with a `CleanupError`
 * (code from the contract's error codes, `retryable` set) — never with a raw library error, which may
 * carry request headers. Every value returned is validated by the engine against the contract's schemas.
 */
export interface BrokerConnection {
  /** What this broker can do. */
  readonly capabilities: BrokerCapabilities;
  /** The request budget of this account's key. */
  readonly rateLimit: RateLimit;
  /** All non-zero balances (paged to the end), assets normalised (`XXBT` → `BTC`). */
  fetchBalances(signal: AbortSignal): Promise<Balance[]>;
  /** Every market with its rules, symbols in `BASE-QUOTE` form. */
  fetchMarkets(signal: AbortSignal): Promise<MarketRules[]>;
  /** Last prices of the given markets, in quote units; null for a market without a usable price. */
  fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>>;
  /** Every open order of the account, all markets, paged to the end. */
  fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]>;
  /** Cancels one order. Rejects with `order_not_found` when it is already gone. Order-cancelling. */
  cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void>;
  /**
   * Places a market sell. Order-placing: the engine never calls it twice for one client order id; on a
   * `timeout` or `network` error it resolves the outcome with {@link lookupOrder}. Rejects with
   * `below_minimum` when the exchange refuses the size, `insufficient_funds` when the quantity is not free.
   */
  placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport>;
  /** Finds an order placed earlier, by client order id (and order id when known); null when none exists. */
  lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null>;
  /** Converts stuck dust to the exchange's token, when `capabilities.dustConversion`. Order-placing. */
  convertDust?(assets: readonly string[], signal: AbortSignal): Promise<DustConversionReport>;
  /** Releases connections and timers. */
  close?(): Promise<void>;
}

/**
 * A broker plugin: the default export (or the `plugin` export) of a broker package.
 * A new exchange is a new package implementing this, with no change to the core, the CLI or the hook.
 */
export interface BrokerPlugin {
  /** The plugin's name, e.g. `paper`. */
  readonly name: string;
  /** Must equal the engine's `CONTRACT_VERSION`. */
  readonly contractVersion: number;
  /** Validates the account's options (rejecting with `invalid_config` naming the bad option) and connects. */
  connect(account: AccountConfig, context: BrokerContext, signal: AbortSignal): Promise<BrokerConnection>;
}
