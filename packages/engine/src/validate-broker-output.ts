import { z } from 'zod';
import {
  BalanceSchema,
  MarketRulesSchema,
  OpenOrderSchema,
  OrderReportSchema,
  cleanupError,
  type Balance,
  type MarketRules,
  type OpenOrder,
  type OrderReport,
} from '@forced-cleanup/contract';

const schemas = {
  balances: z.array(BalanceSchema),
  markets: z.array(MarketRulesSchema),
  prices: z.record(z.string(), z.number().nullable()),
  openOrders: z.array(OpenOrderSchema),
  order: OrderReportSchema,
  orderOrNull: OrderReportSchema.nullable(),
};

type Checked = {
  balances: Balance[];
  markets: MarketRules[];
  prices: Record<string, number | null>;
  openOrders: OpenOrder[];
  order: OrderReport;
  orderOrNull: OrderReport | null;
};

/**
 * Validates what a broker returned against the contract (the engine trusts no plugin): malformed data is a
 * `malformed_response` error naming the account, the call and the first bad path — nothing is traded on it.
 */
export function checkBrokerOutput<K extends keyof Checked>(kind: K, value: unknown, accountId: string): Checked[K] {
  const result = schemas[kind].safeParse(value);
  if (result.success) return result.data as Checked[K];
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(root)';
  throw cleanupError(
    'malformed_response',
    `account ${accountId}: the broker returned malformed ${kind} (at ${path}: ${issue?.message ?? 'invalid'})`,
  );
}
