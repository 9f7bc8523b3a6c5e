import { describe, expect, it } from 'vitest';
import { freshDir, runCli, runJson } from './run-cli.js';

describe('output without a terminal: plain lines, --quiet, --verbose', () => {
  it('progress goes to stderr as plain [progress] lines; stdout keeps the report', () => {
    const result = runCli(['--demo', '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('[progress] reading 5 accounts (dry run)');
    expect(result.stderr).toContain('[progress] platform_coinbase: read, 59 positions, 0 open orders');
    expect(result.stderr).toContain('[progress] planned 60 closes (51 dust, 9 cap), 0 open orders to cancel');
    expect(result.stdout).not.toContain('[progress]');
    // No escape sequence of any kind: not a terminal.
    expect(result.stdout + result.stderr).not.toContain('\u001b[');
  });

  it('a real run reports each account done and the reconciliation', () => {
    const result = runCli(['--demo', '--yes', '--owner', 'user:user_789', '--state', freshDir()]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('[progress] user_user_789_coinbase: done 6/6 (6 closed, 0 failed, 0 skipped)');
    expect(result.stderr).toContain('[progress] re-read every account: reconciled');
    expect(result.stderr).not.toContain('client order id');
  });

  it('--verbose adds every call', () => {
    const result = runCli(['--demo', '--yes', '--verbose', '--owner', 'user:user_789', '--state', freshDir()]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('[progress] user_user_789_coinbase: reading');
    expect(result.stderr).toMatch(/\[progress\] user_user_789_coinbase: selling 2 DOGE \(dust, client order id [^)]+\)/);
    expect(result.stderr).toMatch(/\[progress\] user_user_789_coinbase: closed DOGE-USD: 2 filled, \$0\.38, LOSS/);
  });

  it('--quiet prints only the final summary (and errors)', () => {
    const result = runCli(['--demo', '--yes', '--quiet', '--state', freshDir()]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('FINAL SUMMARY');
    expect(result.stdout).not.toContain('FORCED CLEANUP TRIGGERED');
    expect(result.stdout).not.toContain('[DUST][FORCED]');
    expect(result.stderr).toBe('');
  });

  it('--json: stdout is the document alone, progress on stderr', () => {
    const { result, report } = runJson(['--demo', '--dry-run']);
    expect(report.dryRun).toBe(true);
    expect(result.stderr).toContain('[progress] reading 5 accounts');
  });

  it('--quiet and --verbose together are refused', () => {
    expect(runCli(['--demo', '--dry-run', '-q', '-v']).status).toBe(2);
  });
});
