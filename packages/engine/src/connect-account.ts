import {
  toErrorData,
  type AccountConfig,
  type BrokerConnection,
  type BrokerContext,
  type ErrorData,
} from '@forced-cleanup/contract';
import { loadBrokerPlugin, type PluginResolution } from './load-broker-plugin.js';

/** An account with its broker connection, or the reason it has none. */
export type ConnectedAccount =
  | { readonly account: AccountConfig; readonly connection: BrokerConnection; readonly error: null }
  | { readonly account: AccountConfig; readonly connection: null; readonly error: ErrorData };

/**
 * Loads the account's broker plugin and connects. A failure (unknown broker, bad options, bad credentials)
 * is returned, not thrown: one account never stops the others.
 */
export async function connectAccount(
  account: AccountConfig,
  context: BrokerContext,
  resolution: PluginResolution,
  signal: AbortSignal,
): Promise<ConnectedAccount> {
  try {
    const plugin = await loadBrokerPlugin(account.broker, resolution);
    const connection = await plugin.connect(account, context, signal);
    return { account, connection, error: null };
  } catch (error) {
    return { account, connection: null, error: toErrorData(error) };
  }
}
