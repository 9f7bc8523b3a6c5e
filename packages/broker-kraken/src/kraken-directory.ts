import { AssetNames } from './asset-names.js';
import { AssetPairsResultSchema, AssetsResultSchema } from './kraken-responses.js';
import type { KrakenTransport } from './kraken-transport.js';
import { PairDirectory } from './pair-directory.js';

/** Kraken's names: assets (`Assets`) and pairs (`AssetPairs`), both public calls. */
export interface KrakenDirectory {
  readonly names: AssetNames;
  readonly pairs: PairDirectory;
}

/**
 * Keeps one connection's directory. It is read on first use and again by every `fetchMarkets` (the read a
 * run starts with), so a run works from the pairs and rules of its own read. Reads asked for while one is
 * under way share it (a run reads balances, markets and open orders at once: one directory read, not
 * two). A failed read is not kept.
 */
export class DirectoryCache {
  private current: Promise<KrakenDirectory> | null = null;
  private inFlight: Promise<KrakenDirectory> | null = null;

  constructor(private readonly transport: KrakenTransport) {}

  /** The directory read last, or a fresh one when none was read yet. */
  get(signal: AbortSignal): Promise<KrakenDirectory> {
    return this.current ?? this.refresh(signal);
  }

  /** Reads the directory again (or joins the read under way). */
  refresh(signal: AbortSignal): Promise<KrakenDirectory> {
    if (this.inFlight) return this.inFlight;
    const loading = load(this.transport, signal);
    this.current = loading;
    this.inFlight = loading;
    const settle = (): void => {
      if (this.inFlight === loading) this.inFlight = null;
    };
    loading.then(settle, () => {
      settle();
      if (this.current === loading) this.current = null;
    });
    return loading;
  }
}

async function load(transport: KrakenTransport, signal: AbortSignal): Promise<KrakenDirectory> {
  const [assets, pairs] = await Promise.all([
    transport.publicCall('Assets', {}, AssetsResultSchema, signal),
    transport.publicCall('AssetPairs', {}, AssetPairsResultSchema, signal),
  ]);
  const names = new AssetNames(new Map(Object.entries(assets).map(([id, asset]) => [id, asset.altname])));
  return { names, pairs: new PairDirectory(pairs, names) };
}
