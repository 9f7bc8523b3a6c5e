import { parseCancelConditions, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import { isCleanupError, type CleanupConfig, type OpenOrderPolicy, type PlannerSettings } from '@forced-cleanup/contract';
import { CliError } from './cli-errors.js';
import type { Flags } from './command-line/parse-command-line.js';
import { ENV, type EnvironmentSettings } from './read-environment.js';

/** Where the open-order mode came from. */
export type ModeSource = 'flags' | 'environment' | 'config' | 'default';

/** The settings of one run, each from the source that wins. */
export interface RunSettings {
  readonly settings: PlannerSettings;
  readonly policy: OpenOrderPolicy;
  readonly modeSource: ModeSource;
}

/**
 * Applies the precedence flags > environment > config file > defaults. For the open-order mode the
 * sources do not mix: if any mode flag is given the flags alone decide, else the environment variables,
 * else the config file. A malformed value in ANY source is an error, even one another source overrides.
 */
export function resolveRunSettings(flags: Flags, env: EnvironmentSettings, config: CleanupConfig): RunSettings {
  checkConditions('--cancel-if', flags.cancelIf);
  checkConditions(ENV.cancelConditions, env.cancelConditions);
  checkConditions('cancelConditions in the config file', config.cancelConditions);

  const flagMode = flags.includeOpenOrders !== undefined || flags.startupOnly !== undefined || flags.cancelIf !== undefined;
  const envMode = env.cancelOpenOrders !== undefined || env.startupOnly !== undefined || env.cancelConditions !== undefined;
  const configMode = config.cancelOpenOrders || config.startupOnly || config.cancelConditions !== undefined;
  const [modeSource, mode]: [ModeSource, { cancelOpenOrders: boolean; startupOnly: boolean; cancelConditions: string | undefined }] =
    flagMode
      ? ['flags', { cancelOpenOrders: flags.includeOpenOrders ?? false, startupOnly: flags.startupOnly ?? false, cancelConditions: flags.cancelIf }]
      : envMode
        ? ['environment', { cancelOpenOrders: env.cancelOpenOrders ?? false, startupOnly: env.startupOnly ?? false, cancelConditions: env.cancelConditions }]
        : [configMode ? 'config' : 'default', { cancelOpenOrders: config.cancelOpenOrders, startupOnly: config.startupOnly, cancelConditions: config.cancelConditions }];

  return {
    settings: {
      dustThresholdUsd: flags.dust ?? env.dustThresholdUsd ?? config.dustThresholdUsd,
      maxPositions: flags.maxPositions ?? env.maxPositions ?? config.maxPositions,
      maxPositionsByOwner: config.maxPositionsByOwner,
      cashAssets: config.cashAssets.map((asset) => asset.toUpperCase()),
      protect: config.protect,
    },
    policy: resolveOpenOrderPolicy(mode),
    modeSource,
  };
}

function checkConditions(source: string, text: string | undefined): void {
  if (text === undefined) return;
  try {
    parseCancelConditions(text);
  } catch (error) {
    const message = isCleanupError(error) ? error.message : String(error);
    throw new CliError('BadCancelCondition', `${source}: ${message}`);
  }
}
