import { parseArgs } from 'node:util';
import { CliError } from './cli-errors.js';

/** The commands. `run` is the default. */
export const COMMANDS = ['run'] as const;
/** A command. */
export type Command = (typeof COMMANDS)[number];

/** The flags, parsed and checked. `undefined` = not given. */
export interface Flags {
  readonly command: Command;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly json: boolean;
  readonly demo: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly dust: number | undefined;
  readonly maxPositions: number | undefined;
  readonly includeOpenOrders: boolean | undefined;
  readonly startupOnly: boolean | undefined;
  readonly cancelIf: string | undefined;
  readonly config: string | undefined;
  readonly state: string | undefined;
}

const options = {
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  json: { type: 'boolean' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  dust: { type: 'string' },
  'max-positions': { type: 'string' },
  'include-open-orders': { type: 'boolean' },
  'startup-only': { type: 'boolean' },
  'cancel-if': { type: 'string' },
  config: { type: 'string', short: 'c' },
  state: { type: 'string' },
} as const;

/** Parses argv strictly: an unknown flag, a missing value or a bad number is a `CliError` naming it. */
export function parseFlags(argv: readonly string[]): Flags {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError('BadFlag', (error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CliError('UnknownCommand', `unexpected argument "${positionals[1]}"`);
  const command = positionals[0] ?? 'run';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new CliError('UnknownCommand', `unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  }
  if (values.demo && values.config !== undefined) {
    throw new CliError('ConflictingFlags', '--demo and --config cannot be used together: the demo has its own portfolio');
  }
  return {
    command: command as Command,
    dryRun: values['dry-run'] ?? false,
    yes: values.yes ?? false,
    json: values.json ?? false,
    demo: values.demo ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
    dust: values.dust === undefined ? undefined : parseUsd('--dust', values.dust),
    maxPositions: values['max-positions'] === undefined ? undefined : parseCount('--max-positions', values['max-positions']),
    includeOpenOrders: values['include-open-orders'],
    startupOnly: values['startup-only'],
    cancelIf: values['cancel-if'],
    config: values.config,
    state: values.state,
  };
}

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
