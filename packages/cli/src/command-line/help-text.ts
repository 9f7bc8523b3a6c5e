import { COMMANDS, OPTIONS, type CommandName, type OptionSpec } from './command-specs.js';

const ENVIRONMENT = `Environment (also read from .env in the working directory; flags win):
  FORCED_CLEANUP_CANCEL_OPEN_ORDERS=true|false    FORCED_CLEANUP_STARTUP_ONLY=true|false
  FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF=<conditions>
  FORCED_CLEANUP_DUST_THRESHOLD_USD=<usd>         FORCED_CLEANUP_MAX_POSITIONS=<n>
  NO_COLOR=1                                      no colours`;

const EXIT_CODES =
  'Exit codes: 0 done (or declined), 1 an action failed or an account was unreadable, 2 usage or configuration error.';

/** `forced-cleanup --help`: every command, the common flags, examples. */
export function overviewHelp(): string {
  const width = Math.max(...Object.values(COMMANDS).map((spec) => spec.usage.length));
  const commands = Object.values(COMMANDS).map((spec) => `  forced-cleanup ${spec.usage.padEnd(width)}  ${spec.summary}`);
  const examples: Array<readonly [string, string]> = [
    ['forced-cleanup analyze --demo', 'look at the demo portfolio: categories, thresholds, advice'],
    ['forced-cleanup --demo --dry-run', 'preview the demo cleanup (run is the default command)'],
    ['forced-cleanup dust --demo --dry-run', 'preview closing the demo\'s dust only'],
    ['forced-cleanup init && forced-cleanup config check', 'start your own configuration'],
  ];
  return [
    'forced-cleanup — close dust positions and enforce a position cap per owner across exchange accounts',
    '',
    'Usage:',
    ...commands,
    '',
    'Run `forced-cleanup <command> --help` for the flags of a command.',
    '',
    'Common flags:',
    ...optionLines(['config', 'demo', 'dry-run', 'yes', 'owner', 'account', 'json', 'quiet', 'verbose', 'no-color', 'help', 'version']),
    '',
    ENVIRONMENT,
    '',
    'Examples:',
    ...exampleLines(examples),
    '',
    EXIT_CODES,
    'Docs: docs/cli.md, docs/configuration.md, docs/safety.md',
    '',
  ].join('\n');
}

/** `forced-cleanup <command> --help`: usage, description, every flag of the command, examples. */
export function commandHelp(command: CommandName): string {
  const spec = COMMANDS[command];
  const lines = [
    `forced-cleanup ${spec.name} — ${spec.summary}`,
    '',
    `Usage: forced-cleanup ${spec.usage}`,
    '',
    ...wrap(spec.description, 100),
    '',
    'Options:',
    ...optionLines([...spec.options, 'version']),
  ];
  if (command === 'run' || command === 'dust' || command === 'analyze') lines.push('', ENVIRONMENT);
  lines.push('', 'Examples:', ...exampleLines(spec.examples));
  if (command !== 'config schema') lines.push('', EXIT_CODES);
  lines.push('');
  return lines.join('\n');
}

function optionLines(names: readonly (keyof typeof OPTIONS)[]): string[] {
  const specs = names.map((name) => [name, OPTIONS[name] as OptionSpec] as const).filter(([, spec]) => !spec.hidden);
  const labels = specs.map(([name, spec]) => `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`);
  const width = Math.max(...labels.map((label) => label.length));
  return specs.map(([, spec], i) => `  ${labels[i]!.padEnd(width)}  ${spec.help}`);
}

function exampleLines(examples: ReadonlyArray<readonly [string, string]>): string[] {
  return examples.flatMap(([command, meaning]) => [`  ${command}`, `      ${meaning}`]);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
