import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPaperState, type PaperState } from '../src/index.js';
import type { ChildCall, ChildInput } from './fixtures/paper-calls-child.js';
import { connectPaper, EXAMPLE_PAPER, fileBytes, filesIn, never, tempStateDir } from './helpers.js';

/*
 * kill_before / kill_after end the process for real (SIGKILL), so they run in a child process: it
 * connects, makes its calls, and is killed by the paper broker where the faults say. The test then reads
 * what the child left on disk, as a rerun of the CLI would.
 */

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const childScript = join(packageDir, 'test', 'fixtures', 'paper-calls-child.ts');
/** Starting a TypeScript child takes a moment; generous, as tests never assert timings. */
const CHILD_TEST_TIMEOUT = 60_000;

/** How a child ended, and which calls it saw return. */
interface ChildOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly returned: string[];
  readonly stderr: string;
}

/** Runs the child script with `input` until it exits or is killed. */
function runChild(input: ChildInput): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(input)], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const returned = stdout
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => (JSON.parse(line) as { returned: string }).returned);
      resolve({ code, signal, returned, stderr });
    });
  });
}

/** The example exchange with a fault list. */
const withFaults = (faults: unknown[]): Record<string, unknown> => ({ ...EXAMPLE_PAPER, faults });

/** A run of the engine in miniature: cancel the BTC order, sell all the BTC, re-read the balances. */
const CLOSE_BTC: ChildCall[] = [
  { method: 'cancelOrder', id: 'abc123', symbol: 'BTC-USD' },
  { method: 'placeMarketSell', symbol: 'BTC-USD', quantity: 0.0001, clientOrderId: 'fc-btc' },
  { method: 'fetchBalances' },
];

/** The parts of the example exchange's state that {@link CLOSE_BTC} changes; null when there is no state file. */
function summary(state: PaperState | null): { orders: number; btc: number; usd: number; fills: string[] } | null {
  if (state === null) return null;
  return {
    orders: state.openOrders.length,
    btc: state.positions.find((position) => position.symbol === 'BTC-USD')?.quantity ?? 0,
    usd: state.cash['USD'] ?? 0,
    fills: state.fills.map((fill) => fill.clientOrderId),
  };
}
/** {@link summary} of the state after the first 0, 1, 2 and 3 calls of {@link CLOSE_BTC}. */
const AFTER_STEPS = [
  { orders: 1, btc: 0.0001, usd: 25, fills: [] },
  { orders: 0, btc: 0.0001, usd: 25, fills: [] },
  { orders: 0, btc: 0, usd: 30, fills: ['fc-btc'] },
  { orders: 0, btc: 0, usd: 30, fills: ['fc-btc'] },
];

describe('paper faults kill_before and kill_after', () => {
  it(
    'kill_before a sell: the child dies by SIGKILL and the state file is byte for byte the one before',
    async () => {
      const { stateDir, file } = await connectPaper(EXAMPLE_PAPER);
      const before = await fileBytes(file);
      const paper = withFaults([{ call: 'placeMarketSell', fault: 'kill_before' }]);
      const outcome = await runChild({ stateDir, accountId: 'platform_paper', paper, calls: CLOSE_BTC.slice(1) });
      expect(outcome).toMatchObject({ signal: 'SIGKILL', code: null, returned: ['connect'] });
      expect(await fileBytes(file)).toBe(before);
    },
    CHILD_TEST_TIMEOUT,
  );

  it(
    'kill_after a sell: the sell is on disk, complete, with no temporary file left, but never returned',
    async () => {
      const { stateDir, file, connection } = await connectPaper(EXAMPLE_PAPER);
      await connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, never);
      const paper = withFaults([{ call: 'placeMarketSell', fault: 'kill_after' }]);
      const outcome = await runChild({ stateDir, accountId: 'platform_paper', paper, calls: CLOSE_BTC.slice(1) });
      expect(outcome).toMatchObject({ signal: 'SIGKILL', returned: ['connect'] });
      expect(summary(await readPaperState(stateDir, 'platform_paper'))).toEqual(AFTER_STEPS[2]);
      expect(await filesIn(dirname(file))).toEqual(['platform_paper.json']);
      // The rerun finds the order by its client order id instead of selling again.
      expect(await connection.lookupOrder({ clientOrderId: 'fc-btc', symbol: 'BTC-USD' }, never)).toMatchObject({ status: 'filled', filledQuantity: 0.0001 });
    },
    CHILD_TEST_TIMEOUT,
  );

  it(
    'kills at every point of a run, counting calls with "*": each death leaves exactly the calls before it done',
    async () => {
      const points = [1, 2, 3].flatMap((nth) => (['kill_before', 'kill_after'] as const).map((fault) => ({ nth, fault })));
      const results = await Promise.all(
        points.map(async ({ nth, fault }) => {
          const stateDir = await tempStateDir();
          const paper = withFaults([{ call: '*', nth, fault }]);
          const outcome = await runChild({ stateDir, accountId: 'platform_paper', paper, calls: CLOSE_BTC });
          return { nth, fault, signal: outcome.signal, returned: outcome.returned.length - 1, state: summary(await readPaperState(stateDir, 'platform_paper')) };
        }),
      );
      expect(results).toEqual(
        points.map(({ nth, fault }) => ({
          nth,
          fault,
          signal: 'SIGKILL',
          returned: nth - 1,
          state: AFTER_STEPS[fault === 'kill_before' ? nth - 1 : nth],
        })),
      );
    },
    CHILD_TEST_TIMEOUT,
  );

  it(
    'kill_before connect leaves no state file; kill_after connect leaves the initial one',
    async () => {
      const [beforeDir, afterDir] = [await tempStateDir(), await tempStateDir()];
      const [before, after] = await Promise.all([
        runChild({ stateDir: beforeDir, accountId: 'platform_paper', paper: withFaults([{ call: 'connect', fault: 'kill_before' }]), calls: [] }),
        runChild({ stateDir: afterDir, accountId: 'platform_paper', paper: withFaults([{ call: 'connect', fault: 'kill_after' }]), calls: [] }),
      ]);
      expect([before.signal, before.returned, after.signal, after.returned]).toEqual(['SIGKILL', [], 'SIGKILL', []]);
      expect(await readPaperState(beforeDir, 'platform_paper')).toBeNull();
      expect(summary(await readPaperState(afterDir, 'platform_paper'))).toEqual(AFTER_STEPS[0]);
    },
    CHILD_TEST_TIMEOUT,
  );

  it(
    'runs a child to the end when no fault matches (the harness itself works)',
    async () => {
      const stateDir = await tempStateDir();
      const paper = withFaults([{ call: 'placeMarketSell', nth: 2, fault: 'kill_before' }]);
      const outcome = await runChild({ stateDir, accountId: 'platform_paper', paper, calls: CLOSE_BTC });
      expect(outcome).toMatchObject({ code: 0, signal: null, returned: ['connect', 'cancelOrder', 'placeMarketSell', 'fetchBalances'], stderr: '' });
      expect(summary(await readPaperState(stateDir, 'platform_paper'))).toEqual(AFTER_STEPS[3]);
    },
    CHILD_TEST_TIMEOUT,
  );
});
