import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HarnessFaultKind, HarnessRequest } from '../harness.js';
import { FakeLedger, LedgerRejection, type LedgerOpenOrder, type LedgerPastOrder } from './fake-ledger.js';
import type { ConformanceScenario } from '../scenario.js';

/*
 * The fake exchange's HTTP-like API: signed requests in, status + headers + body text out. It behaves the
 * way the exchanges our brokers talk to do where the conformance suite looks: numbers as decimal strings,
 * cursor pages, signatures, 401/429/5xx answers, error bodies that echo the caller's key (as real ones and
 * their client libraries do), and injected faults that refuse a request before it does anything.
 */

/** A request as the connection sends it. */
export interface FakeRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path, e.g. `/v1/orders/900001`. */
  readonly path: string;
  /** Query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** JSON text, or `''`. */
  readonly body: string;
  /** `x-api-key` and `x-signature` (see {@link signFakeRequest}). */
  readonly headers: Readonly<Record<string, string>>;
}

/** What the exchange answers. */
export interface FakeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An API key and its signing secret. */
export interface FakeCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** Balances per page and open orders per page: small, so that ordinary accounts already page. */
export const FAKE_PAGE_SIZES = Object.freeze({ balances: 25, openOrders: 10 });

/** The text a request is signed over. */
function signedText(request: Pick<FakeRequest, 'method' | 'path' | 'query' | 'body'>): string {
  const query = Object.keys(request.query)
    .sort()
    .map((key) => `${key}=${request.query[key]}`)
    .join('&');
  return `${request.method} ${request.path}?${query}\n${request.body}`;
}

/** HMAC-SHA256 of the request under the secret, hex. */
export function signFakeRequest(request: Pick<FakeRequest, 'method' | 'path' | 'query' | 'body'>, apiSecret: string): string {
  return createHmac('sha256', apiSecret).update(signedText(request)).digest('hex');
}

/** Decimal text, as exchanges send numbers (never `1e-8`). */
function decimal(value: number): string {
  return value.toFixed(12).replace(/\.?0+$/, '');
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

function orderWire(order: LedgerOpenOrder | LedgerPastOrder): Record<string, unknown> {
  if ('price' in order) {
    return { id: order.id, client_order_id: order.clientOrderId, symbol: order.symbol, side: order.side, status: 'open', size: decimal(order.quantity), filled_size: '0', average_price: null };
  }
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    status: order.status,
    size: decimal(order.requestedQuantity),
    filled_size: decimal(order.filledQuantity),
    average_price: order.averagePrice === null ? null : decimal(order.averagePrice),
  };
}

/** One page of `rows` from the `cursor` query parameter, and the next cursor (null at the end). */
function page<T>(rows: readonly T[], cursor: string | undefined, size: number): { rows: T[]; next: string | null } | null {
  const start = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isInteger(start) || start < 0) return null;
  const end = start + size;
  return { rows: rows.slice(start, end), next: end < rows.length ? String(end) : null };
}

/** The fake exchange: its books, the keys it accepts, its request log and the faults injected into it. */
export class FakeExchangeApi {
  readonly ledger: FakeLedger;
  /** Every request received, oldest first, faulted ones included. */
  readonly requests: HarnessRequest[] = [];
  private faults: Array<{ kind: HarnessFaultKind; remaining: number }> = [];
  private malformedCount = 0;

  constructor(
    scenario: ConformanceScenario,
    private readonly accepted: FakeCredentials,
  ) {
    this.ledger = new FakeLedger(scenario);
  }

