import { z } from 'zod';
import { expect } from 'vitest';
import { BalanceSchema, OpenOrderSchema, OrderReportSchema, type BrokerConnection, type OpenOrder } from '@forced-cleanup/contract';
import { expectNear, isNear, liveSignal, validated } from './assertions.js';
import { scenarioSymbol, type ExpectedBalance, type ScenarioOpenOrder } from './scenario.js';

/*
 * Reading an account through the contract, validated, in the forms the cases compare: balances by asset
 * and open orders as a multiset. Order ids are not compared (a harness may renumber them), so orders are
 * matched by market, side, quantity and price.
 */

/** The contract's `BASE-QUOTE` symbol form, stricter than the schema's `min(3)`. */
const SYMBOL_FORM = /^[^\s-]+-[^\s-]+$/;

/** Balances by asset, validated; an asset reported twice or a zero balance fails the case. */
export async function readBalances(connection: BrokerConnection, what = 'fetchBalances'): Promise<Map<string, ExpectedBalance>> {
  const balances = validated(z.array(BalanceSchema), await connection.fetchBalances(liveSignal()), what);
  const byAsset = new Map<string, ExpectedBalance>();
  for (const balance of balances) {
    if (byAsset.has(balance.asset)) expect.fail(`${what} reported ${balance.asset} twice`);
    if (!(balance.total > 0)) expect.fail(`${what} reported ${balance.asset} with total ${balance.total}: only non-zero balances are holdings`);
    if (balance.free > balance.total * (1 + 1e-9)) expect.fail(`${what} reported ${balance.asset} free ${balance.free} above its total ${balance.total}`);
    byAsset.set(balance.asset, { total: balance.total, free: balance.free });
  }
  return byAsset;
}

/** Open orders, validated: symbols in `BASE-QUOTE` form agreeing with base and quote, ids unique. */
export async function readOpenOrders(connection: BrokerConnection, what = 'fetchOpenOrders'): Promise<OpenOrder[]> {
  const orders = validated(z.array(OpenOrderSchema), await connection.fetchOpenOrders(liveSignal()), what);
  const ids = new Set<string>();
  for (const order of orders) {
    if (!SYMBOL_FORM.test(order.symbol) || order.symbol !== `${order.base}-${order.quote}`) {
      expect.fail(`${what}: order ${order.id} has symbol ${order.symbol}, base ${order.base}, quote ${order.quote}: expected BASE-QUOTE`);
    }
    if (ids.has(order.id)) expect.fail(`${what} reported order id ${order.id} twice`);
    ids.add(order.id);
  }
  return orders;
}

/** Asserts that exactly the expected assets are reported, each with its total and free quantity. */
export function expectBalances(actual: ReadonlyMap<string, ExpectedBalance>, expected: ReadonlyMap<string, ExpectedBalance>, what: string): void {
  const missing = [...expected.keys()].filter((asset) => !actual.has(asset));
  const extra = [...actual.keys()].filter((asset) => !expected.has(asset));
  if (missing.length > 0 || extra.length > 0) {
    expect.fail(`${what}: assets differ (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`);
  }
  for (const [asset, want] of expected) {
    const got = actual.get(asset) as ExpectedBalance;
    expectNear(got.total, want.total, `${what}: ${asset} total`);
    expectNear(got.free, want.free, `${what}: ${asset} free (total minus funds held by open orders)`);
  }
}

/** The comparable part of an order: market, side, quantity, limit price. */
export interface OrderShape {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number | null;
}

/** A scenario order as the broker must report it. */
export function shapeOfScenarioOrder(order: ScenarioOpenOrder): OrderShape {
  return { symbol: scenarioSymbol(order.asset), side: order.side, quantity: order.quantity, price: order.price };
}

function sameShape(a: OrderShape, b: OrderShape): boolean {
  const samePrice = a.price === null || b.price === null ? a.price === b.price : isNear(a.price, b.price);
  return a.symbol === b.symbol && a.side === b.side && isNear(a.quantity, b.quantity) && samePrice;
}

function describeShape(order: OrderShape): string {
  return `${order.side} ${order.quantity} ${order.symbol} @ ${order.price ?? 'no price'}`;
}

/** Asserts that `actual` holds exactly the `expected` orders (as a multiset, ids ignored). */
export function expectOrders(actual: readonly OrderShape[], expected: readonly OrderShape[], what: string): void {
  const unmatched = [...actual];
  const missing: OrderShape[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex((got) => sameShape(got, want));
    if (index === -1) missing.push(want);
    else unmatched.splice(index, 1);
  }
  if (missing.length > 0 || unmatched.length > 0) {
    expect.fail(
      `${what}: open orders differ (missing: ${missing.map(describeShape).join('; ') || 'none'}; unexpected: ${unmatched.map(describeShape).join('; ') || 'none'})`,
    );
  }
}

/** Balances and open orders at one moment, to prove that a rejected call changed nothing. */
export interface AccountPicture {
  readonly balances: Map<string, ExpectedBalance>;
  readonly openOrders: OpenOrder[];
}

/** Reads balances and open orders. */
export async function pictureOf(connection: BrokerConnection): Promise<AccountPicture> {
  return { balances: await readBalances(connection), openOrders: await readOpenOrders(connection) };
}

/** Asserts that the account still looks exactly as `before`: nothing sold, nothing cancelled. */
export async function expectUnchanged(connection: BrokerConnection, before: AccountPicture, what: string): Promise<void> {
  const after = await pictureOf(connection);
  expectBalances(after.balances, before.balances, `${what}, balances afterwards`);
  expectOrders(after.openOrders, before.openOrders, `${what}, open orders afterwards`);
}

/**
 * Asserts that no order exists under `clientOrderId` after a rejection: none at all, or one the exchange
 * records as rejected with nothing filled.
 */
export async function expectNoOrderUnder(connection: BrokerConnection, clientOrderId: string, symbol: string): Promise<void> {
  const found = validated(OrderReportSchema.nullable(), await connection.lookupOrder({ clientOrderId, symbol }, liveSignal()), 'lookupOrder');
  if (found !== null) {
    expect({ status: found.status, filledQuantity: found.filledQuantity }, `lookupOrder of the rejected sell ${clientOrderId}`).toEqual({
      status: 'rejected',
      filledQuantity: 0,
    });
  }
}
