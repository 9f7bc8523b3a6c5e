/**
 * @forced-cleanup/exchange-sim — protocol-faithful fake Coinbase Advanced Trade, Kraken and Binance spot
 * servers on 127.0.0.1, for testing broker plugins with their REAL client libraries. See
 * docs/exchange-sim.md for the state format, the protocols, and the faults.
 */
export { startExchangeSim, type ExchangeSim, type ExchangeSimOptions } from './sim.js';
export { EXCHANGE_NAMES, REQUEST_KINDS, type ExchangeName, type RequestKind } from './server/protocol.js';
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './server/faults.js';
export { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './server/rate-limiter.js';
export type { RequestRecord } from './server/request-log.js';
export { SimStateSchema, type SimState, type SimStateInput, type SimMarket, type SimOpenOrder, type SimPastOrder, type SimBalance } from './state/schema.js';
export { parseSimState, readStateFile } from './state/load-state.js';
export { sampleState } from './state/sample-states.js';
export { balanceOf, type BalanceView } from './state/ledger.js';
export { krakenAsset, krakenPair, type KrakenAsset, type KrakenPair } from './exchanges/kraken/naming.js';
