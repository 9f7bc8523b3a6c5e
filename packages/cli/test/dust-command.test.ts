import { describe, expect, it } from 'vitest';
import { countFills, freshDir, runCli, runJson } from './run-cli.js';

describe('forced-cleanup dust', () => {
  it('--demo --dry-run: dust only, the seed\'s figures, caps shown as not enforced', () => {
    const state = freshDir();
    const { result, report } = runJson(['dust', '--demo', '--dry-run', '--state', state]);
    expect(result.status).toBe(0);
    expect(report.actions.every((action) => action.reason === 'dust' && action.status === 'planned')).toBe(true);
    expect(report.summary).toMatchObject({ dustClosed: 51, capExcessClosed: 0 });
    // Seed 000: 59 positions, 45 dust → 14 left after the dust cleanup (the cap would then take 6 more).
    expect(report.owners.find((owner) => owner.owner === 'platform')).toMatchObject({ cap: 8, capEnforced: false, initial: 59, dustClosed: 45, final: 14 });
    // Seed 001: 8 positions, 6 dust → 2 left, 6 free slots under the cap of 8.
    expect(report.owners.find((owner) => owner.owner === 'user:user_789')).toMatchObject({ cap: 8, initial: 8, dustClosed: 6, final: 2 });
    for (const owner of report.owners) expect(owner.note).toContain('the dust command closes dust only');
    expect(countFills(state)).toBe(0);
  });

  it('human dry run: the dust blocks, no cap blocks, the free slots', () => {
    const result = runCli(['dust', '--demo', '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('DUST CLEANUP TRIGGERED: STARTUP — DRY RUN');
    expect(result.stdout).toContain('[DUST][FORCED] SHIB-USD');
    expect(result.stdout).not.toContain('[CAP_EXCEEDED]');
    expect(result.stdout).toMatch(/USER user_789 SUMMARY \(dry run\):\n {6}Initial: 8 positions\n {6}Dust closed: 6\n {6}Cap excess closed: 0\n {6}Final: 2 positions\n {6}Free slots under the cap of 8: 6/);
  });

  it('--threshold 5 closes everything under $5 and nothing else; per-owner caps do not apply', () => {
    const state = freshDir();
    const { result, report } = runJson(['dust', '--demo', '--yes', '--threshold', '5', '--owner', 'platform', '--state', state]);
    expect(result.status).toBe(0);
    expect(report.summary).toMatchObject({ dustClosed: 51, capExcessClosed: 0, failed: 0 });
    expect(report.owners[0]).toMatchObject({ final: 8 });
    expect(countFills(state)).toBe(51);
  });

  it('the same prompt as run: no terminal, no --yes → refused, nothing traded', () => {
    const state = freshDir();
    const result = runCli(['dust', '--demo', '--state', state]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('NoTerminal');
    expect(countFills(state)).toBe(0);
  });

  it('--max-positions belongs to run, not to dust', () => {
    expect(runCli(['dust', '--demo', '--dry-run', '--max-positions', '3']).status).toBe(2);
  });
});
