/*
 * ccxt turns Binance's `exchangeInfo` into markets twice over: `fetchMarkets` parses every symbol, then
 * `setMarkets` builds the market table, the currencies and their indexes — ~1.5 ms per load for 50
 * symbols, ~100 ms for Binance's ~3,000, and every account does it at every read although every key of the
 * exchange gets the same answer. This memo parses an answer once per process: when an account's
 * `exchangeInfo` lists exactly the symbols an earlier answer listed (same exchange, same base URL; every
 * value compared, in order — only the `serverTime` beside them may differ, which ccxt does not read), the
 * account gets that answer's market state, handed over with ccxt's documented `setMarketsFromExchange`
 * (the way ccxt shares loaded markets between instances). A different answer is always parsed.
 *
 * Every account still sends its own `exchangeInfo` request (one per load, as before) and keeps its own
 * instance: only market data is shared — no credential, nonce or rate-limit state. ccxt replaces that
 * state at the next load instead of changing it, so sharing it cannot leak one account's load into another.
 *
 * The process keeps the latest answer of each base URL (at most 256), for as long as it runs: one copy of
 * the markets, where every account used to hold its own while it was connected.
 */

/** The instance fields `setMarkets` sets, which ccxt's `setMarketsFromExchange` copies. */
const MARKET_STATE_KEYS = ['markets', 'markets_by_id', 'symbols', 'ids', 'currencies', 'currencies_by_id', 'baseCurrencies', 'quoteCurrencies', 'codes'] as const;

/** A market state, shaped as the source exchange `setMarketsFromExchange` reads. */
type MarketState = { readonly id: string; readonly options: Record<string, unknown> } & Readonly<Record<(typeof MARKET_STATE_KEYS)[number], unknown>>;

/** One answer's parse. */
interface MemoEntry {
  /** The answer's `symbols`, as ccxt got them. */
  readonly symbols: readonly unknown[];
  /** ccxt's `fetchMarkets` result for them. */
  readonly parsed: readonly unknown[];
  /** What `setMarkets` made of them on an instance that had no markets yet (unset until one did). */
  state: MarketState | undefined;
}

/** True when two JSON values are the same: same types, same keys in the same order, same numbers (-0 is not 0). */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== otherKeys[i] || !sameJsonValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Parsed answers by scope (exchange id and base URL), the latest first; bounded. */
export class MarketsMemo {
  private readonly scopes = new Map<string, MemoEntry[]>();
  private readonly byParsed = new WeakMap<object, MemoEntry>();

  /**
   * @param limits how many scopes are kept (the oldest forgotten first) and how many answers per scope
   */
  constructor(private readonly limits: { readonly scopes: number; readonly answersPerScope: number } = { scopes: 256, answersPerScope: 1 }) {}

  /** The parse of an answer of `scope` whose `symbols` are exactly these, if one is remembered. */
  find(scope: string, symbols: readonly unknown[]): MemoEntry | undefined {
    return this.scopes.get(scope)?.find((entry) => sameJsonValue(entry.symbols, symbols));
  }

  /** Remembers ccxt's parse of an answer of `scope`. */
  remember(scope: string, symbols: readonly unknown[], parsed: readonly unknown[]): MemoEntry {
    const entry: MemoEntry = { symbols, parsed, state: undefined };
    const entries = this.scopes.get(scope) ?? [];
    this.scopes.delete(scope);
    this.scopes.set(scope, [entry, ...entries].slice(0, this.limits.answersPerScope));
    if (this.scopes.size > this.limits.scopes) this.scopes.delete(this.scopes.keys().next().value as string);
    this.byParsed.set(parsed, entry);
    return entry;
  }

  /** The entry whose `fetchMarkets` result is `parsed` (the very array), if any. */
  entryOf(parsed: unknown): MemoEntry | undefined {
    return typeof parsed === 'object' && parsed !== null ? this.byParsed.get(parsed) : undefined;
  }
}

/** The memo every connection of this process uses. */
export const processMarketsMemo = new MarketsMemo();

