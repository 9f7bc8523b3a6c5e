import { cleanupError, type MarketSellRequest, type OrderReport } from '@forced-cleanup/contract';
import { toDecimalText } from './decimal-text.js';
import { describeZodError, malformed, orderRefusalError } from './errors.js';
import { orderReportFromWire } from './orders.js';
import type { Redactor } from './redactor.js';
import { CreateOrderAnswerSchema, type WireOrder } from './wire-schemas.js';

/*
 * A market sell, sized in base units (`market_market_ioc.base_size`), with forced-cleanup's deterministic
 * client order id as Coinbase's `client_order_id` (Coinbase answers a reused one with the original order,
 * creating nothing: a second attempt can never sell twice). Coinbase refuses an order with HTTP 200 and
 * `success: false`: that is an error here, mapped by its reason. Once Coinbase has accepted the order this
 * never throws: a failure to read the fill back is reported as an `open` order, which the engine looks up.
 */

/** The two requests a sell makes. */
export interface SellRequests {
  /** `POST /brokerage/orders` with this base size; resolves with the library's answer. */
  create(baseSize: string): Promise<unknown>;
  /** The order by id (null when unknown), for its fill. */
  readOrder(orderId: string): Promise<WireOrder | null>;
}

const SYMBOL = /^[^\s-]+-[^\s-]+$/;

/** Refuses a request Coinbase would misread; nothing is sent for it. */
function checkRequest(request: MarketSellRequest): void {
  if (!SYMBOL.test(request.symbol)) throw cleanupError('invalid_order', `not a BASE-QUOTE symbol: ${request.symbol}`, { retryable: false });
  if (!Number.isFinite(request.quantity) || request.quantity <= 0 || request.quantity >= 1e21) {
    throw cleanupError('invalid_order', `quantity must be a finite number > 0, got ${request.quantity}`, { retryable: false });
  }
  if (request.clientOrderId.length === 0 || request.clientOrderId.length > 128) {
    throw cleanupError('invalid_order', 'clientOrderId must have 1 to 128 characters', { retryable: false });
  }
}

/** Places the sell and reports it (with its fill when Coinbase already has one). */
export async function placeMarketSell(requests: SellRequests, request: MarketSellRequest, redact: Redactor): Promise<OrderReport> {
  checkRequest(request);
  const parsed = CreateOrderAnswerSchema.safeParse(await requests.create(toDecimalText(request.quantity)));
  // Unreadable: the order may exist. `malformed_response` makes the engine look it up, never resend it.
  if (!parsed.success) throw malformed('placeMarketSell', describeZodError(parsed.error));
  const answer = parsed.data;
  if (!answer.success) {
    const error = answer.error_response;
    throw orderRefusalError(
      {
        failureReason: answer.failure_reason,
        error: error?.error,
        message: error?.message,
        details: error?.error_details,
        previewFailureReason: error?.preview_failure_reason,
        newOrderFailureReason: error?.new_order_failure_reason,
      },
      redact,
    );
  }
  const { order_id: orderId, client_order_id: echoed } = answer.success_response;
  if (echoed !== undefined && echoed !== request.clientOrderId) throw malformed('placeMarketSell', 'the answer names another client_order_id');

  const accepted: OrderReport = {
    orderId,
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: 'sell',
    status: 'open',
    requestedQuantity: request.quantity,
    filledQuantity: 0,
    averagePrice: null,
  };
  try {
    const order = await requests.readOrder(orderId);
    if (order === null || order.client_order_id !== request.clientOrderId) return accepted;
    return { ...orderReportFromWire(order, 'placeMarketSell'), requestedQuantity: request.quantity };
  } catch {
    // The order stands; only its fill is unknown for now.
    return accepted;
  }
}
