import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Kills the real CLI process (SIGKILL, from inside the paper exchange at the exact point) before and after
 * every order-placing and cancelling call of a multi-account run, reruns it, and checks that every planned
 * position was sold exactly once and that the final state equals the state of an uninterrupted run.
 */

const BIN = fileURLToPath(new URL('../bin/forced-cleanup.js', import.meta.url));

type Fault = { call: string; nth: number; fault: 'kill_before' | 'kill_after' };
type PaperState = { cash: Record<string, number>; positions: Array<{ symbol: string; quantity: number }>; openOrders: Array<{ id: string }>; fills: Array<{ symbol: string; quantity: number }> };

const position = (symbol: string, quantity: number, price: number) => ({ symbol, quantity, price });
const ACCOUNTS = {
  platform_a: {
    owner: 'platform',
    paper: {
      cash: { USD: 1 },
      positions: [position('AAA-USD', 10, 0.05), position('BBB-USD', 4, 0.1), position('CCC-USD', 1, 3), position('DDD-USD', 1, 7)],
      openOrders: [{ id: 'oa1', symbol: 'AAA-USD', side: 'sell', quantity: 5, price: 1 }],
    },
  },
  platform_b: {
    owner: 'platform',
    paper: {
      cash: { USD: 2 },
      positions: [position('EEE-USD', 2, 0.2), position('FFF-USD', 1, 2), position('GGG-USD', 1, 9)],
      openOrders: [{ id: 'ob1', symbol: 'FFF-USD', side: 'sell', quantity: 1, price: 5 }],
    },
  },
  user_u: {
    owner: { user: 'u' },
    paper: { cash: { USD: 0 }, positions: [position('HHH-USD', 3, 0.1), position('III-USD', 1, 4), position('JJJ-USD', 1, 6), position('KKK-USD', 1, 8)] },
  },
};

const SOLD = ['AAA-USD', 'BBB-USD', 'CCC-USD', 'EEE-USD', 'FFF-USD', 'HHH-USD', 'III-USD'];

function writeConfig(dir: string, faults: Record<string, Fault[]>): string {
  const accounts = Object.entries(ACCOUNTS).map(([id, account]) => ({
    id,
    owner: account.owner,
    broker: 'paper',
    paper: { ...account.paper, ...(faults[id] ? { faults: faults[id] } : {}) },
  }));
  const file = join(dir, 'forced-cleanup.json');
  // Cap 2 per owner, open orders cancelled (mode always). Platform (two accounts) counts CCC, DDD, FFF, GGG →
  // closes FFF (rank 1, its order ob1 cancelled first) and CCC; the user counts III, JJJ, KKK → closes III.
  // Dust everywhere: AAA (its order oa1 cancelled first), BBB, EEE, HHH.
  writeFileSync(file, JSON.stringify({ maxPositions: 2, concurrency: 1, cancelOpenOrders: true, accounts }, null, 2));
  return file;
}

