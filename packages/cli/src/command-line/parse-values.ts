import { CliError } from '../cli-errors.js';

/** A USD amount: a plain decimal number ≥ 0 (no exponent, no sign, no `Infinity`). */
export function parseUsd(name: string, text: string): number {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed) || !Number.isFinite(Number(trimmed))) {
    throw new CliError('BadFlagValue', `${name}: expected an amount in USD ≥ 0 such as 1 or 0.50, got "${text}"`);
  }
  return Number(trimmed);
}

/** A count: a whole number ≥ 0. */
export function parseCount(name: string, text: string): number {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed)) {
    throw new CliError('BadFlagValue', `${name}: expected a whole number ≥ 0 such as 8, got "${text}"`);
  }
  return Number(trimmed);
}

/** Values of a repeatable flag, each of which may also be a comma list: `--owner a,b --owner c` → a, b, c. */
export function splitList(name: string, values: readonly string[] | undefined): string[] {
  const items = (values ?? []).flatMap((value) => value.split(',')).map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new CliError('BadFlagValue', `${name}: an empty value (check for a stray comma)`);
  }
  return [...new Set(items)];
}

/** An owner as the filters take it: `platform` or `user:<id>`. */
export function parseOwnerFilter(text: string): string {
  if (text === 'platform' || /^user:[A-Za-z0-9_.@-]+$/.test(text)) return text;
  const hint = /^[A-Za-z0-9_.@-]+$/.test(text) ? ` (did you mean "user:${text}"?)` : '';
  throw new CliError('BadFlagValue', `--owner: expected "platform" or "user:<id>", got "${text}"${hint}`);
}

/** One value band of `--bands`: `name=usd` or a bare `usd` (named after its bound). */
export interface ValueBand {
  /** Shown in the category column, e.g. `winning`. */
  readonly name: string;
  /** Positions worth at least this much (USD) fall in the band. */
  readonly minUsd: number;
}

/** The seed's bands: ≥ $5 "winning", ≥ $1 "small"; below them a position is dust (or "minor"). */
export const DEFAULT_VALUE_BANDS: readonly ValueBand[] = [
  { name: 'winning', minUsd: 5 },
  { name: 'small', minUsd: 1 },
];

/** `--bands winning=5,small=1` (or `5,1`): bands sorted from the highest bound down, names unique. */
export function parseBands(text: string): ValueBand[] {
  const bands = text.split(',').map((part) => {
    const match = /^\s*(?:([A-Za-z][A-Za-z0-9_-]*)\s*=\s*)?([^=]+?)\s*$/.exec(part);
    if (!match) throw new CliError('BadFlagValue', `--bands: expected name=usd pairs such as winning=5,small=1, got "${part}"`);
    const minUsd = parseUsd('--bands', match[2] ?? '');
    return { name: match[1] ?? `≥${minUsd}`, minUsd };
  });
  const names = new Set(bands.map((band) => band.name));
  if (names.size !== bands.length) throw new CliError('BadFlagValue', `--bands: each band needs its own name, got "${text}"`);
  return bands.sort((a, b) => b.minUsd - a.minUsd);
}
