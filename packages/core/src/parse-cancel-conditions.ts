import { cleanupError, type CancelCondition } from '@forced-cleanup/contract';

/** What a valid condition looks like; quoted in every error so the user sees the whole grammar. */
const EXPECTED =
  'expected usd_value<X, usd_value<=X, usd_value>X, usd_value>=X (X a decimal number ≥ 0 such as 1, 1.0 or .5) or rank>max_positions';

/**
 * `usd_value <op> X`. The number part is deliberately narrow: plain decimal digits, an optional fraction,
 * and a leading-dot fraction (`.5`). Signs, exponents (`1e3`), `Infinity`, `NaN`, hex and a trailing dot
 * (`1.`) are refused: a condition decides whether live orders are cancelled, so anything a reader could
 * take two ways is an error rather than a guess. Longer operators come first so `<=` is not read as `<`.
 */
const USD_VALUE_CONDITION = /^usd_value\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?|\.\d+)$/;
/** `rank>max_positions`, the only rank condition there is. */
const RANK_CONDITION = /^rank\s*>\s*max_positions$/;

/**
 * Parses `--cancel-if` / `FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF` / `cancelConditions` text, e.g.
 * `usd_value<1.0,rank>max_positions`. A comma means OR. Whitespace around tokens and around the operator
 * is tolerated; field names are case-sensitive.
 *
 * Anything else — empty text, an empty token (`usd_value<1,`), an unknown field, a bad or non-finite
 * number, a negative number — throws `invalid_config` naming the bad token: a malformed condition is
 * never skipped and never turns into another mode.
 */
export function parseCancelConditions(text: string): CancelCondition[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw cleanupError('invalid_config', `invalid cancel conditions ${JSON.stringify(String(text))}: the text is empty; ${EXPECTED}`);
  }
  const conditions: CancelCondition[] = [];
  for (const rawToken of text.split(',')) {
    conditions.push(parseToken(rawToken.trim(), text));
  }
  return conditions;
}

function parseToken(token: string, text: string): CancelCondition {
  const where = `invalid cancel condition ${JSON.stringify(token)} in ${JSON.stringify(text)}`;
  if (token === '') {
    throw cleanupError('invalid_config', `${where}: empty condition (a stray comma?); ${EXPECTED}`);
  }
  if (RANK_CONDITION.test(token)) return { field: 'rank', op: '>', value: 'max_positions' };
  const match = USD_VALUE_CONDITION.exec(token);
  if (match === null) {
    throw cleanupError('invalid_config', `${where}: ${EXPECTED}`);
  }
  const op = match[1] as '<' | '<=' | '>' | '>=';
  const value = Number(match[2]);
  // The pattern only admits digits, but a long enough digit string still overflows to Infinity.
  if (!Number.isFinite(value)) {
    throw cleanupError('invalid_config', `${where}: the number is too large to be finite; ${EXPECTED}`);
  }
  return { field: 'usd_value', op, value };
}
