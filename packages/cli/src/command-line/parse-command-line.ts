import { parseArgs } from 'node:util';
import { CliError } from '../cli-errors.js';
import { COMMANDS, COMMAND_WORDS, OPTIONS, type CommandName, type OptionName } from './command-specs.js';
import { parseBands, parseCount, parseOwnerFilter, parseUsd, splitList, type ValueBand } from './parse-values.js';

/** The flags, parsed and checked. `undefined` = not given. */
export interface Flags {
  readonly command: CommandName;
  /** False when argv named no command (`run` is then implied; `--help` shows every command). */
  readonly commandGiven: boolean;
  /** A file named on the command line (`config check <file>`, `init <file>`). */
  readonly file: string | undefined;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly json: boolean;
  readonly demo: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** The dust threshold (`--dust`, or `--threshold` of `dust`). */
  readonly dust: number | undefined;
  readonly maxPositions: number | undefined;
  readonly includeOpenOrders: boolean | undefined;
  readonly startupOnly: boolean | undefined;
  readonly cancelIf: string | undefined;
  readonly config: string | undefined;
  readonly state: string | undefined;
  /** `--owner` filters, canonical (`platform`, `user:<id>`); empty = every owner. */
  readonly owners: readonly string[];
  /** `--account` filters; empty = every account. */
  readonly accounts: readonly string[];
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly noColor: boolean;
  /** `--bands` of `analyze`; undefined = the default bands. */
  readonly bands: readonly ValueBand[] | undefined;
  readonly noChart: boolean;
  readonly force: boolean;
}

const parseOptions = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, spec]) => [
    name,
    { type: spec.type, ...('short' in spec ? { short: spec.short } : {}), ...('multiple' in spec ? { multiple: spec.multiple } : {}) },
  ]),
) as Record<OptionName, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }>;

/**
 * Parses argv strictly: the command (default `run`), then only the flags that command takes. An unknown
 * command or flag, a flag of another command, a missing value or a bad number is a `CliError` naming it.
 * `help <command>` is the same as `<command> --help`.
 */
export function parseCommandLine(argv: readonly string[]): Flags {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new CliError('BadFlag', (error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals, tokens } = parsed;
  const v = values as Partial<Record<OptionName, string | boolean | string[]>>;
  let words = [...positionals];
  let help = v.help === true;
  if (words[0] === 'help') {
    help = true;
    words = words.slice(1);
  }
  const { command, rest } = commandOf(words, help);
  const maxFiles = command === 'config check' || command === 'init' ? 1 : 0;
  if (rest.length > maxFiles) throw new CliError('UnknownCommand', `unexpected argument "${rest[maxFiles]}" after "${command}"`);

  // --help and --version work with any flag beside them; everything else must belong to the command.
  if (!help && v.version !== true) {
    const allowed = new Set<string>(COMMANDS[command].options);
    for (const token of tokens) {
      if (token.kind === 'option' && !allowed.has(token.name) && token.name !== 'version') {
        throw new CliError('BadFlag', `${token.rawName} is not an option of "${command}" (see: forced-cleanup ${command} --help)`);
      }
    }
  }
  if (v.demo === true && v.config !== undefined) {
    throw new CliError('ConflictingFlags', '--demo and --config cannot be used together: the demo has its own portfolio');
  }
  if (v.threshold !== undefined && v.dust !== undefined) {
    throw new CliError('ConflictingFlags', '--threshold and --dust are the same setting: give one of them');
  }
  if (v.quiet === true && v.verbose === true) {
    throw new CliError('ConflictingFlags', '--quiet and --verbose cannot be used together');
  }
  const text = (name: OptionName) => v[name] as string | undefined;
  const flag = (name: OptionName) => v[name] as boolean | undefined;
  const threshold = text('threshold') ?? text('dust');
  return {
    command,
    commandGiven: words.length > 0,
    file: rest[0],
    dryRun: flag('dry-run') ?? false,
    yes: flag('yes') ?? false,
    json: flag('json') ?? false,
    demo: flag('demo') ?? false,
    help,
    version: flag('version') ?? false,
    dust: threshold === undefined ? undefined : parseUsd(text('threshold') !== undefined ? '--threshold' : '--dust', threshold),
    maxPositions: text('max-positions') === undefined ? undefined : parseCount('--max-positions', text('max-positions')!),
    includeOpenOrders: flag('include-open-orders'),
    startupOnly: flag('startup-only'),
    cancelIf: text('cancel-if'),
    config: text('config'),
    state: text('state'),
    owners: splitList('--owner', v.owner as string[] | undefined).map(parseOwnerFilter),
    accounts: splitList('--account', v.account as string[] | undefined),
    quiet: flag('quiet') ?? false,
    verbose: flag('verbose') ?? false,
    noColor: flag('no-color') ?? false,
    bands: text('bands') === undefined ? undefined : parseBands(text('bands')!),
    noChart: flag('no-chart') ?? false,
    force: flag('force') ?? false,
  };
}

function commandOf(words: readonly string[], help: boolean): { command: CommandName; rest: string[] } {
  const [first, second, ...others] = words;
  if (first === undefined) return { command: 'run', rest: [] };
  if (!(COMMAND_WORDS as readonly string[]).includes(first) || first === 'help') {
    throw new CliError('UnknownCommand', `unknown command "${first}" (commands: run, dust, analyze, config check, config schema, init)`);
  }
  if (first === 'config') {
    if (second === 'check' || second === 'schema') return { command: `config ${second}`, rest: others };
    if (second === undefined && help) return { command: 'config check', rest: [] };
    throw new CliError('UnknownCommand', `"config" needs a subcommand: config check [<file>], or config schema${second ? ` (got "${second}")` : ''}`);
  }
  return { command: first as CommandName, rest: second === undefined ? [] : [second, ...others] };
}