  /** Makes the next `times` requests (default: all, until cleared) fail with `kind`. */
  injectFault(kind: HarnessFaultKind, times?: number): void {
    this.faults.push({ kind, remaining: times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every fault. */
  clearFaults(): void {
    this.faults = [];
  }

  /** Answers one request. */
  handle(request: FakeRequest): FakeResponse {
    this.requests.push({ kind: request.method === 'GET' ? 'read' : request.method === 'DELETE' ? 'cancelling' : 'order_placing' });
    const fault = this.takeFault();
    const key = request.headers['x-api-key'] ?? '';
    if (fault === 'bad_credentials' || !this.authentic(request)) {
      return json(401, { code: 'unauthorized', message: `invalid API key or signature for key ${key}` });
    }
    if (fault === 'rate_limit') return json(429, { code: 'rate_limited', message: `too many requests for key ${key}` }, { 'retry-after': '2' });
    if (fault === 'server_error') return { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body>503 Service Unavailable</body></html>' };
    if (fault === 'malformed_response') return this.malformed();
    try {
      return this.route(request);
    } catch (error) {
      if (!(error instanceof LedgerRejection)) throw error;
      return json(error.reason === 'order_not_found' ? 404 : 400, { code: error.reason, message: error.message });
    }
  }

  private takeFault(): HarnessFaultKind | null {
    const active = this.faults.find((fault) => fault.remaining > 0);
    if (active === undefined) return null;
    active.remaining -= 1;
    return active.kind;
  }

  private authentic(request: FakeRequest): boolean {
    if (request.headers['x-api-key'] !== this.accepted.apiKey) return false;
    const expected = Buffer.from(signFakeRequest(request, this.accepted.apiSecret));
    const given = Buffer.from(request.headers['x-signature'] ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Alternately a truncated body and a well-formed body of the wrong shape for every endpoint. */
  private malformed(): FakeResponse {
    this.malformedCount += 1;
    if (this.malformedCount % 2 === 1) return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"balances":[{"asset":"BT' };
    return json(200, { balances: 7, markets: 7, prices: 7, orders: 7, order: 7, cancelled: 7, converted: 7, refused: 7, next_cursor: 7 });
  }

  private route(request: FakeRequest): FakeResponse {
    const { method, path, query } = request;
    const ledger = this.ledger;
    if (method === 'GET' && path === '/v1/balances') {
      const rows = page(ledger.balanceRows(), query['cursor'], FAKE_PAGE_SIZES.balances);
      if (rows === null) return json(400, { code: 'bad_cursor', message: 'bad cursor' });
      return json(200, { balances: rows.rows.map(([asset, total, available]) => ({ asset, total: decimal(total), available: decimal(available) })), next_cursor: rows.next });
    }
    if (method === 'GET' && path === '/v1/markets') {
      const markets = [...ledger.markets.values()].map((market) => ({
        symbol: market.symbol,
        base: market.base,
        quote: market.quote,
        min_size: decimal(market.rules.minQuantity),
        size_increment: decimal(market.rules.quantityStep),
        min_notional: decimal(market.rules.minNotional),
      }));
      return json(200, { markets });
    }
    if (method === 'GET' && path === '/v1/prices') {
      const symbols = (query['symbols'] ?? '').split(',').filter((symbol) => symbol.length > 0);
      const prices: Record<string, string | null> = {};
      for (const symbol of symbols) {
        const price = ledger.markets.get(symbol)?.price ?? null;
        prices[symbol] = price === null ? null : decimal(price);
      }
      return json(200, { prices });
    }
    if (method === 'GET' && path === '/v1/orders/open') {
      const rows = page(ledger.openOrders, query['cursor'], FAKE_PAGE_SIZES.openOrders);
      if (rows === null) return json(400, { code: 'bad_cursor', message: 'bad cursor' });
      const orders = rows.rows.map((order) => ({ ...orderWire(order), limit_price: decimal(order.price) }));
      return json(200, { orders, next_cursor: rows.next });
    }
    if (method === 'GET' && path === '/v1/orders/lookup') {
      const found = ledger.find(query['client_order_id'] ?? '', query['order_id'] ?? null);
      return json(200, { order: found === null ? null : orderWire(found) });
    }
    if (method === 'POST' && path === '/v1/orders') {
      const order = JSON.parse(request.body) as { symbol: string; size: string; client_order_id: string };
      return json(200, { order: orderWire(ledger.marketSell(order.symbol, Number(order.size), order.client_order_id)) });
    }
    if (method === 'DELETE' && path.startsWith('/v1/orders/')) {
      const id = decodeURIComponent(path.slice('/v1/orders/'.length));
      ledger.cancel(id);
      return json(200, { cancelled: id });
    }
    if (method === 'POST' && path === '/v1/dust-conversions') {
      const { assets } = JSON.parse(request.body) as { assets: string[] };
      return json(200, ledger.convertDust(assets));
    }
    return json(404, { code: 'not_found', message: `no route ${method} ${path}` });
  }
}