/** The part of a ccxt Binance instance the memo wraps. */
export interface MemoisableExchange {
  readonly id: string;
  readonly options: Record<string, unknown>;
  readonly markets?: unknown;
  readonly currencies?: unknown;
  fetchMarkets(params?: Record<string, unknown>): Promise<unknown>;
  setMarkets(markets: unknown, currencies?: unknown): unknown;
  setMarketsFromExchange(source: unknown): unknown;
  /** `GET /api/v3/exchangeInfo`, the one request Binance's spot `fetchMarkets` makes. */
  publicGetExchangeInfo?: (params?: Record<string, unknown>) => Promise<unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when ccxt's `fetchMarkets` makes one `exchangeInfo` request and nothing else (spot, no margin, no options). */
function readsExchangeInfoOnly(options: Record<string, unknown>): boolean {
  const fetchMarkets = options['fetchMarkets'];
  const types = isRecord(fetchMarkets) ? fetchMarkets['types'] : undefined;
  const loadAllOptions = (isRecord(fetchMarkets) ? fetchMarkets['loadAllOptions'] : undefined) ?? options['loadAllOptions'];
  return Array.isArray(types) && types.length === 1 && types[0] === 'spot' && options['fetchMargins'] !== true && loadAllOptions !== true;
}

function snapshotOf(exchange: MemoisableExchange): MarketState {
  const source = exchange as unknown as Record<string, unknown>;
  const helpers = Array.isArray(exchange.options['marketHelperProps']) ? (exchange.options['marketHelperProps'] as string[]) : [];
  const options: Record<string, unknown> = { marketHelperProps: [...helpers] };
  for (const helper of helpers) options[helper] = exchange.options[helper];
  const state: Record<string, unknown> = { id: exchange.id, options };
  for (const key of MARKET_STATE_KEYS) state[key] = source[key];
  return state as MarketState;
}

/**
 * Makes a Binance instance's market loads go through `memo` (scope: the exchange id and `baseUrl`). Does
 * nothing to an exchange whose `fetchMarkets` is not Binance's one `exchangeInfo` request.
 */
export function installMarketsMemo(exchange: MemoisableExchange, baseUrl: string, memo: MarketsMemo = processMarketsMemo): void {
  if (typeof exchange.publicGetExchangeInfo !== 'function') return;
  const scope = `${exchange.id} ${baseUrl}`;
  const fetchMarkets = exchange.fetchMarkets.bind(exchange);
  const setMarkets = exchange.setMarkets.bind(exchange);

  /**
   * ccxt's own `fetchMarkets` over `answer`: its `exchangeInfo` request is answered with it. ccxt asks
   * synchronously, at the start of the call; the request method is restored before anything else runs.
   */
  const parseAnswer = (answer: unknown, params: Record<string, unknown>): Promise<unknown> => {
    const request = exchange.publicGetExchangeInfo;
    let asked = 0;
    exchange.publicGetExchangeInfo = () => {
      asked++;
      return Promise.resolve(answer);
    };
    let parsing: Promise<unknown>;
    try {
      parsing = fetchMarkets(params);
    } finally {
      exchange.publicGetExchangeInfo = request;
    }
    if (asked !== 1) {
      parsing.catch(() => undefined);
      throw new Error(`ccxt ${exchange.id} fetchMarkets asked for exchangeInfo ${asked} times at once, not once: this ccxt version does not load markets as broker-ccxt expects`);
    }
    return parsing;
  };

  exchange.fetchMarkets = async (params: Record<string, unknown> = {}) => {
    const request = exchange.publicGetExchangeInfo;
    if (request === undefined || !readsExchangeInfoOnly(exchange.options)) return fetchMarkets(params);
    const answer = await request(params);
    const symbols = isRecord(answer) && Array.isArray(answer['symbols']) ? (answer['symbols'] as unknown[]) : undefined;
    if (symbols === undefined) return parseAnswer(answer, params);
    const known = memo.find(scope, symbols);
    if (known !== undefined) {
      // ccxt's own call still runs (over no symbols) for whatever else it does with the answer.
      await parseAnswer({ ...(answer as Record<string, unknown>), symbols: [] }, params);
      return known.parsed;
    }
    const parsed = await parseAnswer(answer, params);
    if (Array.isArray(parsed)) memo.remember(scope, symbols, parsed);
    return parsed;
  };

  exchange.setMarkets = (markets: unknown, currencies?: unknown) => {
    const entry = memo.entryOf(markets);
    const noCurrencies = currencies === undefined || (isRecord(currencies) && Object.keys(currencies).length === 0);
    if (entry === undefined || !noCurrencies) return setMarkets(markets, currencies);
    // setMarkets merges the currencies into those the instance has: the shared state is what it makes of
    // an instance with none loaded yet, or of one already on that state — any other runs ccxt's own.
    const fresh = exchange.markets === undefined || exchange.markets === null;
    const state = entry.state;
    if (state !== undefined && (fresh || exchange.currencies === state['currencies'])) {
      exchange.setMarketsFromExchange(state);
      return exchange.markets;
    }
    const result = setMarkets(markets, currencies);
    if (fresh && entry.state === undefined) entry.state = snapshotOf(exchange);
    return result;
  };
}
