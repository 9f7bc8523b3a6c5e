import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ProtocolContext, SimResponse } from '../../server/protocol.js';
import { multiply, parseDecimal, plain } from '../../state/decimal.js';
import { balanceOf, executeMarketSell, findByClientOrderId, ruleViolations } from '../../state/ledger.js';
import { splitSymbol } from '../../state/schema.js';
import { errorResponse, orderFailureResponse, orderSuccessResponse, type OrderFailure } from './wire.js';

/**
 * `POST /api/v3/brokerage/orders`. Malformed JSON is an HTTP 400; every business rejection is HTTP 200 with
 * `success: false` and Coinbase's failure reason strings. A `client_order_id` that was used before creates
 * nothing and returns the original order (Coinbase's documented idempotency). The sim simulates market
 * sells sized in base units (`market_market_ioc.base_size`), which is all a cleanup places.
 */

const CreateOrderBodySchema = z.looseObject({
  client_order_id: z.string().min(1),
  product_id: z.string().min(1),
  side: z.enum(['BUY', 'SELL']),
  order_configuration: z.record(z.string(), z.unknown()),
});

const MarketIocSchema = z.looseObject({ base_size: z.string().optional(), quote_size: z.string().optional() });

function failure(error: string, message: string, details: string, preview: string, newOrder = error): OrderFailure {
  return { error, message, details, previewFailureReason: preview, newOrderFailureReason: newOrder };
}

/** Handles a create-order request whose JWT was already verified. */
export function placeCoinbaseOrder(rawBody: string, context: ProtocolContext): SimResponse {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return errorResponse(400, 'INVALID_ARGUMENT', 'request body is not valid JSON');
  }
  const parsed = CreateOrderBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return errorResponse(400, 'INVALID_ARGUMENT', `invalid ${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'bad request'}`);
  }
  const body = parsed.data;
  const { state } = context;

  const [previous] = findByClientOrderId(state, body.client_order_id);
  if (previous) {
    const side = previous.order.side === 'sell' ? 'SELL' : 'BUY';
    return orderSuccessResponse(previous.order.id, previous.order.symbol, side, body.client_order_id, body.order_configuration);
  }

  const reject = (f: OrderFailure) => orderFailureResponse(f, body.order_configuration);
  const market = state.markets[body.product_id];
  if (!market) return reject(failure('INVALID_PRODUCT_ID', 'Invalid product_id', `product ${body.product_id} does not exist`, 'PREVIEW_INVALID_PRODUCT_ID'));

  const configKeys = Object.keys(body.order_configuration);
  const ioc = MarketIocSchema.safeParse(body.order_configuration.market_market_ioc);
  if (body.side !== 'SELL' || configKeys.length !== 1 || !ioc.success || ioc.data.base_size === undefined) {
    return reject(
      failure(
        'UNSUPPORTED_ORDER_CONFIGURATION',
        'Unsupported order configuration',
        'exchange-sim simulates SELL orders with market_market_ioc.base_size only',
        'PREVIEW_UNSUPPORTED_ORDER_CONFIGURATION',
      ),
    );
  }
  const size = parseDecimal(ioc.data.base_size);
  if (size === null || size <= 0) return errorResponse(400, 'INVALID_ARGUMENT', `base_size "${ioc.data.base_size}" is not a positive decimal`);

  for (const violation of ruleViolations(market, size)) {
    if (violation === 'below_min_quantity') {
      return reject(failure('UNKNOWN_FAILURE_REASON', 'Order size is too small', `base_size ${plain(size)} is below base_min_size ${plain(market.minQuantity ?? 0)}`, 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL', 'UNKNOWN_FAILURE_REASON'));
    }
    if (violation === 'bad_step') {
      return reject(failure('INVALID_SIZE_PRECISION', 'Too many decimals in order amount', `base_size must be a multiple of base_increment ${plain(market.quantityStep ?? 0)}`, 'PREVIEW_INVALID_SIZE_PRECISION'));
    }
    if (market.price !== null) {
      return reject(failure('UNKNOWN_FAILURE_REASON', 'Order value is too small', `order value ${plain(multiply(size, market.price))} is below quote_min_size ${plain(market.minNotional ?? 0)}`, 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL', 'UNKNOWN_FAILURE_REASON'));
    }
  }
  if (market.price === null) return reject(failure('INVALID_NO_LIQUIDITY', 'No liquidity', `no trades on ${body.product_id}`, 'PREVIEW_INVALID_NO_LIQUIDITY'));
  const { base } = splitSymbol(body.product_id);
  if (balanceOf(state, base).free + 1e-12 < size) {
    return reject(failure('INSUFFICIENT_FUND', 'Insufficient balance in source account', 'Insufficient balance in source account', 'PREVIEW_INSUFFICIENT_FUND'));
  }

  const order = executeMarketSell(state, {
    symbol: body.product_id,
    quantity: size,
    clientOrderId: body.client_order_id,
    orderId: randomUUID(),
    at: new Date(context.now()).toISOString(),
  });
  return orderSuccessResponse(order.id, order.symbol, 'SELL', body.client_order_id, body.order_configuration);
}
