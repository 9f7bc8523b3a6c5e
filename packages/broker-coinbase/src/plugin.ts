import { CONTRACT_VERSION, cleanupError, type AccountConfig, type BrokerConnection, type BrokerContext, type BrokerPlugin } from '@forced-cleanup/contract';
import { CoinbaseApi } from './coinbase-api.js';
import { loadCdpKey } from './cdp-key.js';
import { createCoinbaseClient, type ExchangeClock } from './coinbase-client.js';
import { CoinbaseConnection } from './coinbase-connection.js';
import { resolveCoinbaseOptions } from './coinbase-options.js';
import { toCoinbaseError } from './errors.js';
import { createRedactor } from './redactor.js';
import { RequestPacer } from './request-pacer.js';
import { measureClockSkew } from './server-time.js';

/** Test seams: the local clock (the JWT's `nbf` and the pacer read it). */
export interface CoinbaseConnectHooks {
  /** Local time in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Connects a Coinbase account: validates its options, reads and loads the CDP key (`invalid_config` naming
 * the option when either part is unusable, never its value), builds the client and measures the clock skew
 * against Coinbase's server time. Credentials are checked by the exchange at the first read: a rejected
 * key makes that read fail with `auth_failed`, so the account is reported unreadable and the others go on.
 */
export async function connectCoinbase(account: AccountConfig, context: BrokerContext, signal: AbortSignal, hooks: CoinbaseConnectHooks = {}): Promise<BrokerConnection> {
  if (signal.aborted) throw cleanupError('aborted', 'Coinbase connect: aborted before it started', { retryable: false });
  const options = resolveCoinbaseOptions(account);
  const keyName = context.secrets.read(options.keyName.label, options.keyName.reference);
  const privateKeyText = context.secrets.read(options.privateKey.label, options.privateKey.reference);
  const key = loadCdpKey(keyName, privateKeyText, { keyName: options.keyName.label, privateKey: options.privateKey.label });
  const redact = createRedactor([keyName, privateKeyText.trim(), ...privateKeyText.split(/\r?\n|\\n/).filter((line) => !line.startsWith('-----'))]);

  const localNowMs = hooks.now ?? Date.now;
  const clock: ExchangeClock = { skewSeconds: 0, localNowMs };
  const built = createCoinbaseClient({
    baseUrl: options.baseUrl,
    advTradeHttpUrl: options.advTradeHttpUrl,
    siwcHttpUrl: options.siwcHttpUrl,
    timeoutMs: options.timeoutMs,
    key,
    pacer: new RequestPacer(options.rateLimit, localNowMs),
    clock,
  });
  try {
    try {
      clock.skewSeconds = await measureClockSkew(new CoinbaseApi(built.client.rest), options.siwcHttpUrl, signal, localNowMs);
    } catch (error) {
      throw toCoinbaseError(error, 'connect', redact);
    }
  } catch (error) {
    built.destroy();
    throw error;
  }
  if (clock.skewSeconds !== 0) context.logger.warn('local clock differs from Coinbase; JWTs use Coinbase time', { accountId: account.id, skewSeconds: clock.skewSeconds });
  context.logger.info('coinbase account connected', { accountId: account.id, baseUrl: options.baseUrl, keyAlgorithm: key.algorithm });
  return new CoinbaseConnection(built.client.rest, { rateLimit: options.rateLimit, redact, destroy: built.destroy, now: localNowMs });
}

/** The Coinbase Advanced Trade broker (`broker: coinbase`). */
export const plugin: BrokerPlugin = Object.freeze({
  name: 'coinbase',
  contractVersion: CONTRACT_VERSION,
  connect: (account: AccountConfig, context: BrokerContext, signal: AbortSignal) => connectCoinbase(account, context, signal),
});
