import { CONTRACT_VERSION, cleanupError, type AccountConfig, type BrokerConnection, type BrokerContext, type BrokerPlugin } from '@forced-cleanup/contract';
import { KrakenConnection } from './kraken-connection.js';
import { resolveKrakenOptions } from './kraken-options.js';
import { KrakenTransport } from './kraken-transport.js';

/** A Kraken secret is the base64 of 64 bytes; anything else cannot sign. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Connects a Kraken account: validates its options (`invalid_config` naming the bad path), reads the key
 * and secret through the engine's secret reader (`apiKeyEnv`/`apiKeyFile`, `apiSecretEnv`/`apiSecretFile`),
 * and makes the connection. No request is sent yet: credentials Kraken refuses make the first read fail
 * with `auth_failed`, so the engine reports that one account unreadable while the others proceed.
 */
async function connect(account: AccountConfig, context: BrokerContext, signal: AbortSignal): Promise<BrokerConnection> {
  if (signal.aborted) throw cleanupError('aborted', 'Kraken connect: aborted');
  const options = resolveKrakenOptions(account);
  const apiKey = context.secrets.read('apiKey', options.credentials.apiKey);
  const apiSecret = context.secrets.read('apiSecret', options.credentials.apiSecret).replace(/\s+/g, '');
  if (!BASE64.test(apiSecret) || apiSecret.length % 4 !== 0) {
    throw cleanupError('invalid_config', `accounts[${account.id}].apiSecret: the secret is not base64 (Kraken hands out its private key in base64)`);
  }
  const transport = new KrakenTransport({
    baseUrl: options.baseUrl,
    apiKey: apiKey.trim(),
    apiSecret,
    timeoutMs: options.timeoutMs,
    nonceScale: options.nonceScale,
  });
  context.logger.info('kraken account connected', {
    accountId: account.id,
    baseUrl: options.baseUrl,
    nonce: options.nonceScale,
    tier: options.tier,
  });
  return new KrakenConnection(transport, options.rateLimit);
}

/** The Kraken broker (`broker: kraken`), on kraken-api 1.0.2. */
export const plugin: BrokerPlugin = Object.freeze({
  name: 'kraken',
  contractVersion: CONTRACT_VERSION,
  connect,
});
