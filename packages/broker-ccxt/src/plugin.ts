import { CONTRACT_VERSION, cleanupError, type AccountConfig, type BrokerConnection, type BrokerContext, type BrokerPlugin } from '@forced-cleanup/contract';
import { CcxtConnection } from './ccxt-connection.js';
import type { CcxtExchange, CcxtExchangeConfig, CcxtModule } from './ccxt-exchange.js';
import { resolveCcxtOptions, type ResolvedCcxtOptions } from './ccxt-options.js';
import { genericRateLimit, isVerifiedExchange, profileOf, type ExchangeProfile } from './exchange-profiles.js';
import { instantiateExchange, loadCcxt } from './load-ccxt.js';
import { installResponseGuard, installStatusGuard } from './response-guard.js';
import { apiUrlsOf, pointExchangeAt } from './rewrite-api-urls.js';
import { strictlyIncreasingNonce } from './strict-nonce.js';

/** The credentials of an account, read through the engine's secret reader. */
interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
  readonly password: string | null;
}

/** Reads the credentials the options name. Errors name the option and the variable or file, never a value. */
function readCredentials(options: ResolvedCcxtOptions, context: BrokerContext): Credentials {
  const { apiKey, apiSecret, password } = options.credentials;
  return {
    apiKey: context.secrets.read('apiKey', apiKey),
    secret: context.secrets.read('apiSecret', apiSecret),
    password: password === null ? null : context.secrets.read('password', password),
  };
}

/** Refuses an exchange that needs a credential this broker cannot be given (a uid, a wallet, …). */
function checkRequiredCredentials(exchange: CcxtExchange, credentials: Credentials, accountId: string): void {
  const root = `accounts[${accountId}]`;
  const required = Object.entries(exchange.requiredCredentials ?? {})
    .filter(([, needed]) => needed)
    .map(([name]) => name);
  if (required.includes('password') && credentials.password === null) {
    throw cleanupError('invalid_config', `${root}: ccxt exchange ${exchange.id} needs a passphrase: name it with passwordEnv or passwordFile`);
  }
  const unsupported = required.filter((name) => !['apiKey', 'secret', 'password'].includes(name));
  if (unsupported.length > 0) {
    throw cleanupError('invalid_config', `${root}: ccxt exchange ${exchange.id} needs ${unsupported.join(', ')}, which broker-ccxt does not support`);
  }
}

/**
 * A configured ccxt instance: credentials, no retries, no rate limiter of its own, URLs rebased, answers
 * guarded. Exported for tests only (the package exports the plugin).
 */
export function createExchange(
  ccxt: CcxtModule,
  options: ResolvedCcxtOptions,
  profile: ExchangeProfile,
  credentials: Credentials,
): CcxtExchange {
  const config: CcxtExchangeConfig = {
    apiKey: credentials.apiKey,
    secret: credentials.secret,
    // The engine paces calls per account from the declared rate limit; ccxt's own limiter would add a
    // second, hidden queue. ccxt retries nothing unless `maxRetriesOnFailure` is set, which it never is
    // here: an order-placing call must never be repeated blindly.
    enableRateLimit: false,
    timeout: options.timeoutMs,
    // A deep copy: ccxt keeps nested option values (arrays) by reference, and no account's instance may
    // share a mutable object with another's.
    options: structuredClone(profile.ccxtOptions) as Record<string, unknown>,
  };
  if (credentials.password !== null) config.password = credentials.password;
  const exchange = instantiateExchange(ccxt, options.exchange, config, `accounts[${options.accountId}].exchange`);
  if (options.baseUrl !== null) {
    const base = options.baseUrl.replace(/\/+$/, '');
    pointExchangeAt(exchange, base);
    const stray = apiUrlsOf(exchange.urls.api).filter((url) => !url.startsWith(base));
    if (stray.length > 0) throw cleanupError('invalid_config', `accounts[${options.accountId}].baseUrl: ${stray.length} API URL(s) could not be rewritten`);
  }
  installResponseGuard(exchange);
  installStatusGuard(exchange);
  if (profile.strictlyIncreasingNonce) strictlyIncreasingNonce(exchange);
  return exchange;
}

/**
 * Connects a ccxt account: validates its options (`invalid_config` naming the bad key), reads its
 * credentials through `context.secrets`, loads ccxt (lazily, once per process) and creates the account's
 * own exchange instance. Sends no request: the first call loads the markets.
 */
async function connect(account: AccountConfig, context: BrokerContext, signal: AbortSignal): Promise<BrokerConnection> {
  if (signal.aborted) throw cleanupError('aborted', 'ccxt connect aborted');
  const options = resolveCcxtOptions(account);
  const credentials = readCredentials(options, context);
  const ccxt = await loadCcxt();
  if (signal.aborted) throw cleanupError('aborted', 'ccxt connect aborted');
  const profile = profileOf(options.exchange);
  const exchange = createExchange(ccxt, options, profile, credentials);
  checkRequiredCredentials(exchange, credentials, options.accountId);
  const rateLimit = options.rateLimit ?? profile.rateLimit ?? genericRateLimit(exchange.rateLimit);
  context.logger.info('ccxt account connected', {
    accountId: options.accountId,
    exchange: options.exchange,
    baseUrl: options.baseUrl === null ? 'exchange default' : new URL(options.baseUrl).origin,
    requestsPerSecond: rateLimit.requestsPerSecond,
  });
  if (!isVerifiedExchange(options.exchange)) {
    // Loud on purpose: nothing about this exchange was checked against a simulator.
    context.logger.warn('ccxt exchange not verified by forced-cleanup: no client-order-id lookup, free balances derived', {
      accountId: options.accountId,
      exchange: options.exchange,
    });
  }
  const secrets = [credentials.apiKey, credentials.secret, ...(credentials.password === null ? [] : [credentials.password])];
  return new CcxtConnection({ exchange, profile, rateLimit, secrets, logger: context.logger });
}

/** The ccxt broker: any ccxt exchange by id (`exchange: binance`). */
export const plugin: BrokerPlugin = Object.freeze({
  name: 'ccxt',
  contractVersion: CONTRACT_VERSION,
  connect,
});
