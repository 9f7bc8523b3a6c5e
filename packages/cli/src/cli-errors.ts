/**
 * The CLI's user errors, from one catalogue: each has a stable name (scripts may match on it), a message
 * naming what is wrong, and a hint. They all exit with code 2, and nothing is traded after one.
 */
export const CLI_ERROR_HINTS = {
  UnknownCommand: 'run `forced-cleanup --help` for the commands',
  BadFlag: 'run `forced-cleanup --help` for the flags',
  BadFlagValue: 'run `forced-cleanup --help` for the flags and their values',
  BadCancelCondition: 'conditions: usd_value<X, usd_value<=X, usd_value>X, usd_value>=X, rank>max_positions, joined by commas (OR)',
  BadEnvironment: 'fix or unset the variable (in the environment or in .env)',
  NoConfig: 'pass --config <file>, or --demo to try the built-in demo portfolio',
  ConfigUnreadable: 'check the path given to --config',
  ConfigInvalid: 'see docs/configuration.md for every option',
  ConflictingFlags: 'run `forced-cleanup --help` for the flags',
  NoTerminal: 'add --dry-run to preview, or --yes to confirm without a prompt',
  NoMatch: 'check the ids and owners in the configuration (forced-cleanup config check shows them)',
  FileExists: 'add --force to overwrite it, or name another file',
  LockHeld: 'another cleanup is running over the same state directory: wait for it to finish',
  SellLimitExceeded: 'review the plan above; then pass --force to sell anyway, raise maxSellUsdPerRun, or narrow the run with --owner / --account',
} as const;

/** The name of a catalogued CLI error. */
export type CliErrorName = keyof typeof CLI_ERROR_HINTS;

/** A user error: bad flags, environment or configuration. Exit code 2. */
export class CliError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly errorName: CliErrorName,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }

  /** The hint of this error's catalogue entry. */
  get hint(): string {
    return CLI_ERROR_HINTS[this.errorName];
  }
}

/** Formats a CLI error for stderr. */
export function formatCliError(error: CliError): string {
  return `error [${error.errorName}]: ${error.message}\n  hint: ${error.hint}\n`;
}