function run(dir: string) {
  return spawnSync(process.execPath, [BIN, '--config', join(dir, 'forced-cleanup.json'), '--yes', '--json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

function states(dir: string): Record<string, PaperState> {
  const paperDir = join(dir, '.forced-cleanup', 'paper');
  return Object.fromEntries(
    readdirSync(paperDir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(join(paperDir, name), 'utf8')) as PaperState]),
  );
}

function comparable(all: Record<string, PaperState>) {
  return Object.fromEntries(
    Object.entries(all).map(([id, state]) => [
      id,
      {
        cash: Object.fromEntries(Object.entries(state.cash).map(([asset, amount]) => [asset, Math.round(amount * 1e9) / 1e9])),
        positions: state.positions.map((p) => `${p.symbol}:${p.quantity}`).sort(),
        openOrders: state.openOrders.map((o) => o.id).sort(),
        soldSymbols: state.fills.map((f) => f.symbol).sort(),
      },
    ]),
  );
}

describe('crash safety: SIGKILL at every point of a multi-account run', () => {
  const baselineDir = mkdtempSync(join(tmpdir(), 'fc-crash-base-'));
  writeConfig(baselineDir, {});
  const baseline = run(baselineDir);
  const expected = comparable(states(baselineDir));
  // The order calls of the uninterrupted run, per account: one cancel per cancelled order, one sell per fill.
  const report = JSON.parse(baseline.stdout) as { actions: Array<{ accountId: string; status: string; ordersCancelled: string[] }> };
  const points: Array<{ accountId: string; call: string; nth: number }> = [];
  for (const accountId of Object.keys(ACCOUNTS)) {
    const actions = report.actions.filter((action) => action.accountId === accountId);
    const cancels = actions.reduce((n, action) => n + action.ordersCancelled.length, 0);
    const sells = actions.filter((action) => action.status === 'closed').length;
    for (let nth = 1; nth <= cancels; nth++) points.push({ accountId, call: 'cancelOrder', nth });
    for (let nth = 1; nth <= sells; nth++) points.push({ accountId, call: 'placeMarketSell', nth });
  }
  points.push({ accountId: 'platform_a', call: 'fetchBalances', nth: 1 }); // before anything was traded

  it('the uninterrupted run closes the planned positions', () => {
    expect(baseline.status).toBe(0);
    expect(points.filter((point) => point.call === 'placeMarketSell')).toHaveLength(SOLD.length);
    expect(points.filter((point) => point.call === 'cancelOrder')).toHaveLength(2);
    expect(Object.values(expected).flatMap((state) => state.soldSymbols).sort()).toEqual(SOLD);
  });

  for (const point of points) {
    for (const fault of ['kill_before', 'kill_after'] as const) {
      it(`killed ${fault.replace('kill_', '')} ${point.accountId}'s ${point.call} #${point.nth}: the rerun converges, nothing sold twice`, () => {
        const dir = mkdtempSync(join(tmpdir(), 'fc-crash-'));
        writeConfig(dir, { [point.accountId]: [{ call: point.call, nth: point.nth, fault }] });
        const crashed = run(dir);
        expect(crashed.signal).toBe('SIGKILL');

        writeConfig(dir, {});
        const rerun = run(dir);
        expect(rerun.status, rerun.stderr).toBe(0);
        const final = comparable(states(dir));
        expect(final).toEqual(expected);
        const rerunReport = JSON.parse(rerun.stdout) as { recovery: { intents: Array<{ accountId: string; found: string }> } | null };
        if (point.call !== 'fetchBalances') {
          // The journal had intents without a result (an account's sells are pipelined, so the killed call may
          // not be the only one in flight): the rerun settled every one of them by asking the exchange.
          const intents = rerunReport.recovery?.intents ?? [];
          const expectedFinding =
            fault === 'kill_before' ? (point.call === 'cancelOrder' ? 'still_open' : 'not_placed') : point.call === 'cancelOrder' ? 'cancelled' : 'filled';
          expect(intents.map((intent) => intent.found)).toContain(expectedFinding);
          expect(intents.every((intent) => intent.accountId === point.accountId)).toBe(true);
          expect(intents.every((intent) => ['filled', 'not_placed', 'cancelled', 'still_open'].includes(intent.found))).toBe(true);
        } else {
          expect(rerunReport.recovery).toBeNull();
        }
      });
    }
  }
});

describe('one cleanup at a time', () => {
  it('two runs started together: one completes, the other exits 2 naming the holder; nothing is sold twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-lock-cli-'));
    const file = writeConfig(dir, {});
    const config = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Array<{ paper: Record<string, unknown> }> };
    for (const account of config.accounts) account.paper.latencyMs = 60;
    writeFileSync(file, JSON.stringify(config));
    const start = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--config', file, '--yes'], { cwd: dir });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([start(), start()]);
    const codes = results.map((result) => result.code).sort();
    expect(codes).toEqual([0, 2]);
    const loser = results.find((result) => result.code === 2);
    expect(loser?.stderr).toMatch(/another cleanup is running .*pid \d+.*started/);
    const sold = Object.values(states(dir)).flatMap((state) => state.fills.map((fill) => fill.symbol));
    expect(sold.sort()).toEqual(SOLD);
  }, 60_000);
});
