import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, runCli } from './run-cli.js';

/** One problem of each kind, each on a line of its own (the numbers below are those lines). */
const BROKEN = [
  'maxPositions: -3', // 1
  'dustThreshold: 2', // 2
  'cancelConditions: "usd_value<<1"', // 3
  'maxPositionsByOwner: { "users:x": 3 }', // 4
  'accounts:', // 5
  '  - id: a', // 6
  '    owner: nobody', // 7
  '    broker: paper', // 8
  '  - id: b', // 9
  '    owner: platform', // 10
  '    broker: paper', // 11
  '    apiSecret: hunter2', // 12
  '  - id: c', // 13
  '    owner: platform', // 14
  '    broker: paper', // 15
  '    paper: { positions: [ { symbol: DOGE-USD, quantity: lots } ] }', // 16
  '  - id: d', // 17
  '    owner: { user: u1 }', // 18
  '    broker: nosuchbroker', // 19
  '  - id: "bad id!"', // 20
  '    owner: platform', // 21
  '    broker: paper', // 22
].join('\n');

interface CheckResult {
  valid: boolean;
  problems: Array<{ path: string; line: number | null; column: number | null; message: string; check: string }>;
  warnings: string[];
}

describe('forced-cleanup config check', () => {
  it('a deliberately broken file: every problem, with its path and line, in one run; no secret echoed', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'broken.yaml'), BROKEN);
    const result = runCli(['config', 'check', 'broken.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    const expected = [
      'broken.yaml:1:1 maxPositions:',
      'broken.yaml:2:1 dustThreshold: unknown key "dustThreshold" (did you mean "dustThresholdUsd"?)',
      'broken.yaml:3:1 cancelConditions:',
      'broken.yaml:4:24 maxPositionsByOwner["users:x"]: invalid key: an owner is "platform" or "user:<id>"',
      'broken.yaml:7:5 accounts[0] (id "a").owner:',
      'broken.yaml:12:5 accounts[1] (id "b").apiSecret: a secret must not be written',
      'broken.yaml:13:5 accounts[2] (id "c"): broker options: accounts[c].paper.positions[0].quantity',
      'broken.yaml:17:5 accounts[3] (id "d"): broker options: broker "nosuchbroker" cannot be loaded',
      'broken.yaml:20:5 accounts[4] (id "bad id!").id:',
    ];
    for (const line of expected) expect(result.stderr).toContain(line);
    expect(result.stderr).toContain('✗ broken.yaml: 9 problems');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('--json: the same problems as data, each with the check that found it', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'broken.yaml'), BROKEN);
    const result = runCli(['config', 'check', 'broken.yaml', '--json'], { cwd: dir });
    expect(result.status).toBe(2);
    const check = JSON.parse(result.stdout) as CheckResult;
    expect(check.valid).toBe(false);
    expect(check.problems.map((entry) => [entry.line, entry.check])).toEqual([
      [1, 'schema'], [2, 'schema'], [3, 'conditions'], [4, 'schema'], [7, 'schema'], [12, 'schema'], [13, 'broker'], [17, 'broker'], [20, 'schema'],
    ]);
  });

  it('a valid file: exit 0 and what it configures', () => {
    const dir = freshDir();
    const config = { maxPositionsByOwner: { platform: 3 }, cancelConditions: 'usd_value<1', accounts: [{ id: 'p', owner: 'platform', broker: 'paper' }] };
    writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify(config));
    const result = runCli(['config', 'check'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('forced-cleanup.json is valid');
    expect(result.stdout).toContain('1 account of 1 owner: platform (1)');
    expect(result.stdout).toContain('cap 8 (platform 3) · open orders: selective (usd_value<1)');
  });

  it('not YAML at all: the line of the syntax error', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bad.yaml'), 'accounts: [1,\nmaxPositions: 2\n');
    const result = runCli(['config', 'check', 'bad.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:2:\d+ \(the file\): not valid YAML/);
  });

  it('a file that does not exist', () => {
    const result = runCli(['config', 'check', 'nope.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ConfigUnreadable');
  });
});
