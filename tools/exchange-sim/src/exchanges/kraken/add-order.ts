import { randomBytes } from 'node:crypto';
import type { ProtocolContext, SimResponse } from '../../server/protocol.js';
import { fixed, multiply, parseDecimal, writtenDecimals } from '../../state/decimal.js';
import { balanceOf, executeMarketSell } from '../../state/ledger.js';
import { splitSymbol } from '../../state/schema.js';
import { findPair } from './naming.js';
import { krakenError, krakenResult, lotDecimals } from './wire.js';

/**
 * `AddOrder`, checked in Kraken's order with Kraken's error strings. The sim simulates market sells (what a
 * cleanup places): other order types are refused as invalid arguments. Client ids: `userref` (a signed
 * 32-bit integer) or `cl_ord_id` (a UUID, 32 hex characters, or free text of at most 18 characters), not
 * both. Like Kraken, `cl_ord_id` is unique among OPEN orders only: once a market order has filled, the same
 * `cl_ord_id` is accepted again — so resubmitting an order-placing call can sell twice.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SHORT_UUID = /^[0-9a-fA-F]{32}$/;
const FREE_TEXT = /^[\x21-\x7e]{1,18}$/;
const INT32 = /^-?\d{1,10}$/;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** True for a `cl_ord_id` Kraken accepts. */
export function isValidClOrdId(value: string): boolean {
  return UUID.test(value) || SHORT_UUID.test(value) || FREE_TEXT.test(value);
}

/** A Kraken-style order id, e.g. `OQCLML-BW3P3-BUCMWZ`. */
export function newKrakenOrderId(): string {
  const chars = [...randomBytes(16)].map((byte) => ID_ALPHABET[byte % 32]).join('');
  return `O${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 16)}`;
}

/** Handles an authenticated AddOrder. */
export function addKrakenOrder(params: ReadonlyMap<string, string>, context: ProtocolContext): SimResponse {
  const { state } = context;
  const pairName = params.get('pair');
  if (pairName === undefined || pairName === '') return krakenError('EGeneral:Invalid arguments:pair');
  const pair = findPair(state, pairName);
  const market = pair ? state.markets[pair.symbol] : undefined;
  if (!pair || !market) return krakenError('EQuery:Unknown asset pair');
  const type = params.get('type');
  if (type !== 'buy' && type !== 'sell') return krakenError('EGeneral:Invalid arguments:type');
  const ordertype = params.get('ordertype');
  if (ordertype !== 'market') return krakenError('EGeneral:Invalid arguments:ordertype');
  if (type !== 'sell') return krakenError('EGeneral:Invalid arguments:type');

  const volumeText = params.get('volume') ?? '';
  const volume = parseDecimal(volumeText);
  if (volume === null || volume <= 0 || writtenDecimals(volumeText) > lotDecimals(market)) return krakenError('EGeneral:Invalid arguments:volume');

  const userrefText = params.get('userref');
  const clOrdId = params.get('cl_ord_id');
  if (userrefText !== undefined && (!INT32.test(userrefText) || Math.abs(Number(userrefText)) > 2 ** 31 - 1)) {
    return krakenError('EGeneral:Invalid arguments:userref');
  }
  if (clOrdId !== undefined && (!isValidClOrdId(clOrdId) || userrefText !== undefined)) return krakenError('EGeneral:Invalid arguments:cl_ord_id');
  if (clOrdId !== undefined && state.openOrders.some((order) => order.clientOrderId === clOrdId)) {
    return krakenError('EGeneral:Invalid arguments:cl_ord_id not unique');
  }

  if (market.minQuantity !== null && volume < market.minQuantity - 1e-15) return krakenError('EOrder:Order minimum not met');
  if (market.price === null) return krakenError('EService:Unavailable');
  if (market.minNotional !== null && multiply(volume, market.price) < market.minNotional - 1e-12) return krakenError('EOrder:Cost minimum not met');
  if (balanceOf(state, splitSymbol(pair.symbol).base).free + 1e-12 < volume) {
    return krakenError('EOrder:Insufficient funds');
  }

  const description = { order: `sell ${fixed(volume, lotDecimals(market))} ${pair.altname} @ market` };
  const validateOnly = params.get('validate');
  if (validateOnly === 'true' || validateOnly === '1') return krakenResult({ descr: description });

  const order = executeMarketSell(state, {
    symbol: pair.symbol,
    quantity: volume,
    clientOrderId: clOrdId ?? null,
    userref: userrefText === undefined ? null : Number(userrefText),
    orderId: newKrakenOrderId(),
    at: new Date(context.now()).toISOString(),
  });
  return krakenResult({ descr: description, txid: [order.id] });
}
