import { cleanupError } from '@forced-cleanup/contract';
import type { CcxtExchange, CcxtExchangeConfig, CcxtModule } from './ccxt-exchange.js';
import { withRecordedImplicitApi } from './implicit-api.js';

/*
 * ccxt is imported only when an account uses it, once per process: its import alone takes ~0.4 s, which a
 * run over paper or Coinbase accounts must not pay.
 */

let loading: Promise<CcxtModule> | undefined;

/** The ccxt module, imported on first use. A failed import is retried by the next call. */
export function loadCcxt(): Promise<CcxtModule> {
  loading ??= import('ccxt').then(
    (module) => ((module as { default?: unknown }).default ?? module) as CcxtModule,
    (error: unknown) => {
      loading = undefined;
      throw cleanupError('invalid_config', `the ccxt package could not be loaded: ${(error as Error).message}`);
    },
  );
  return loading;
}

/** A constructor of one ccxt exchange class. */
type ExchangeClass = new (config: CcxtExchangeConfig) => CcxtExchange;

/** Per ccxt class, its subclass that names the implicit API once per process (`implicit-api.ts`). */
const fasterClasses = new WeakMap<ExchangeClass, ExchangeClass>();

function fasterClassOf(base: ExchangeClass): ExchangeClass {
  let derived = fasterClasses.get(base);
  if (derived === undefined) {
    derived = withRecordedImplicitApi(base);
    fasterClasses.set(base, derived);
  }
  return derived;
}

/**
 * A new instance of the ccxt exchange `id` (each account gets its own: its own rate limiter, nonce and
 * markets; only the implicit API's endpoint table, which holds no state, is worked out once). Rejects
 * with `invalid_config` naming the option for an id ccxt does not know.
 */
export function instantiateExchange(ccxt: CcxtModule, id: string, config: CcxtExchangeConfig, option: string): CcxtExchange {
  const constructor = ccxt.exchanges.includes(id) ? ccxt[id] : undefined;
  if (typeof constructor !== 'function') {
    const similar = ccxt.exchanges.filter((candidate) => candidate.startsWith(id.slice(0, 3))).slice(0, 8);
    const hint = similar.length > 0 ? ` (similar: ${similar.join(', ')})` : '';
    throw cleanupError('invalid_config', `${option}: "${id}" is not a ccxt exchange id${hint}; see ccxt.exchanges for the ${ccxt.exchanges.length} ids`);
  }
  return new (fasterClassOf(constructor as ExchangeClass))(config);
}
