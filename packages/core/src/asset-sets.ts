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
  if (set.size === 0) return false;
  if (set.has(asset)) return true;
  // Broker asset names are nearly always upper-case already: upper-case (and allocate) only when needed.
  return mayChangeWhenUpperCased(asset) && set.has(asset.toUpperCase());
}

/** True when the string has an ASCII lower-case letter or any non-ASCII character. */
function mayChangeWhenUpperCased(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 97 && code <= 122) || code > 127) return true;
  }
  return false;
}
