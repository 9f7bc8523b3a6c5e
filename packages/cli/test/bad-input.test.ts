import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFills, freshDir, runCli } from './run-cli.js';

function expectUsageError(result: { status: number | null; stderr: string; stdout: string }, ...mentions: string[]) {
  expect(result.status).toBe(2);
  for (const mention of mentions) expect(result.stderr).toContain(mention);
  expect(result.stdout).not.toContain('CLOSED SUCCESSFULLY');
}

describe('bad input: exit 2, a message naming the problem, nothing traded', () => {
  it.each([
    [['--demo', '--yes', '--dust', 'abc'], '--dust'],
    [['--demo', '--yes', '--dust', '-1'], '--dust'],
    [['--demo', '--yes', '--max-positions', '2.5'], '--max-positions'],
    [['--demo', '--yes', '--frobnicate'], '--frobnicate'],
    [['explode', '--demo', '--yes'], 'unknown command "explode"'],
    [['--demo', '--yes', '--config', 'x.yaml'], '--demo and --config'],
  ])('flags %j', (args, mention) => {
    const state = freshDir();
    expectUsageError(runCli([...args, '--state', state]), mention);
    expect(countFills(state)).toBe(0);
  });

  it.each(['usd_valu<1', 'usd_value<1,', 'rank>5', 'usd_value<abc', 'usd_value=1', ''])('a malformed --cancel-if %j', (conditions) => {
    const state = freshDir();
    const result = runCli(['--demo', '--yes', '--state', state, '--cancel-if', conditions]);
    expectUsageError(result, '--cancel-if');
    if (conditions) expect(result.stderr).toContain(conditions.replace(/,$/, ''));
    expect(countFills(state)).toBe(0);
  });

  it('a malformed condition in the environment is an error, never another mode — even when a flag overrides it', () => {
    const state = freshDir();
    const env = { FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF: 'usd_value<<1' };
    expectUsageError(runCli(['--demo', '--yes', '--state', state], { env }), 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF', 'usd_value<<1');
    expectUsageError(runCli(['--demo', '--yes', '--state', state, '--include-open-orders'], { env }), 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF');
    expect(countFills(state)).toBe(0);
  });

  it('a malformed boolean environment variable is named', () => {
    expectUsageError(runCli(['--demo', '--dry-run'], { env: { FORCED_CLEANUP_CANCEL_OPEN_ORDERS: 'maybe' } }), 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS', 'maybe');
  });

  it('an invalid config file: every problem with its path, in one run', () => {
    const dir = freshDir();
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      [
        'maxPositions: -3',
        'dustThreshold: 2',
        'accounts:',
        '  - id: a',
        '    owner: nobody',
        '    broker: paper',
        '  - id: b',
        '    owner: platform',
        '    broker: paper',
        '    apiSecret: hunter2',
      ].join('\n'),
    );
    const result = runCli(['--config', file, '--yes'], { cwd: dir });
    expectUsageError(result, 'ConfigInvalid', 'maxPositions', 'dustThreshold', 'accounts[0] (id "a").owner', 'accounts[1] (id "b").apiSecret');
    expect(result.stderr).not.toContain('hunter2');
    expect(countFills(join(dir, '.forced-cleanup'))).toBe(0);
  });

  it('bad broker options stop the run before anything is read or traded', () => {
    const dir = freshDir();
    const file = join(dir, 'c.json');
    const accounts = [
      { id: 'good', owner: 'platform', broker: 'paper', paper: { positions: [{ symbol: 'SHIB-USD', quantity: 10, price: 0.01 }] } },
      { id: 'bad', owner: 'platform', broker: 'paper', paper: { positions: [{ symbol: 'DOGE-USD', quantity: 'lots' }] } },
    ];
    writeFileSync(file, JSON.stringify({ accounts }));
    const result = runCli(['--config', file, '--yes'], { cwd: dir });
    expectUsageError(result, 'bad');
    expect(countFills(join(dir, '.forced-cleanup'))).toBe(0);
  });

  it('an unknown broker is a configuration error naming it', () => {
    const dir = freshDir();
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ accounts: [{ id: 'x', owner: 'platform', broker: 'nosuchbroker' }] }));
    expectUsageError(runCli(['--config', file, '--dry-run'], { cwd: dir }), 'nosuchbroker');
  });

  it('no config at all names the ways to give one', () => {
    expectUsageError(runCli(['--dry-run']), 'NoConfig', '--config');
  });

  it('a plan selling more than maxSellUsdPerRun is refused before any order (exit 2)', () => {
    const dir = freshDir();
    const positions = [{ symbol: 'AAA-USD', quantity: 1, price: 0.4 }, { symbol: 'BBB-USD', quantity: 1, price: 0.5 }];
    writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify({ maxSellUsdPerRun: 0.5, accounts: [{ id: 'p', owner: 'platform', broker: 'paper', paper: { positions } }] }));
    const result = runCli(['--yes'], { cwd: dir });
    expectUsageError(result, 'SellLimitExceeded');
    expect(countFills(join(dir, '.forced-cleanup'))).toBe(0);
  });
});
