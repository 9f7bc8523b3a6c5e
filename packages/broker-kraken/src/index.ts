/**
 * @forced-cleanup/broker-kraken — the Kraken spot broker plugin, on the kraken-api client library with its
 * traps neutralised (per-key serialised private calls with a strictly increasing nonce, `BalanceEx` for
 * free versus held, neutral asset names, staking balances reported as stuck, order minimums checked before
 * sending). The default export is the broker plugin. See docs/broker-kraken.md.
 */
import { plugin } from './plugin.js';

export { plugin };
export default plugin;
export { KrakenConnection } from './kraken-connection.js';
export { KrakenTransport, type KrakenParams, type KrakenTransportSettings } from './kraken-transport.js';
export {
  KrakenOptionsSchema,
  resolveKrakenOptions,
  KRAKEN_API_URL,
  DEFAULT_KRAKEN_TIMEOUT_MS,
  type KrakenOptions,
  type KrakenOptionsInput,
  type ResolvedKrakenOptions,
} from './kraken-options.js';
export { KRAKEN_CAPABILITIES, KRAKEN_RATE_LIMITS, KRAKEN_TIERS, type KrakenTier } from './rate-limits.js';
export { KeyLane, keyLane, NonceSource, NONCE_SCALES, type NonceScale } from './key-lanes.js';
export { AssetNames, type NeutralAsset } from './asset-names.js';
export { PairDirectory, type KrakenMarket } from './pair-directory.js';
export { KRAKEN_ERROR_TABLE, krakenErrorRule, mapKrakenError, redactSecrets, type ErrorScope } from './errors.js';
export { krakenClientOrderId, isKrakenClientOrderId } from './client-order-id.js';
export { volumeText, sellVolume, checkCostMinimum } from './sell-guard.js';
