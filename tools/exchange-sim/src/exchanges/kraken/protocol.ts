import type { ExchangeProtocol, ProtocolContext, RequestKind, SimRequest, SimResponse } from '../../server/protocol.js';
import { fixed } from '../../state/decimal.js';
import { balanceOf, cancelOpenOrder, findOrder, ordersWhere, type AnyOrder } from '../../state/ledger.js';
import { addKrakenOrder } from './add-order.js';
import { KrakenNonces } from './auth.js';
import { findPair, knownAssets, krakenAsset, krakenPair } from './naming.js';
import { assetView, krakenError, krakenResult, orderView, pairView, tickerView } from './wire.js';

/**
 * Kraken spot REST: `/0/public/*` (GET or POST, as ccxt uses GET and kraken-api POST) and `/0/private/*`
 * (POST, form-encoded or JSON, signed). Business errors are HTTP 200 `{error: [...]}`.
 */

const PUBLIC_READS = new Set(['Time', 'Assets', 'AssetPairs', 'Ticker']);
const PRIVATE_READS = new Set(['Balance', 'BalanceEx', 'OpenOrders', 'ClosedOrders', 'QueryOrders']);
const CANCELS = new Set(['CancelOrder', 'CancelAll']);
const CLOSED_PAGE_SIZE = 50;

/** Body (form or JSON) and query parameters as one map of strings; the body wins. */
function paramsOf(request: SimRequest): Map<string, string> {
  const params = new Map<string, string>(request.query);
  const contentType = String(request.headers['content-type'] ?? '');
  if (contentType.includes('application/json')) {
    try {
      const json: unknown = JSON.parse(request.rawBody);
      if (typeof json === 'object' && json !== null) {
        for (const [key, value] of Object.entries(json)) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
      }
    } catch {
      params.set('\u0000malformed', '1');
    }
  } else {
    for (const [key, value] of new URLSearchParams(request.rawBody)) params.set(key, value);
  }
  return params;
}

function route(path: string): { scope: 'public' | 'private'; method: string } | null {
  const match = /^\/0\/(public|private)\/([A-Za-z]+)$/.exec(path);
  return match?.[1] !== undefined && match[2] !== undefined ? { scope: match[1] as 'public' | 'private', method: match[2] } : null;
}

