import { cleanupError } from '@forced-cleanup/contract';
import { jsonResponse, type ExchangeProtocol, type ProtocolContext, type RequestKind, type SimRequest, type SimResponse } from '../../server/protocol.js';
import { allBalances } from '../../state/ledger.js';
import { claimedApiKey, verifyBinanceSignature } from './auth.js';
import { DustConverter, listDust } from './dust.js';
import { BinanceListings } from './listings.js';
import { cancelBinanceOrder, listAllOrders, listOpenOrders, placeBinanceOrder, queryBinanceOrder } from './orders.js';
import { binanceError, neutralSymbol } from './wire.js';

/**
 * Binance spot REST: public market data under `/api/v3`, SIGNED account and order endpoints, and the two
 * dust-conversion endpoints under `/sapi/v1/asset`. Errors are HTTP 4xx `{code, msg}`; a rate-limited key
 * gets 429 with `Retry-After`, and 418 (an IP ban) if it keeps sending while limited.
 */

const SIGNED = new Set(['GET /api/v3/account', 'GET /api/v3/openOrders', 'GET /api/v3/allOrders', 'GET /api/v3/order', 'POST /api/v3/order', 'DELETE /api/v3/order', 'POST /sapi/v1/asset/dust', 'POST /sapi/v1/asset/dust-btc']);
const PUBLIC = new Set(['GET /api/v3/ping', 'GET /api/v3/time', 'GET /api/v3/exchangeInfo', 'GET /api/v3/ticker/price', 'GET /api/v3/ticker/24hr']);
/** Requests sent while limited before the "IP" is banned with 418. */
const BAN_AFTER_VIOLATIONS = 5;

/** Creates the Binance protocol over a live state. Binance order ids are integers: the state's must be digits. */
export function createBinanceProtocol(context: ProtocolContext): ExchangeProtocol {
  const { state } = context;
  const badIds = [...state.openOrders, ...state.pastOrders].filter((order) => !/^\d{1,15}$/.test(order.id)).map((order) => order.id);
  if (badIds.length > 0) throw cleanupError('invalid_config', `Binance order ids are integers; not: ${badIds.join(', ')}`);
  const dust = new DustConverter();
  const listings = new BinanceListings(state);

  function classify(request: SimRequest): RequestKind {
    const route = `${request.method} ${request.path}`;
    if (route === 'POST /api/v3/order' || route === 'POST /sapi/v1/asset/dust') return 'order_placing';
    if (route === 'DELETE /api/v3/order') return 'cancelling';
    return SIGNED.has(route) || PUBLIC.has(route) ? 'read' : 'other';
  }

  /** Binance reads a symbol list as a JSON array: `symbols=["BTCUSDT","ETHUSDT"]`. */
  function selectSymbols(query: URLSearchParams): string[] | SimResponse {
    const one = query.get('symbol');
    const many = query.get('symbols');
    let wire: string[] | null = null;
    if (one !== null) wire = [one];
    else if (many !== null) {
      try {
        const parsed: unknown = JSON.parse(many);
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error('not a list');
        wire = parsed;
      } catch {
        return binanceError(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
      }
    }
    if (wire === null) return Object.keys(state.markets);
    const symbols = wire.map((name) => neutralSymbol(state, name));
    if (symbols.some((symbol) => symbol === null)) return binanceError(-1121, 'Invalid symbol.');
    return symbols as string[];
  }

  function publicRoute(route: string, query: URLSearchParams): SimResponse {
    const now = context.now();
    if (route === 'GET /api/v3/ping') return jsonResponse(200, {});
    if (route === 'GET /api/v3/time') return jsonResponse(200, { serverTime: now });
    const selected = selectSymbols(query);
    if (!Array.isArray(selected)) return selected;
    const single = query.get('symbol') !== null;
    if (route === 'GET /api/v3/exchangeInfo') return listings.exchangeInfo(selected, now);
    if (route === 'GET /api/v3/ticker/price') return listings.tickerPrices(selected, single);
    return listings.tickers24h(selected, single, now);
  }

  function handle(request: SimRequest): SimResponse {
    const route = `${request.method} ${request.path}`;
    if (PUBLIC.has(route)) return publicRoute(route, request.query);
    if (!SIGNED.has(route)) return binanceError(-1020, 'This operation is not supported.', 404);
    const params = new URLSearchParams(request.rawQuery);
    for (const [key, value] of new URLSearchParams(request.rawBody)) params.append(key, value);
    const auth = verifyBinanceSignature(request, params, state, context.now());
    if (!auth.ok) return auth.response;
    switch (route) {
      case 'GET /api/v3/account': {
        const omitZero = params.get('omitZeroBalances') === 'true';
        return listings.account(
          allBalances(state).filter(([, balance]) => !omitZero || balance.total > 0),
          context.now(),
        );
      }
      case 'GET /api/v3/openOrders':
        return listOpenOrders(params, context);
      case 'GET /api/v3/allOrders':
        return listAllOrders(params, context);
      case 'GET /api/v3/order':
        return queryBinanceOrder(params, context);
      case 'POST /api/v3/order':
        return placeBinanceOrder(params, context);
      case 'DELETE /api/v3/order':
        return cancelBinanceOrder(params, context);
      case 'POST /sapi/v1/asset/dust-btc':
        return listDust(context);
      default:
        return dust.convert(params, auth.apiKey, context);
    }
  }

  const tooMany = (retryAfterSeconds: number) =>
    binanceError(-1003, 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use WebSocket Streams for live updates to avoid polling the API.', 429, {
      'retry-after': String(retryAfterSeconds),
    });

  return {
    exchange: 'binance',
    classify,
    apiKeyId: claimedApiKey,
    handle,
    rateLimited: (_request, _kind, rejection) => {
      if (rejection.violations < BAN_AFTER_VIOLATIONS) return tooMany(rejection.retryAfterSeconds);
      const banSeconds = rejection.retryAfterSeconds * 2;
      return binanceError(-1003, `Way too much request weight used; IP banned until ${context.now() + banSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.`, 418, {
        'retry-after': String(banSeconds),
      });
    },
    tooManyRequests: (_request, retryAfterSeconds) => tooMany(retryAfterSeconds),
    serverError: () => binanceError(-1001, 'Internal error; unable to process your request. Please try again.', 503),
  };
}
