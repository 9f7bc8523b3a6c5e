/**
 * Asset lists from the configuration (cash assets, protect lists) are written by people, so they are
 * matched case-insensitively: `usdc` in a config file means `USDC`.
 */

/** An upper-cased set of the given assets, for {@link hasAsset}. */
export function assetSet(assets: readonly string[] | undefined): ReadonlySet<string> {
  const set = new Set<string>();
  if (assets === undefined) return set;
  for (const asset of assets) set.add(asset.toUpperCase());
  return set;
}

/** True when `asset` (any case) is in a set built by {@link assetSet}. */
export function hasAsset(set: ReadonlySet<string>, asset: string): boolean {
  return set.size > 0 && set.has(asset.toUpperCase());
}
