import {
  generateBinanceCredential,
  generateCoinbaseKey,
  generateKrakenCredential,
  type BinanceCredential,
  type CoinbaseKeyPair,
  type KrakenCredential,
} from './sign.js';

/**
 * The keys the built-in sample states accept, derived from fixed public seeds (so nothing secret is
 * committed, and every run derives the same keys). They unlock only the simulator: point a client at a sim
 * started without `--state` and sign with these.
 */
export interface SampleCredentials {
  readonly coinbase: { readonly ecdsa: CoinbaseKeyPair; readonly ed25519: CoinbaseKeyPair };
  readonly kraken: KrakenCredential;
  readonly binance: BinanceCredential;
}

let cached: SampleCredentials | undefined;

/** The sample keys (computed once per process). */
export function sampleCredentials(): SampleCredentials {
  cached ??= {
    coinbase: {
      ecdsa: generateCoinbaseKey({ algorithm: 'ES256', seed: 'exchange-sim sample ecdsa', keyName: 'organizations/sample-org/apiKeys/sample-ecdsa' }),
      ed25519: generateCoinbaseKey({ algorithm: 'EdDSA', seed: 'exchange-sim sample ed25519', keyName: 'organizations/sample-org/apiKeys/sample-ed25519' }),
    },
    kraken: generateKrakenCredential('exchange-sim sample kraken'),
    binance: generateBinanceCredential('exchange-sim sample binance'),
  };
  return cached;
}
