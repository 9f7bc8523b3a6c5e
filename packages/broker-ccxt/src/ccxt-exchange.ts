import type { RestResponseHook } from './response-guard.js';

/*
 * The part of a ccxt exchange instance this broker uses, declared here rather than imported from ccxt's
 * type files: ccxt is loaded lazily (its import costs ~0.4 s), and every value it returns is validated
 * with zod before use (`ccxt-shapes.ts`), so its results are typed `unknown` on purpose.
 */

/** A ccxt exchange instance, as far as this broker uses it. */
export interface CcxtExchange extends RestResponseHook {
  /** The exchange id, e.g. `binance`. */
  readonly id: string;
  /** Every API base URL, possibly nested (rewritten for `baseUrl`). */
  urls: { api: unknown; [key: string]: unknown };
  /** ccxt's minimum delay between two requests, in milliseconds. */
  readonly rateLimit: number;
  /** How `precision.amount` is expressed: 2 decimal places, 3 significant digits, 4 tick size. */
  readonly precisionMode: number;
  /** Which credentials the exchange needs (`apiKey`, `secret`, `password`, `uid`, …). */
  readonly requiredCredentials: Readonly<Record<string, boolean>>;
  /** What the exchange supports (`fetchTickers`, `fetchClosedOrders`, …). */
  readonly has: Readonly<Record<string, unknown>>;
  /** ccxt's pending or settled market load, which it reuses until a reload (reset after a failure). */
  marketsLoading?: unknown;
  /** The headers of the last response (ccxt capitalises their names). */
  readonly last_response_headers: unknown;
  /** The nonce of the next private request. Replaced for exchanges that need it strictly increasing. */
  nonce(): number;
  loadMarkets(reload?: boolean): Promise<Record<string, unknown>>;
  fetchBalance(): Promise<unknown>;
  fetchTickers(symbols?: string[]): Promise<unknown>;
  fetchTicker(symbol: string): Promise<unknown>;
  fetchOpenOrders(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<unknown>;
  fetchClosedOrders(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<unknown>;
  fetchOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<unknown>;
  createOrder(symbol: string, type: 'market', side: 'sell', amount: number, price?: number, params?: Record<string, unknown>): Promise<unknown>;
  cancelOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<unknown>;
  /** The amount rounded to the market's step (down, for every exchange); throws InvalidOrder when it rounds to 0. */
  amountToPrecision(symbol: string, amount: number): string;
  /** Releases websocket connections (REST-only use opens none, but it is harmless). */
  close?(): Promise<unknown>;
}

/** Binance's raw dust-conversion endpoints, as ccxt names them. */
export interface BinanceDustApi {
  /** `POST /sapi/v1/asset/dust-btc`: the assets that can be converted now. */
  sapiPostAssetDustBtc(params?: Record<string, unknown>): Promise<unknown>;
  /** `POST /sapi/v1/asset/dust`: converts the given assets to BNB. */
  sapiPostAssetDust(params: Record<string, unknown>): Promise<unknown>;
}

/** The constructor options this broker passes to a ccxt exchange. */
export interface CcxtExchangeConfig {
  apiKey: string;
  secret: string;
  password?: string;
  enableRateLimit: false;
  timeout: number;
  options?: Record<string, unknown>;
}

/** The lazily loaded ccxt module, as far as this broker uses it. */
export interface CcxtModule {
  /** Every exchange id ccxt supports. */
  readonly exchanges: readonly string[];
  /** The exchange classes, by id. */
  readonly [id: string]: unknown;
}

/** True when the exchange has the raw Binance dust-conversion methods. */
export function hasBinanceDustApi(exchange: object): exchange is BinanceDustApi {
  const candidate = exchange as Partial<Record<keyof BinanceDustApi, unknown>>;
  return typeof candidate.sapiPostAssetDustBtc === 'function' && typeof candidate.sapiPostAssetDust === 'function';
}
