/**
 * Every command and flag of `forced-cleanup`, in one table: the parser checks argv against it and the
 * help is printed from it, so the two cannot drift apart.
 */

/** One flag. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** Repeatable (`--owner a --owner b`). */
  readonly multiple?: boolean;
  /** The value's placeholder in the help, e.g. `<usd>`. */
  readonly value?: string;
  readonly help: string;
  /** Left out of the help (documented in docs/cli.md). */
  readonly hidden?: boolean;
}

/** Every flag any command takes. */
export const OPTIONS = {
  config: { type: 'string', short: 'c', value: '<file>', help: 'configuration file (YAML or JSON); default: forced-cleanup.yaml / .yml / .json here' },
  demo: { type: 'boolean', help: 'use the built-in demo portfolio on the paper broker (state in a temp directory)' },
  state: { type: 'string', value: '<dir>', help: 'state directory (default: .forced-cleanup/ beside the config file)' },
  'dry-run': { type: 'boolean', help: 'show what would happen; cancel and sell nothing' },
  yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation' },
  dust: { type: 'string', value: '<usd>', help: 'dust threshold in USD (default 1.00): positions worth less are dust' },
  threshold: { type: 'string', value: '<usd>', help: 'dust threshold in USD (default 1.00): positions worth less are closed' },
  'max-positions': { type: 'string', value: '<n>', help: 'position cap per owner (default 8; per-owner overrides in the config still apply)' },
  'include-open-orders': { type: 'boolean', help: 'cancel the open orders of positions being closed (mode "always")' },
  'startup-only': { type: 'boolean', help: 'with --include-open-orders: cancel only in startup runs (mode "nuclear")' },
  'cancel-if': { type: 'string', value: '<conditions>', help: 'cancel only when a condition holds (mode "selective"), e.g. "usd_value<1.0,rank>max_positions" (comma = OR)' },
  owner: { type: 'string', multiple: true, value: '<owner>', help: 'only this owner\'s accounts: platform or user:<id> (repeatable, or a comma list)' },
  account: { type: 'string', multiple: true, value: '<id>', help: 'only this account (repeatable, or a comma list); an owner with accounts left out gets no cap enforcement' },
  bands: { type: 'string', value: '<bands>', help: 'value bands for the category column (default winning=5,small=1; below them: dust)' },
  'no-chart': { type: 'boolean', help: 'leave out the bar chart of position values (shown on a terminal only)' },
  json: { type: 'boolean', help: 'print one JSON document on stdout (progress and text go to stderr)' },
  quiet: { type: 'boolean', short: 'q', help: 'print only errors and the final summary' },
  verbose: { type: 'boolean', short: 'v', help: 'also print every call as it happens (cancels, sells, fills)' },
  'no-color': { type: 'boolean', help: 'no colours (also: the NO_COLOR environment variable)' },
  force: { type: 'boolean', short: 'f', help: 'run, dust: sell even when the plan exceeds maxSellUsdPerRun (the liquidation guard); init: overwrite an existing file' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
  version: { type: 'boolean', short: 'V', help: 'the version' },
} as const satisfies Record<string, OptionSpec>;

/** A flag's name, without the dashes. */
export type OptionName = keyof typeof OPTIONS;

/** One command (or subcommand) of the CLI. */
export interface CommandSpec {
  /** As typed: `run`, `config check`. */
  readonly name: string;
  /** The usage line after `forced-cleanup `. */
  readonly usage: string;
  /** One line for the command list. */
  readonly summary: string;
  /** A paragraph under the usage. */
  readonly description: string;
  /** The flags it accepts, in the order the help lists them. */
  readonly options: readonly OptionName[];
  /** `[command line, what it does]`. */
  readonly examples: ReadonlyArray<readonly [string, string]>;
}

const SOURCE = ['config', 'demo', 'state', 'owner', 'account'] as const;
const OUTPUT = ['json', 'quiet', 'verbose', 'no-color', 'help'] as const;
const MODE = ['include-open-orders', 'startup-only', 'cancel-if'] as const;

/** The commands, by the name the parser gives them. */
export const COMMANDS = {
  run: {
    name: 'run',
    usage: 'run [options]',
    summary: 'close dust and enforce the position cap per owner (the default command)',
    description:
      'Reads every account, plans (dust closes, then cap closes per owner across all of its accounts), shows the plan, ' +
      'asks "Continue? (yes/no)" unless --yes or --dry-run, executes, re-reads and reports.',
    options: [...SOURCE, 'dry-run', 'yes', 'force', 'dust', 'max-positions', ...MODE, ...OUTPUT],
    examples: [
      ['forced-cleanup run --demo --dry-run', 'preview the demo cleanup'],
      ['forced-cleanup run --demo --yes', 'run it on the paper exchange'],
      ['forced-cleanup -c accounts.yaml --dry-run --include-open-orders', 'preview, cancelling open orders of closed positions'],
      ['forced-cleanup -c accounts.yaml --owner user:user_123 --yes --json', 'one owner, no prompt, a JSON report'],
    ],
  },
  dust: {
    name: 'dust',
    usage: 'dust [--threshold <usd>] [options]',
    summary: 'close dust positions only: no cap enforcement',
    description:
      'Like run, but only positions worth less than the threshold are closed; the position cap is not enforced ' +
      '(the report shows capEnforced: false and the configured cap). Same dry run, prompt, --json and exit codes as run.',
    options: [...SOURCE, 'dry-run', 'yes', 'force', 'threshold', 'dust', ...MODE, ...OUTPUT],
    examples: [
      ['forced-cleanup dust --demo --dry-run', 'which demo positions are dust, and what closing them frees'],
      ['forced-cleanup dust -c accounts.yaml --threshold 5 --dry-run', 'everything under $5 would be closed'],
      ['forced-cleanup dust -c accounts.yaml --yes', 'close all dust under $1 without asking'],
    ],
  },
  analyze: {
    name: 'analyze',
    usage: 'analyze [options]',
    summary: 'read only: positions by value, what each threshold would do, and a recommendation',
    description:
      'Reads every account and trades nothing. Per owner: positions sorted by value with their category, a table of ' +
      'what thresholds $0.001, $0.01, $0.50, $1, $5 and the configured one would count, call dust and leave free under ' +
      'the cap, the unpriced and stuck holdings, and a recommendation. On a terminal, a bar chart of position values.',
    options: [...SOURCE, 'dust', 'max-positions', 'bands', 'no-chart', ...OUTPUT],
    examples: [
      ['forced-cleanup analyze --demo', 'analyse the demo portfolio'],
      ['forced-cleanup analyze -c accounts.yaml --owner platform', 'the platform\'s positions only'],
      ['forced-cleanup analyze -c accounts.yaml --bands large=20,medium=5,small=1', 'other value bands'],
      ['forced-cleanup analyze -c accounts.yaml --json > analysis.json', 'for machines'],
    ],
  },
  'config check': {
    name: 'config check',
    usage: 'config check [<file>] [options]',
    summary: 'validate a configuration file: every problem with its path, in one run',
    description:
      'Checks the file with the same loader as run (every key, every account), then has each broker check its own ' +
      'options without reading the account. Exit 0 when valid, 2 with the list of problems.',
    options: ['config', 'json', 'no-color', 'help'],
    examples: [
      ['forced-cleanup config check accounts.yaml', 'check a file'],
      ['forced-cleanup config check', 'check forced-cleanup.yaml (or .yml / .json) here'],
    ],
  },
  'config schema': {
    name: 'config schema',
    usage: 'config schema',
    summary: 'print the JSON Schema of the configuration file (for editors)',
    description: 'The same document as docs/config.schema.json, generated from the configuration\'s zod schema.',
    options: ['help'],
    examples: [['forced-cleanup config schema > forced-cleanup.schema.json', 'save it for an editor']],
  },
  init: {
    name: 'init',
    usage: 'init [<file>] [--force]',
    summary: 'write a commented starter configuration (default forced-cleanup.yaml)',
    description:
      'Writes a YAML configuration with every option explained and a paper account to try; it passes config check as ' +
      'written. An existing file is never overwritten without --force.',
    options: ['force', 'no-color', 'help'],
    examples: [
      ['forced-cleanup init', 'write ./forced-cleanup.yaml'],
      ['forced-cleanup init accounts.yaml && forced-cleanup config check accounts.yaml', 'write, then check'],
    ],
  },
} as const satisfies Record<string, CommandSpec>;

/** A command's name, as the parser gives it. */
export type CommandName = keyof typeof COMMANDS;

/** The first word of each command, for recognising it in argv. */
export const COMMAND_WORDS = ['run', 'dust', 'analyze', 'config', 'init', 'help'] as const;
