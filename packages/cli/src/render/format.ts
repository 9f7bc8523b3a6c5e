/** `$0.43`, `$5.00`, `$1,234.50`; amounts under a cent keep three significant digits (`$0.00412`). */
export function usd(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toPrecision(3)}`;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `+2.50%`, `-2.15%`, `0.00%`, or `n/a` when unknown. */
export function pct(value: number | null): string {
  if (value === null) return 'n/a';
  const rounded = Math.round(value * 100) / 100;
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(2)}%`;
}

/** `PLATFORM` or `USER: user_123`. */
export function ownerLabel(owner: string): string {
  return owner === 'platform' ? 'PLATFORM' : `USER: ${owner.slice('user:'.length)}`;
}

/** `platform` or `user_123`, as the seed's summaries name owners. */
export function ownerShortName(owner: string): string {
  return owner === 'platform' ? 'PLATFORM' : `USER ${owner.slice('user:'.length)}`;
}

/** `1 position`, `2 positions`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The horizontal rules of the seed's log. */
export const RULE = '='.repeat(70);
export const THIN_RULE = '-'.repeat(70);
