import { z } from 'zod';
import { jsonResponse, textResponse, type ExchangeProtocol, type ProtocolContext, type RequestKind, type SimRequest, type SimResponse } from '../../server/protocol.js';
import { allBalances, cancelOpenOrder, findOrder, ordersWhere } from '../../state/ledger.js';
import { claimedKeyName, verifyCoinbaseJwt } from './jwt-auth.js';
import { CoinbaseListings } from './listings.js';
import { placeCoinbaseOrder } from './place-order.js';
import { accountView, errorResponse, orderStatusOf, orderView, productView, stableUuid } from './wire.js';

/**
 * Coinbase Advanced Trade (`/api/v3/brokerage/*`) plus the unsigned `GET /v2/time` that
 * coinbase-advanced-node fetches first. Query parameters are read exactly as Coinbase reads them: a
 * repeated plain key (`order_status=OPEN&order_status=FILLED`); the bracketed form `order_status[]=OPEN`
 * that axios sends by default is a different key and is ignored, so the filter silently does nothing.
 */

const BROKERAGE = '/api/v3/brokerage';
const ORDER_STATUSES = new Set(['OPEN', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED', 'PENDING', 'QUEUED', 'CANCEL_QUEUED', 'UNKNOWN_ORDER_STATUS']);
const ACCOUNTS_MAX_LIMIT = 250;
const ORDERS_DEFAULT_LIMIT = 100;
const ORDERS_MAX_LIMIT = 1000;

const CancelBodySchema = z.looseObject({ order_ids: z.array(z.string().min(1)).min(1) });

/** Opaque cursors, like Coinbase's: a client must pass back what it got, never compute one. */
function encodeCursor(kind: string, offset: number): string {
  return Buffer.from(`${kind}:${offset}`).toString('base64url');
}

function decodeCursor(kind: string, cursor: string | null): number | null {
  if (cursor === null || cursor === '') return 0;
  const match = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? null : Number(match[1]);
}

function parseLimit(text: string | null, fallback: number, max: number): number | null {
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text)) return null;
  return Math.min(max, Math.max(1, Number(text)));
}

