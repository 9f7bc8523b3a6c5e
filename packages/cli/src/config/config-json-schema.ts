import { z } from 'zod';
import { CleanupConfigSchema, INLINE_SECRET_KEYS, OwnerIdSchema } from '@forced-cleanup/contract';

/**
 * What each key means, for the JSON Schema (editors show it on hover) and the reference in
 * docs/configuration.md. The contract's zod schema carries the rules; this carries the words. A key of
 * the schema without words here fails the schema test, so that a new option is never undocumented.
 */
export const CONFIG_KEY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  dustThresholdUsd: 'Positions worth strictly less than this (USD) are dust: always closed, never counted toward the cap.',
  maxPositions: 'Position cap of every owner, counted across all of the owner\'s accounts (dust, stuck, unpriced and protected positions do not count).',
  maxPositionsByOwner: 'Per-owner caps, e.g. { platform: 20, "user:user_123": 5 }. Still apply when --max-positions is given.',
  cashAssets: 'Assets that are cash, never positions.',
  protect: 'Per-owner assets never touched and not counted, e.g. { "user:user_123": [ETH] }.',
  cancelOpenOrders: 'Cancel the open orders of positions being closed (mode "always"; with startupOnly, mode "nuclear").',
  startupOnly: 'With cancelOpenOrders: cancel only in startup runs (every CLI run is one; for the bot hook, the first run).',
  cancelConditions: 'Mode "selective": cancel only when a condition holds — usd_value<X, usd_value<=X, usd_value>X, usd_value>=X, rank>max_positions; comma = OR.',
  concurrency: 'How many accounts are processed at once (each is its own API key with its own rate limit).',
  maxSellUsdPerRun: 'Liquidation guard: a run whose plan sells more than this (USD) is refused.',
  retry: 'Retries of reads and cancels on retryable errors: exponential backoff with jitter; an order is never placed twice.',
  'retry.maxAttempts': 'Attempts of one call, the first included.',
  'retry.baseDelayMs': 'Delay before the first retry; doubles on each retry.',
  'retry.maxDelayMs': 'Longest delay between two attempts.',
  'retry.maxTotalMs': 'Longest total time spent waiting to retry one call.',
  callTimeoutMs: 'A broker call that has not answered after this long is abandoned as a timeout (an order is then looked up, never re-sent).',
  accounts: 'The accounts to clean up: one API key on one exchange each; ids unique.',
  'accounts[].id': 'Unique account id, e.g. platform_coinbase (letters, digits, _ . -; used in file names).',
  'accounts[].owner': 'Who the account belongs to: platform, user:<id>, or { user: <id> }.',
  'accounts[].broker': 'The broker plugin: paper, ccxt, coinbase, kraken, a package name, or a module path (./my-broker.js). Every other key of the account is the broker\'s own option, checked by the broker.',
};

/** The configuration file's JSON Schema (draft 2020-12), from the contract's zod schema, input side (defaults optional). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CleanupConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const properties = schema['properties'] as Record<string, JsonObject>;
  describeProperties(properties, '');
  const account = (properties['accounts']!['items'] as JsonObject);
  const accountProperties = account['properties'] as Record<string, JsonObject>;
  describeProperties(accountProperties, 'accounts[].');
  // The owner's string form is checked after a transform, which JSON Schema cannot express: restate it.
  const ownerPattern = (z.toJSONSchema(OwnerIdSchema) as JsonObject)['pattern'];
  for (const branch of (accountProperties['owner']!['anyOf'] as JsonObject[])) {
    if (branch['type'] === 'string') branch['pattern'] = ownerPattern;
  }
  // Inline secrets are refused by a refinement; as JSON Schema, each is a property that must be absent.
  for (const key of INLINE_SECRET_KEYS) {
    accountProperties[key] = { not: {}, description: `Refused: a secret is never written in the file. Name it with ${key}Env (an environment variable) or ${key}File (a file).` };
  }
  return {
    $schema: schema['$schema'],
    title: 'forced-cleanup configuration',
    description: 'The configuration file of forced-cleanup (YAML or JSON). Generated from the zod schema of @forced-cleanup/contract: do not edit by hand (pnpm --filter @forced-cleanup/cli gen:schema).',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

type JsonObject = Record<string, unknown>;

function describeProperties(properties: Record<string, JsonObject>, prefix: string): void {
  for (const [key, property] of Object.entries(properties)) {
    const description = CONFIG_KEY_DESCRIPTIONS[`${prefix}${key}`];
    if (description !== undefined) property['description'] = description;
    const nested = property['properties'] as Record<string, JsonObject> | undefined;
    if (nested && property['type'] === 'object') describeProperties(nested, `${prefix}${key}.`);
  }
}

/** Every described key path of a generated schema that has no description (for the test). */
export function undescribedKeys(schema: Record<string, unknown>): string[] {
  const missing: string[] = [];
  const walk = (properties: Record<string, JsonObject>, prefix: string) => {
    for (const [key, property] of Object.entries(properties)) {
      if (property['description'] === undefined) missing.push(`${prefix}${key}`);
      const nested = property['properties'] as Record<string, JsonObject> | undefined;
      if (nested && property['type'] === 'object') walk(nested, `${prefix}${key}.`);
    }
  };
  const properties = schema['properties'] as Record<string, JsonObject>;
  walk(properties, '');
  walk((properties['accounts']!['items'] as JsonObject)['properties'] as Record<string, JsonObject>, 'accounts[].');
  return missing;
}
