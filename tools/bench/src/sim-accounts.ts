import { AccountConfigSchema, type AccountConfig, type OwnerId } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateBinanceCredential, generateCoinbaseKey, generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';

/*
 * One simulated exchange account: a sim holding the account's portfolio, a key it accepts, and the account
 * config that points the real broker plugin at it (`coinbase` → broker-coinbase on coinbase-advanced-node,
 * `binance` → broker-ccxt on ccxt, `kraken` → broker-kraken on kraken-api). Credentials are named in the
 * config and handed over through the engine's `env`, as in production.
 */

/** The exchanges a benchmark can run against. */
export const BENCH_EXCHANGES = ['coinbase', 'binance', 'kraken'] as const;
/** An exchange of {@link BENCH_EXCHANGES}. */
export type BenchExchange = (typeof BENCH_EXCHANGES)[number];

/** The broker plugin (and library) each exchange is reached through, for the figure lines. */
export const BROKER_OF: Readonly<Record<BenchExchange, string>> = { coinbase: 'coinbase', binance: 'ccxt', kraken: 'kraken' };

/** A request budget, as a sim enforces it or as an account declares it. */
export interface Budget {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

/** What one account is. */
export interface SimAccountSpec {
  readonly exchange: BenchExchange;
  readonly accountId: string;
  readonly owner: OwnerId;
  /** The portfolio (credentials are added here). */
  readonly state: Omit<SimStateInput, 'credentials'>;
  /** The budget written in the account's config: the engine (and the broker) pace the key by it. */
  readonly accountRateLimit: Budget;
}

/** An account prepared for a sim that is not started yet: the sim's state, and the config once its URL is known. */
export interface PreparedSimAccount {
  readonly exchange: BenchExchange;
  /** The sim state, credentials included. */
  readonly simState: SimStateInput;
  /** Environment variables holding the account's credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** The same credentials: the key (Coinbase key name, API key) and its secret (private key, API secret). */
  readonly credentials: { readonly key: string; readonly secret: string };
  /** The account config for a sim listening at `url`. */
  accountFor(url: string): AccountConfig;
}

/** A started sim and the account that uses it. */
export interface SimAccount {
  readonly sim: ExchangeSim;
  readonly account: AccountConfig;
  readonly env: Readonly<Record<string, string>>;
}

function envName(accountId: string, part: string): string {
  return `FC_BENCH_${accountId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${part}`;
}

/** Generates the account's key (deterministic for its id) and its sim state and config. */
export function prepareSimAccount(spec: SimAccountSpec): PreparedSimAccount {
  const keyEnv = envName(spec.accountId, 'KEY');
  const secretEnv = envName(spec.accountId, 'SECRET');
  const common = { id: spec.accountId, owner: spec.owner, rateLimit: spec.accountRateLimit };
  const seed = `bench ${spec.accountId}`;
  switch (spec.exchange) {
    case 'coinbase': {
      const key = generateCoinbaseKey({ seed, keyName: `organizations/bench/apiKeys/${spec.accountId}` });
      return {
        exchange: spec.exchange,
        simState: { ...spec.state, credentials: { coinbase: [{ keyName: key.keyName, publicKeyPem: key.publicKeyPem }] } },
        env: { [keyEnv]: key.keyName, [secretEnv]: key.privateKey },
        credentials: { key: key.keyName, secret: key.privateKey },
        accountFor: (url) => AccountConfigSchema.parse({ ...common, broker: 'coinbase', baseUrl: url, apiKeyNameEnv: keyEnv, apiPrivateKeyEnv: secretEnv }),
      };
    }
    case 'binance': {
      const key = generateBinanceCredential(seed);
      return {
        exchange: spec.exchange,
        simState: { ...spec.state, credentials: { binance: [key] } },
        env: { [keyEnv]: key.apiKey, [secretEnv]: key.secret },
        credentials: { key: key.apiKey, secret: key.secret },
        accountFor: (url) => AccountConfigSchema.parse({ ...common, broker: 'ccxt', exchange: 'binance', baseUrl: url, apiKeyEnv: keyEnv, apiSecretEnv: secretEnv }),
      };
    }
    case 'kraken': {
      const key = generateKrakenCredential(seed);
      return {
        exchange: spec.exchange,
        simState: { ...spec.state, credentials: { kraken: [key] } },
        env: { [keyEnv]: key.apiKey, [secretEnv]: key.secret },
        credentials: { key: key.apiKey, secret: key.secret },
        accountFor: (url) => AccountConfigSchema.parse({ ...common, broker: 'kraken', baseUrl: url, apiKeyEnv: keyEnv, apiSecretEnv: secretEnv }),
      };
    }
  }
}

/** Starts the sim of one account in this process and returns the account config pointing at it. */
export async function startSimAccount(spec: SimAccountSpec, sim: { latencyMs: number; rateLimit: Budget | false }): Promise<SimAccount> {
  const prepared = prepareSimAccount(spec);
  const started = await startExchangeSim({ exchange: spec.exchange, state: prepared.simState, latencyMs: sim.latencyMs, rateLimit: sim.rateLimit });
  return { sim: started, account: prepared.accountFor(started.url), env: prepared.env };
}