/** Creates the Kraken protocol over a live state. */
export function createKrakenProtocol(context: ProtocolContext): ExchangeProtocol {
  const { state } = context;
  const nonces = new KrakenNonces();
  const flag = (value: string | undefined) => value === 'true' || value === '1';

  function classify(request: SimRequest): RequestKind {
    const target = route(request.path);
    if (!target) return 'other';
    if (target.scope === 'public') return PUBLIC_READS.has(target.method) ? 'read' : 'other';
    if (target.method === 'AddOrder') return 'order_placing';
    if (CANCELS.has(target.method)) return 'cancelling';
    return PRIVATE_READS.has(target.method) ? 'read' : 'other';
  }

  function ordersById(entries: AnyOrder[], withTrades: boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const entry of entries) {
      const market = state.markets[entry.order.symbol];
      if (market) result[entry.order.id] = orderView(entry, market, withTrades);
    }
    return result;
  }

  function filterByClientIds(entries: AnyOrder[], params: ReadonlyMap<string, string>): AnyOrder[] {
    const userref = params.get('userref');
    const clOrdId = params.get('cl_ord_id');
    return entries.filter(
      ({ order }) => (userref === undefined || String(order.userref) === userref) && (clOrdId === undefined || order.clientOrderId === clOrdId),
    );
  }

  function publicMethod(method: string, params: ReadonlyMap<string, string>): SimResponse {
    if (method === 'Time') {
      const now = context.now();
      return krakenResult({ unixtime: Math.floor(now / 1000), rfc1123: new Date(now).toUTCString() });
    }
    if (method === 'Assets') {
      const result: Record<string, unknown> = {};
      for (const asset of knownAssets(state)) result[krakenAsset(asset).id] = assetView(krakenAsset(asset));
      return krakenResult(result);
    }
    if (method === 'AssetPairs' || method === 'Ticker') {
      const requested = params.get('pair');
      const names = requested === undefined || requested === '' ? null : requested.split(',');
      const pairs = names === null ? Object.keys(state.markets).map(krakenPair) : names.map((name) => findPair(state, name));
      if (pairs.some((pair) => pair === null)) return krakenError('EQuery:Unknown asset pair');
      const result: Record<string, unknown> = {};
      for (const pair of pairs) {
        const market = pair ? state.markets[pair.symbol] : undefined;
        if (pair && market) result[pair.key] = method === 'AssetPairs' ? pairView(pair, market) : tickerView(market);
      }
      return krakenResult(result);
    }
    return krakenError('EGeneral:Unknown method', 404);
  }

  function privateMethod(method: string, params: ReadonlyMap<string, string>): SimResponse {
    const withTrades = flag(params.get('trades'));
    switch (method) {
      case 'Balance':
      case 'BalanceEx': {
        const result: Record<string, unknown> = {};
        for (const asset of Object.keys(state.balances)) {
          const kraken = krakenAsset(asset);
          const balance = balanceOf(state, asset);
          result[kraken.id] =
            method === 'Balance'
              ? fixed(balance.total, kraken.decimals)
              : { balance: fixed(balance.total, kraken.decimals), hold_trade: fixed(balance.held, kraken.decimals) };
        }
        return krakenResult(result);
      }
      case 'OpenOrders':
        return krakenResult({ open: ordersById(filterByClientIds(ordersWhere(state, (e) => e.open), params), withTrades) });
      case 'ClosedOrders': {
        const closed = filterByClientIds(ordersWhere(state, (e) => !e.open), params);
        const offset = Number(params.get('ofs') ?? '0');
        const page = closed.slice(Number.isInteger(offset) && offset > 0 ? offset : 0).slice(0, CLOSED_PAGE_SIZE);
        return krakenResult({ closed: ordersById(page, withTrades), count: closed.length });
      }
      case 'QueryOrders': {
        const ids = (params.get('txid') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
        if (ids.length === 0 || ids.length > 50) return krakenError('EGeneral:Invalid arguments');
        const found = ids.map((id) => findOrder(state, id));
        if (found.some((entry) => entry === null)) return krakenError('EOrder:Invalid order');
        return krakenResult(ordersById(filterByClientIds(found as AnyOrder[], params), withTrades));
      }
      case 'CancelOrder': {
        const txid = params.get('txid');
        const clOrdId = params.get('cl_ord_id');
        const at = new Date(context.now()).toISOString();
        // txid may be an order id or a userref (which cancels every open order carrying it).
        const targets = state.openOrders.filter((order) =>
          clOrdId !== undefined ? order.clientOrderId === clOrdId : txid !== undefined && (order.id === txid || (/^-?\d+$/.test(txid) && String(order.userref) === txid)),
        );
        if (targets.length === 0) return krakenError('EOrder:Unknown order');
        for (const order of targets) cancelOpenOrder(state, order.id, at);
        return krakenResult({ count: targets.length });
      }
      case 'CancelAll': {
        const at = new Date(context.now()).toISOString();
        const ids = state.openOrders.map((order) => order.id);
        for (const id of ids) cancelOpenOrder(state, id, at);
        return krakenResult({ count: ids.length });
      }
      case 'AddOrder':
        return addKrakenOrder(params, context);
      default:
        return krakenError('EGeneral:Unknown method', 404);
    }
  }

  function handle(request: SimRequest): SimResponse {
    const target = route(request.path);
    if (!target) return krakenError('EGeneral:Unknown method', 404);
    const params = paramsOf(request);
    if (params.has('\u0000malformed')) return krakenError('EGeneral:Invalid arguments');
    if (target.scope === 'public') return publicMethod(target.method, params);
    if (request.method !== 'POST') return krakenError('EGeneral:Invalid arguments');
    const auth = nonces.verify(request, params, state);
    if (!auth.ok) return krakenError(auth.error);
    return privateMethod(target.method, params);
  }

  return {
    exchange: 'kraken',
    classify,
    apiKeyId: (request) => {
      const key = request.headers['api-key'];
      return typeof key === 'string' && key !== '' ? key : null;
    },
    handle,
    // Kraken's own limiter answers HTTP 200 with an error string; Retry-After is the sim's courtesy.
    rateLimited: (_request, kind, rejection) =>
      krakenError(kind === 'order_placing' || kind === 'cancelling' ? 'EOrder:Rate limit exceeded' : 'EAPI:Rate limit exceeded', 200, {
        'retry-after': String(rejection.retryAfterSeconds),
      }),
    tooManyRequests: (_request, retryAfterSeconds) => krakenError('EAPI:Rate limit exceeded', 429, { 'retry-after': String(retryAfterSeconds) }),
    serverError: () => krakenError('EService:Unavailable', 503),
  };
}
