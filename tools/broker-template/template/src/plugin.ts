import { CONTRACT_VERSION, cleanupError, type AccountConfig, type BrokerConnection, type BrokerContext, type BrokerPlugin } from '@forced-cleanup/contract';
import { AcmeConnection } from './acme-connection.js';
import { resolveAcmeOptions } from './acme-options.js';
import { httpTransport } from './transport.js';

/**
 * Connects an Acme account: validates its options (`invalid_config` naming the bad key), reads its
 * credentials through `context.secrets` (never from the config itself), and builds the connection. Sends
 * no request: a bad key shows at the first call, as `auth_failed`.
 */
async function connect(account: AccountConfig, context: BrokerContext, signal: AbortSignal): Promise<BrokerConnection> {
  if (signal.aborted) throw cleanupError('aborted', 'acme connect aborted');
  const options = resolveAcmeOptions(account);
  const credentials = {
    apiKey: context.secrets.read('apiKey', options.credentials.apiKey),
    apiSecret: context.secrets.read('apiSecret', options.credentials.apiSecret),
  };
  // Log where, never with what: no credential in any log line.
  context.logger.info('acme account connected', { accountId: account.id, baseUrl: new URL(options.baseUrl).origin });
  return new AcmeConnection(httpTransport(options.baseUrl, options.timeoutMs), credentials);
}

/** The Acme broker plugin. */
export const plugin: BrokerPlugin = Object.freeze({
  name: 'acme',
  contractVersion: CONTRACT_VERSION,
  connect,
});
