import { AccountConfigSchema, type BrokerConnection } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateBinanceCredential, generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import plugin from '../../src/index.js';
import { brokerContext, never } from './broker-context.js';

/*
 * The ccxt broker connected to exchange-sim's Binance or Kraken exactly as the engine connects it: through
 * the plugin, with `baseUrl` pointing at the sim and the credentials read from environment variables.
 */

/** The two exchanges the sim speaks that ccxt is verified against. */
export type SimExchange = 'binance' | 'kraken';

/** A credential the sim accepts. */
export interface SimCredential {
  readonly apiKey: string;
  readonly secret: string;
}

/** A fresh credential for `exchange`, derived from `seed`. */
export function credentialFor(exchange: SimExchange, seed: string): SimCredential {
  return exchange === 'binance' ? generateBinanceCredential(seed) : generateKrakenCredential(seed);
}

/** `state` with `credential` added to the keys the sim accepts for `exchange`. */
export function withCredential(state: SimStateInput, exchange: SimExchange, credential: SimCredential): SimStateInput {
  const credentials = { ...(state.credentials ?? {}) };
  credentials[exchange] = [...(credentials[exchange] ?? []), { apiKey: credential.apiKey, secret: credential.secret }];
  return { ...state, credentials };
}

/** What a connected test account is made of. */
export interface SimAccount {
  readonly sim: ExchangeSim;
  readonly connection: BrokerConnection;
  readonly credential: SimCredential;
  readonly context: ReturnType<typeof brokerContext>;
  /** Closes the connection and stops the sim. */
  stop(): Promise<void>;
}

let accountsStarted = 0;

/** Starts a sim holding `state` and connects the plugin to it (extra account options may be given). */
export async function connectToSim(exchange: SimExchange, state: SimStateInput, options: Record<string, unknown> = {}): Promise<SimAccount> {
  const credential = credentialFor(exchange, `broker-ccxt ${exchange} ${++accountsStarted}`);
  const sim = await startExchangeSim({ exchange, state: withCredential(state, exchange, credential) });
  const env = { SIM_API_KEY: credential.apiKey, SIM_API_SECRET: credential.secret };
  const context = brokerContext(env);
  const account = AccountConfigSchema.parse({
    id: `test_${exchange}`,
    owner: 'platform',
    broker: 'ccxt',
    exchange,
    baseUrl: sim.url,
    apiKeyEnv: 'SIM_API_KEY',
    apiSecretEnv: 'SIM_API_SECRET',
    timeoutMs: 5_000,
    ...options,
  });
  const connection = await plugin.connect(account, context, never);
  return {
    sim,
    connection,
    credential,
    context,
    async stop() {
      await connection.close?.();
      await sim.stop();
    },
  };
}
