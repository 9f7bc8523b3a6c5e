import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('--help and --version', () => {
  it('--help lists every command with examples', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['run [options]', 'dust [--threshold <usd>]', 'analyze [options]', 'config check [<file>]', 'config schema', 'init [<file>]']) {
      expect(result.stdout).toContain(`forced-cleanup ${command}`);
    }
    expect(result.stdout).toContain('Examples:');
  });

  it.each([
    ['run', '--max-positions <n>', 'forced-cleanup run --demo --dry-run'],
    ['dust', '--threshold <usd>', 'forced-cleanup dust --demo --dry-run'],
    ['analyze', '--bands <bands>', 'forced-cleanup analyze --demo'],
    ['config check', '--json', 'forced-cleanup config check accounts.yaml'],
    ['config schema', '--help', 'forced-cleanup config schema >'],
    ['init', '--force', 'forced-cleanup init accounts.yaml'],
  ])('%s --help shows its own flags and examples (also as "help %s")', (command, flag, example) => {
    const words = command.split(' ');
    for (const args of [[...words, '--help'], ['help', ...words]]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: forced-cleanup ${command}`);
      expect(result.stdout).toContain(flag);
      expect(result.stdout).toContain(example);
    }
  });

  it('--version prints the package version, with any command', () => {
    expect(runCli(['--version']).stdout.trim()).toBe(version);
    expect(runCli(['analyze', '-V']).stdout.trim()).toBe(version);
  });

  it('a flag of another command is refused, naming the command whose help to read', () => {
    const result = runCli(['analyze', '--demo', '--yes']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--yes is not an option of "analyze"');
    expect(runCli(['run', '--demo', '--threshold', '2']).stderr).toContain('--threshold is not an option of "run"');
  });

  it('an unknown subcommand of config names the ones that exist', () => {
    const result = runCli(['config', 'lint']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('config check');
  });
});
