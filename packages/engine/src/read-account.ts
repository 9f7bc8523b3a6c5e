import { buildAccountSnapshot, selectPriceSymbols, type TrackedPositionInfo } from '@forced-cleanup/core';
import { toErrorData, type AccountSnapshot, type BrokerConnection } from '@forced-cleanup/contract';
import type { ConnectedAccount } from './connect-account.js';
import { checkBrokerOutput } from './validate-broker-output.js';

/**
 * Reads one account into a snapshot: balances, markets, the prices of the markets its holdings sell
 * through, and open orders — every answer validated. Any failure makes the account unreadable (never a
 * guess: an account read in part is not read).
 */
export async function readAccount(
  connected: ConnectedAccount,
  cashAssets: readonly string[],
  signal: AbortSignal,
  positionInfo?: ReadonlyMap<string, TrackedPositionInfo>,
): Promise<AccountSnapshot> {
  const { account } = connected;
  const base = { accountId: account.id, owner: account.owner, broker: account.broker };
  if (connected.connection === null) return { readable: false, ...base, error: connected.error };
  try {
    const read = await readRaw(connected.connection, account.id, cashAssets, signal);
    return buildAccountSnapshot({
      ...base,
      read,
      cashAssets,
      capabilities: { dustConversion: connected.connection.capabilities.dustConversion },
      ...(positionInfo ? { positionInfo } : {}),
    });
  } catch (error) {
    return { readable: false, ...base, error: toErrorData(error) };
  }
}

async function readRaw(connection: BrokerConnection, accountId: string, cashAssets: readonly string[], signal: AbortSignal) {
  const [balances, markets, openOrders] = await Promise.all([
    connection.fetchBalances(signal).then((v) => checkBrokerOutput('balances', v, accountId)),
    connection.fetchMarkets(signal).then((v) => checkBrokerOutput('markets', v, accountId)),
    connection.fetchOpenOrders(signal).then((v) => checkBrokerOutput('openOrders', v, accountId)),
  ]);
  const symbols = selectPriceSymbols(balances, markets, cashAssets);
  const prices = symbols.length === 0 ? {} : checkBrokerOutput('prices', await connection.fetchPrices(symbols, signal), accountId);
  return { balances, markets, prices, openOrders };
}