/** Creates the Coinbase protocol over a live state. */
export function createCoinbaseProtocol(context: ProtocolContext): ExchangeProtocol {
  const { state } = context;
  const listings = new CoinbaseListings();
  const tooMany = (retryAfterSeconds: number) => errorResponse(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests', { 'retry-after': String(retryAfterSeconds) });

  function classify(request: SimRequest): RequestKind {
    const { method, path } = request;
    if (method === 'POST' && path === `${BROKERAGE}/orders`) return 'order_placing';
    if (method === 'POST' && path === `${BROKERAGE}/orders/batch_cancel`) return 'cancelling';
    if (method === 'GET' && (path === '/v2/time' || /^\/api\/v3\/brokerage\/(accounts|products|orders\/historical)(\/[^/]+)?$/.test(path))) return 'read';
    return 'other';
  }

  function listAccounts(request: SimRequest): SimResponse {
    const limit = parseLimit(request.query.get('limit'), ACCOUNTS_MAX_LIMIT, ACCOUNTS_MAX_LIMIT);
    const offset = decodeCursor('accounts', request.query.get('cursor'));
    if (limit === null || offset === null) return errorResponse(400, 'INVALID_ARGUMENT', 'invalid limit or cursor');
    const all = allBalances(state);
    const page = all.slice(offset, offset + limit);
    const hasNext = offset + limit < all.length;
    return listings.accountsPage(page, hasNext, hasNext ? encodeCursor('accounts', offset + limit) : '');
  }

  function listOrders(request: SimRequest): SimResponse {
    const { query } = request;
    const statuses = query.getAll('order_status');
    if (statuses.some((status) => !ORDER_STATUSES.has(status))) return errorResponse(400, 'INVALID_ARGUMENT', `invalid order_status ${statuses.join(',')}`);
    const products = [...query.getAll('product_ids'), ...query.getAll('product_id')];
    const side = query.get('order_side');
    const limit = parseLimit(query.get('limit'), ORDERS_DEFAULT_LIMIT, ORDERS_MAX_LIMIT);
    const offset = decodeCursor('orders', query.get('cursor'));
    if (limit === null || offset === null) return errorResponse(400, 'INVALID_ARGUMENT', 'invalid limit or cursor');
    const matching = ordersWhere(
      state,
      (entry) =>
        (statuses.length === 0 || statuses.includes(orderStatusOf(entry))) &&
        (products.length === 0 || products.includes(entry.order.symbol)) &&
        (side === null || side === (entry.order.side === 'sell' ? 'SELL' : 'BUY')),
    );
    const page = matching.slice(offset, offset + limit);
    const hasNext = offset + limit < matching.length;
    return jsonResponse(200, { orders: page.map(orderView), sequence: '0', has_next: hasNext, cursor: hasNext ? encodeCursor('orders', offset + limit) : '' });
  }

  function cancelOrders(rawBody: string): SimResponse {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return errorResponse(400, 'INVALID_ARGUMENT', 'request body is not valid JSON');
    }
    const parsed = CancelBodySchema.safeParse(json);
    if (!parsed.success) return errorResponse(400, 'INVALID_ARGUMENT', 'order_ids must be a non-empty list of order ids');
    const at = new Date(context.now()).toISOString();
    const results = parsed.data.order_ids.map((orderId) =>
      cancelOpenOrder(state, orderId, at)
        ? { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: orderId }
        : { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: orderId },
    );
    return jsonResponse(200, { results });
  }

  function handle(request: SimRequest): SimResponse {
    const { method, path } = request;
    if (method === 'GET' && path === '/v2/time') {
      const now = context.now();
      return jsonResponse(200, { data: { iso: new Date(now).toISOString(), epoch: Math.floor(now / 1000) } });
    }
    if (!path.startsWith(`${BROKERAGE}/`)) return errorResponse(404, 'NOT_FOUND', 'Not Found');
    const auth = verifyCoinbaseJwt(request, state, Math.floor(context.now() / 1000));
    // Coinbase answers a bad JWT with a bare 401; the header is the sim's diagnostic (never a secret).
    if (!auth.ok) return textResponse(401, 'Unauthorized\n', { 'x-exchange-sim-auth': auth.reason });

    const route = path.slice(BROKERAGE.length);
    if (method === 'GET' && route === '/accounts') return listAccounts(request);
    const account = /^\/accounts\/([^/]+)$/.exec(route);
    if (method === 'GET' && account?.[1] !== undefined) {
      const found = allBalances(state).find(([asset]) => stableUuid(`account:${asset}`) === account[1]);
      return found ? jsonResponse(200, { account: accountView(found[0], found[1]) }) : errorResponse(404, 'NOT_FOUND', 'account not found');
    }
    if (method === 'GET' && route === '/products') return listings.productList(state.markets);
    const product = /^\/products\/([^/]+)$/.exec(route);
    if (method === 'GET' && product?.[1] !== undefined) {
      const id = decodeURIComponent(product[1]);
      const market = state.markets[id];
      return market ? jsonResponse(200, productView(id, market)) : errorResponse(404, 'NOT_FOUND', 'ProductID is invalid');
    }
    if (method === 'GET' && route === '/orders/historical/batch') return listOrders(request);
    const single = /^\/orders\/historical\/([^/]+)$/.exec(route);
    if (method === 'GET' && single?.[1] !== undefined) {
      const found = findOrder(state, decodeURIComponent(single[1]));
      return found ? jsonResponse(200, { order: orderView(found) }) : errorResponse(404, 'NOT_FOUND', 'order with this orderID was not found');
    }
    if (method === 'POST' && route === '/orders') return placeCoinbaseOrder(request.rawBody, context);
    if (method === 'POST' && route === '/orders/batch_cancel') return cancelOrders(request.rawBody);
    return errorResponse(404, 'NOT_FOUND', 'Not Found');
  }

  return {
    exchange: 'coinbase',
    classify,
    apiKeyId: claimedKeyName,
    handle,
    rateLimited: (_request, _kind, rejection) => tooMany(rejection.retryAfterSeconds),
    tooManyRequests: (_request, retryAfterSeconds) => tooMany(retryAfterSeconds),
    serverError: () => errorResponse(503, 'UNAVAILABLE', 'Service Unavailable'),
  };
}
