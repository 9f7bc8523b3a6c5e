import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../src/index.js';
import { Journal, findInterruptedRuns } from '../src/journal.js';
import { brokerCalls, optionsFor, resetBrokerCalls, scripted } from './helpers.js';

const T = '2026-11-21T10:00:00.000Z';

async function interruptedSell(stateDir: string, accountId: string, clientOrderId: string) {
  const journal = Journal.create(stateDir, 'old-run', T);
  await journal.intent({ op: 'sell', accountId, asset: 'SHIB', symbol: 'SHIB-USD', clientOrderId, orderId: null, quantity: 1000 }, T);
  return journal;
}

describe('the journal', () => {
  it('finds runs that did not end and their intents without a result; a torn last line is ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-journal-'));
    const done = Journal.create(dir, 'finished', T);
    done.result(await done.intent({ op: 'cancel', accountId: 'a', asset: 'X', symbol: 'X-USD', clientOrderId: null, orderId: 'o1', quantity: 1 }, T), { outcome: 'done', orderId: 'o1', filledQuantity: null, error: null }, T);
    await done.end(T);
    const open = Journal.create(dir, 'crashed', '2026-11-21T11:00:00.000Z');
    const first = await open.intent({ op: 'cancel', accountId: 'a', asset: 'X', symbol: 'X-USD', clientOrderId: null, orderId: 'o2', quantity: 1 }, T);
    open.result(first, { outcome: 'done', orderId: 'o2', filledQuantity: null, error: null }, T);
    await open.intent({ op: 'sell', accountId: 'a', asset: 'X', symbol: 'X-USD', clientOrderId: 'fc1', orderId: null, quantity: 1 }, T);
    const file = readdirSync(join(dir, 'journal')).find((name) => name.includes('crashed')) as string;
    appendFileSync(join(dir, 'journal', file), '{"t":"intent","seq":3,"op":"se'); // died mid-write
    const runs = findInterruptedRuns(dir);
    expect(runs.map((run) => run.runId)).toEqual(['crashed']);
    expect(runs[0]?.pending.map((intent) => intent.clientOrderId)).toEqual(['fc1']);
  });

  it('holds ids and quantities, never a credential', async () => {
    resetBrokerCalls();
    const accounts = [{ ...scripted('acct', 'platform', { balances: { SHIB: 1000 }, prices: { 'SHIB-USD': 0.0001 } }), apiKeyEnv: 'K' }];
    const options = optionsFor(accounts);
    await runCleanup({ ...options, env: { K: 'marker-key-777' }, dryRun: false });
    const dir = join(options.stateDir, 'journal');
    const text = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('');
    expect(text).toContain('"op":"sell"');
    expect(text).not.toContain('marker-key-777');
    expect(findInterruptedRuns(options.stateDir)).toEqual([]);
  });
});

describe('recovery of an interrupted run', () => {
  beforeEach(resetBrokerCalls);
  const filled = { orderId: 'o-9', clientOrderId: 'fc-old', symbol: 'SHIB-USD', side: 'sell', status: 'filled', requestedQuantity: 1000, filledQuantity: 1000, averagePrice: 0.0001 };

  it('an order the exchange filled is found by client order id, reported, and not sold again', async () => {
    // The exchange executed the old run's sell (the balance is gone) but the result never reached the journal.
    const accounts = [scripted('acct', 'platform', { balances: { DOGE: 1 }, prices: { 'DOGE-USD': 0.1 }, knownOrders: { 'fc-old': filled } })];
    const options = optionsFor(accounts);
    await interruptedSell(options.stateDir, 'acct', 'fc-old');
    const report = await runCleanup({ ...options, dryRun: false });
    expect(report.recovery).toMatchObject({ interruptedRunId: 'old-run', intents: [{ accountId: 'acct', asset: 'SHIB', found: 'filled', clientOrderId: 'fc-old', orderId: 'o-9' }] });
    expect(options.events.some((event) => event.type === 'recovered')).toBe(true);
    expect(brokerCalls().filter((call) => call.method === 'placeMarketSell').map((call) => (call.args[0] as { symbol: string }).symbol)).toEqual(['DOGE-USD']);
    expect(findInterruptedRuns(options.stateDir)).toEqual([]);
  });

  it('an order the exchange never received is reported not_placed, and the position is sold once by the new run', async () => {
    const accounts = [scripted('acct', 'platform', { balances: { SHIB: 1000 }, prices: { 'SHIB-USD': 0.0001 } })];
    const options = optionsFor(accounts);
    await interruptedSell(options.stateDir, 'acct', 'fc-never');
    const report = await runCleanup({ ...options, dryRun: false });
    expect(report.recovery?.intents).toEqual([expect.objectContaining({ found: 'not_placed' })]);
    expect(brokerCalls().filter((call) => call.method === 'placeMarketSell')).toHaveLength(1);
    expect(report.actions[0]).toMatchObject({ asset: 'SHIB', status: 'closed' });
  });

  it('an order that cannot be settled blocks its account for this run; the others trade; recovery is retried next time', async () => {
    const accounts = [
      scripted('acct', 'platform', { balances: { SHIB: 1000 }, prices: { 'SHIB-USD': 0.0001 }, failFirst: { lookupOrder: { code: 'auth_failed' } } }),
      scripted('other', { user: 'u' }, { balances: { PEPE: 10 }, prices: { 'PEPE-USD': 0.01 } }),
    ];
    const options = optionsFor(accounts);
    await interruptedSell(options.stateDir, 'acct', 'fc-unknown');
    const report = await runCleanup({ ...options, dryRun: false });
    expect(report.recovery?.intents).toEqual([expect.objectContaining({ found: 'unresolved' })]);
    expect(report.accounts.find((account) => account.accountId === 'acct')).toMatchObject({ state: 'unreadable' });
    expect(report.actions).toEqual([expect.objectContaining({ accountId: 'other', status: 'closed' })]);
    expect(brokerCalls().filter((call) => call.accountId === 'acct' && call.method === 'placeMarketSell')).toEqual([]);
    expect(findInterruptedRuns(options.stateDir).map((run) => run.runId)).toEqual(['old-run']);
  });

  it('concurrent intents share fsyncs, and each is on disk when its promise resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-journal-'));
    const journal = Journal.create(dir, 'group', T);
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => journal.intent({ op: 'sell', accountId: 'a', asset: `A${i}`, symbol: `A${i}-USD`, clientOrderId: `fc${i}`, orderId: null, quantity: 1 }, T)),
    );
    expect(new Set(seqs).size).toBe(20);
    expect(findInterruptedRuns(dir)[0]?.pending).toHaveLength(20);
    await journal.end(T);
    expect(findInterruptedRuns(dir)).toEqual([]);
  });

  it('a dry run neither takes the lock nor recovers', async () => {
    const accounts = [scripted('acct', 'platform', { balances: { SHIB: 1000 }, prices: { 'SHIB-USD': 0.0001 } })];
    const options = optionsFor(accounts);
    await interruptedSell(options.stateDir, 'acct', 'fc-x');
    const report = await runCleanup({ ...options, dryRun: true });
    expect(report.recovery).toBeNull();
    expect(brokerCalls().some((call) => call.method === 'lookupOrder')).toBe(false);
    expect(findInterruptedRuns(options.stateDir)).toHaveLength(1);
  });
});
