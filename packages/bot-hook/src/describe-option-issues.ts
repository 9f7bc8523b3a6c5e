import type { z } from 'zod';
import { cleanupError, type CleanupError } from '@forced-cleanup/contract';

/** Every message of this package starts so: a bot's log mixes many sources, and this names ours. */
export const MESSAGE_PREFIX = 'forced-cleanup:';

/**
 * Turns a failed parse of the hook's options into one `invalid_config` error, one line per problem, each
 * naming the option: `forced-cleanup: maxPositions: expected a whole number ≥ 0, got -1`. All problems
 * are listed at once, so a bot developer fixes them in one go.
 *
 * The offending value is quoted (except after a custom check, whose message says it) only outside `accounts` and `env`: those may hold credentials (an
 * inline `apiKey` is refused precisely because it is a secret), and no secret may reach a log.
 */
export function optionsError(error: z.ZodError, input: unknown, source = ''): CleanupError {
  const lines: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push(`${MESSAGE_PREFIX} ${joinPath(source, [...issue.path, key], input)}: unknown option (a misspelt option never falls back to a default)`);
      }
      continue;
    }
    const path = joinPath(source, issue.path, input);
    // A custom check's message already says what is wrong with the value (and may quote it).
    const quoted = mayQuote(issue.path) && issue.code !== 'custom' && 'input' in issue ? `, got ${describeValue(issue.input)}` : '';
    // A bad record key (an owner in maxPositionsByOwner) says more through the key schema's own message.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    lines.push(`${MESSAGE_PREFIX} ${path}: ${message}${quoted}`);
  }
  return cleanupError('invalid_config', lines.join('\n'));
}

/** `accounts[platform_coinbase].apiKey` rather than `accounts.0.apiKey`: the id is what the user wrote. */
function joinPath(source: string, path: readonly PropertyKey[], input: unknown): string {
  let text = source;
  let node: unknown = input;
  for (const key of path) {
    if (typeof key === 'number') {
      const id = accountIdOf(node, key);
      text += `[${id ?? key}]`;
    } else {
      text += text === '' ? String(key) : `.${String(key)}`;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return text === '' ? 'options' : text;
}

function accountIdOf(list: unknown, index: number): string | null {
  if (!Array.isArray(list)) return null;
  const id = (list[index] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(id) ? id : null;
}

function mayQuote(path: readonly PropertyKey[]): boolean {
  const top = path[0];
  return top !== 'accounts' && top !== 'env';
}

/** A short, safe rendering of a bad value: numbers and booleans as written, text quoted and cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
