import { describe, expect, it } from 'vitest';
import { countFills, freshDir, runCli } from './run-cli.js';
import { HAS_SCRIPT, runInTerminal } from './run-in-terminal.js';

// The demo's paper calls take 20 ms each, so that the live display has frames to show.
const SLOW = { FORCED_CLEANUP_DEMO_LATENCY_MS: '20' };
const RUN = ['run', '--demo', '--owner', 'user:user_789'];
// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[\d+(;\d+)*m/;

describe.skipIf(!HAS_SCRIPT)('in a real pseudo-terminal', () => {
  it('"yes" at the prompt: the live progress display (reading, executing k/n), then the closes', async () => {
    const state = freshDir();
    const result = await runInTerminal([...RUN, '--state', state], { answer: 'yes', env: SLOW });
    expect(result.status).toBe(0);
    expect(result.text).toContain('Continue? (yes/no) yes');
    expect(result.text).toContain('Reading 1 account');
    expect(result.text).toContain('user_user_789_coinbase  reading…');
    expect(result.text).toMatch(/user_user_789_coinbase {2}executing 3\/6/);
    expect(result.text).toContain('CLOSED SUCCESSFULLY');
    expect(result.text).toContain('FINAL SUMMARY');
    // A live display rewrites its lines (cursor up, erase line) instead of printing plain lines.
    expect(result.raw).toContain('\u001b[1A');
    expect(result.text).not.toContain('[progress]');
    expect(result.raw).toMatch(COLOUR);
    expect(countFills(state)).toBe(6);
  });

  it.each(['no', 'maybe'])('%j at the prompt declines: exit 0, nothing traded', async (answer) => {
    const state = freshDir();
    const result = await runInTerminal([...RUN, '--state', state], { answer, env: SLOW });
    expect(result.status).toBe(0);
    expect(result.text).toContain(`Continue? (yes/no) ${answer}`);
    expect(result.text).toContain('Declined: nothing was traded.');
    expect(countFills(state)).toBe(0);
  });

  it('NO_COLOR: the same display without a colour', async () => {
    const result = await runInTerminal([...RUN, '--dry-run'], { env: { ...SLOW, NO_COLOR: '1' } });
    expect(result.status).toBe(0);
    expect(result.text).toContain('Reading 1 account');
    expect(result.raw).not.toMatch(COLOUR);
  });

  it('analyze draws a bar chart of position values; --no-chart leaves it out', async () => {
    const chart = await runInTerminal(['analyze', '--demo', '--owner', 'user:user_789']);
    expect(chart.status).toBe(0);
    expect(chart.text).toMatch(/\$12\.40 .*ETH-USD .*█{30,}/);
    expect(chart.text).toMatch(/\$0\.04 .*FLOKI-USD .*[▏▎]/);
    const plain = await runInTerminal(['analyze', '--demo', '--owner', 'user:user_789', '--no-chart']);
    expect(plain.text).not.toContain('█');
  });
});

describe('the same commands without a terminal', () => {
  it('print plain progress lines, no display, no colour; the prompt is refused', () => {
    const state = freshDir();
    const refused = runCli([...RUN, '--state', state], { env: { ...SLOW, NO_COLOR: '' } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('[progress] reading 1 account');
    expect(refused.stderr).toContain('[progress] user_user_789_coinbase: read, 8 positions, 0 open orders');
    expect(refused.stderr).toContain('NoTerminal');
    expect(refused.stdout + refused.stderr).not.toContain('\u001b[');
    const confirmed = runCli([...RUN, '--state', state, '--yes'], { env: SLOW });
    expect(confirmed.status).toBe(0);
    expect(confirmed.stderr).toContain('[progress] user_user_789_coinbase: done 6/6 (6 closed, 0 failed, 0 skipped)');
    expect(countFills(state)).toBe(6);
  });
});
