import { basename, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCancelConditions, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import type { CleanupConfig } from '@forced-cleanup/contract';
import type { CliIo } from '../cli-io.js';
import type { Flags } from '../command-line/parse-command-line.js';
import { checkBrokerOptions } from '../config/check-broker-options.js';
import { formatProblem, problem, type ConfigProblem } from '../config/config-problems.js';
import { locatorFor, readConfigSource, schemaProblems } from '../config/load-config-file.js';
import { findConfigFile } from '../load-configuration.js';
import { createHumanOutput } from '../output/human-output.js';
import { loadEnvironment } from '../read-environment.js';

/** This package's directory: built-in brokers are resolved from its dependencies, as in a run. */
const CLI_PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** How long one broker may take to check its options. */
const BROKER_CHECK_TIMEOUT_MS = 15_000;

/** The `config check --json` document. */
export interface ConfigCheckResult {
  readonly file: string;
  readonly valid: boolean;
  /** Every problem, in file order (syntax, then the schema's, the conditions', the brokers'). */
  readonly problems: readonly ConfigProblem[];
  /** What could not be checked (a broker that failed to connect for another reason than its options). */
  readonly warnings: readonly string[];
}

/**
 * `forced-cleanup config check [<file>]`: the same loader as a run (syntax, then every key and value of
 * the schema), the cancel conditions, then each broker's own options — every problem in one run, each with
 * its path and line. Exit 0 when valid (warnings included), 2 otherwise.
 */
export async function configCheckCommand(flags: Flags, io: CliIo): Promise<number> {
  const path = findConfigFile(flags.file ?? flags.config, io.cwd);
  const source = await readConfigSource(path);
  const problems: ConfigProblem[] = [...source.syntaxProblems];
  const warnings: string[] = [];
  let config: CleanupConfig | null = null;
  if (problems.length === 0) {
    const schema = await schemaProblems(source);
    config = schema.config;
    problems.push(...schema.problems);
    const locate = await locatorFor(source.text);
    const raw = source.raw as { cancelConditions?: unknown; accounts?: unknown } | null;
    if (typeof raw?.cancelConditions === 'string') {
      try {
        parseCancelConditions(raw.cancelConditions);
      } catch (error) {
        problems.push(problem(['cancelConditions'], (error as Error).message, 'conditions', source.raw, locate));
      }
    }
    const checks = await checkBrokerOptions(raw?.accounts, {
      configDir: dirname(path),
      pluginSearchDirs: [CLI_PACKAGE_DIR],
      env: loadEnvironment(io.cwd, io.env),
      timeoutMs: BROKER_CHECK_TIMEOUT_MS,
    });
    for (const check of checks) {
      const message = `${check.error?.message ?? ''}`;
      if (check.result === 'invalid') problems.push(problem(['accounts', check.index], `broker options: ${message}`, 'broker', source.raw, locate));
      if (check.result === 'unchecked') warnings.push(`accounts[${check.index}] (id "${check.accountId}"): not checked, the broker could not connect (${check.error?.code}): ${message}`);
    }
  }
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  const result: ConfigCheckResult = { file: path, valid: problems.length === 0, problems, warnings };
  if (flags.json) {
    io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.valid ? 0 : 2;
  }
  const output = createHumanOutput(io, flags);
  const name = relative(io.cwd, path) || basename(path);
  if (!result.valid) {
    const { palette } = output;
    io.stderr.write(
      [
        palette.red(`✗ ${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`),
        ...problems.map((entry) => `  - ${formatProblem(entry, name)}`),
        ...warnings.map((warning) => palette.yellow(`  ! ${warning}`)),
        '  hint: docs/configuration.md has every option; `forced-cleanup config schema` prints the JSON Schema for an editor',
        '',
      ].join('\n'),
    );
    return 2;
  }
  output.say([`✅ ${name} is valid`, ...describe(config!), ...warnings.map((warning) => `⚠️  ${warning}`)]);
  return 0;
}

function describe(config: CleanupConfig): string[] {
  const owners = new Map<string, number>();
  const brokers = new Map<string, number>();
  for (const account of config.accounts) {
    owners.set(account.owner, (owners.get(account.owner) ?? 0) + 1);
    brokers.set(account.broker, (brokers.get(account.broker) ?? 0) + 1);
  }
  const policy = resolveOpenOrderPolicy({ cancelOpenOrders: config.cancelOpenOrders, startupOnly: config.startupOnly, cancelConditions: config.cancelConditions });
  const overrides = Object.entries(config.maxPositionsByOwner).map(([owner, cap]) => `${owner} ${cap}`);
  return [
    `   ${config.accounts.length} account${config.accounts.length === 1 ? '' : 's'} of ${owners.size} owner${owners.size === 1 ? '' : 's'}: ${[...owners].map(([owner, n]) => `${owner} (${n})`).join(', ')}`,
    `   brokers: ${[...brokers].map(([broker, n]) => `${broker} ×${n}`).join(', ')} — each checked its own options`,
    `   dust threshold $${config.dustThresholdUsd} · cap ${config.maxPositions}${overrides.length ? ` (${overrides.join(', ')})` : ''} · open orders: ${policy.mode}${policy.conditionsText ? ` (${policy.conditionsText})` : ''}`,
  ];
}
