import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunReportSchema, type RunReport } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { filesUnder, jsonOf, KRAKEN_PLUGIN, runCli } from './helpers/run-cli.js';

/*
 * The real `forced-cleanup` CLI over three Kraken accounts, each on its own Kraken sim: the platform's
 * (dust, staked balances, a position below ordermin, a position held by an open order, a cap of 2), Alice's
 * (dust and a cap of 1) and Bob's, configured with a key Kraken refuses. A dry run sends no order and no
 * cancel; the real run closes what the SPEC says on the two readable accounts, reports Bob's unreadable,
 * and no secret appears in any output or state file.
 */

const platformKey = generateKrakenCredential('kraken-e2e-platform');
const aliceKey = generateKrakenCredential('kraken-e2e-alice');
const bobKey = generateKrakenCredential('kraken-e2e-bob');
/** What Bob's config points at: a key no sim knows, with recognisable markers. */
const BOB_MARKER = { apiKey: 'MARKERKEY-bob-0c9e4d1a77', secret: Buffer.from('MARKER-SECRET-bob-5e0b2f8c1d'.repeat(3)).toString('base64') };

const platformState: SimStateInput = {
  credentials: { kraken: [platformKey] },
  balances: {
    USD: { total: 500 },
    BTC: { total: 0.012 }, // 1164 USD
    ETH: { total: 0.25 }, // 850 USD
    DOT: { total: 3.5 }, // 22.75 USD, 2 held by an open sell
    DOGE: { total: 12 }, // 4.56 USD
    SHIB: { total: 30000 }, // 0.735 USD: dust, sellable
    ADA: { total: 0.5 }, // 0.45 USD: dust below ordermin 1: stuck
    'DOT.S': { total: 10 }, // staked: no market: stuck
    'BTC.F': { total: 0.0005 }, // earn: no market: stuck
  },
  markets: {
    'BTC-USD': { price: 97000, minQuantity: 0.00005, quantityStep: 0.00000001, minNotional: 0.5 },
    'ETH-USD': { price: 3400, minQuantity: 0.002, quantityStep: 0.00000001, minNotional: 0.5 },
    'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 0.5 },
    'DOGE-USD': { price: 0.38, minQuantity: 10, quantityStep: 0.00000001, minNotional: 0.5 },
    'SHIB-USD': { price: 0.0000245, minQuantity: 10000, quantityStep: 1, minNotional: 0.5 },
    'ADA-USD': { price: 0.9, minQuantity: 1, quantityStep: 0.00000001, minNotional: 0.5 },
  },
  openOrders: [{ id: 'OQCLML-BW3P3-BUCMWZ', userref: 42, symbol: 'DOT-USD', side: 'sell', quantity: 2, price: 9.5 }],
};

const aliceState: SimStateInput = {
  credentials: { kraken: [aliceKey] },
  balances: { USD: { total: 100 }, SOL: { total: 2 }, XRP: { total: 30 }, LINK: { total: 0.05 } },
  markets: {
    'SOL-USD': { price: 180, minQuantity: 0.02, quantityStep: 0.00000001, minNotional: 0.5 },
    'XRP-USD': { price: 0.6, minQuantity: 2, quantityStep: 0.00000001, minNotional: 0.5 },
    'LINK-USD': { price: 15, minQuantity: 0.01, quantityStep: 0.00000001, minNotional: 0.5 },
  },
};

const bobState: SimStateInput = {
  credentials: { kraken: [bobKey] },
  balances: { USD: { total: 10 }, ETH: { total: 0.0001 } },
  markets: { 'ETH-USD': { price: 3400, minQuantity: 0.00001, quantityStep: 0.00000001, minNotional: 0.1 } },
};

const ENV = {
  KRAKEN_PLATFORM_KEY: platformKey.apiKey,
  KRAKEN_PLATFORM_SECRET: platformKey.secret,
  KRAKEN_ALICE_KEY: aliceKey.apiKey,
  KRAKEN_ALICE_SECRET: aliceKey.secret,
  KRAKEN_BOB_KEY: BOB_MARKER.apiKey,
  KRAKEN_BOB_SECRET: BOB_MARKER.secret,
};

const SECRETS = [platformKey.apiKey, platformKey.secret, aliceKey.apiKey, aliceKey.secret, BOB_MARKER.apiKey, BOB_MARKER.secret, 'MARKERKEY', 'TUFSS0VS'];

describe('forced-cleanup run over Kraken sims (real CLI)', () => {
  let platform: ExchangeSim;
  let alice: ExchangeSim;
  let bob: ExchangeSim;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    [platform, alice, bob] = await Promise.all([
      startExchangeSim({ exchange: 'kraken', state: platformState }),
      startExchangeSim({ exchange: 'kraken', state: aliceState }),
      startExchangeSim({ exchange: 'kraken', state: bobState }),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'kraken-e2e-'));
    configFile = join(dir, 'forced-cleanup.json');
    const account = (id: string, owner: unknown, sim: ExchangeSim, env: string) => ({
      id,
      owner,
      broker: KRAKEN_PLUGIN,
      baseUrl: sim.url,
      apiKeyEnv: `KRAKEN_${env}_KEY`,
      apiSecretEnv: `KRAKEN_${env}_SECRET`,
      tier: 'pro',
      timeoutMs: 10_000,
    });
    await writeFile(
      configFile,
      JSON.stringify({
        maxPositions: 8,
        maxPositionsByOwner: { platform: 2, 'user:alice': 1, 'user:bob': 0 },
        accounts: [
          account('platform_kraken', 'platform', platform, 'PLATFORM'),
          account('user_alice_kraken', { user: 'alice' }, alice, 'ALICE'),
          account('user_bob_kraken', { user: 'bob' }, bob, 'BOB'),
        ],
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([platform?.stop(), alice?.stop(), bob?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const trading = (sim: ExchangeSim) => sim.requests.filter((request) => request.kind === 'order_placing' || request.kind === 'cancelling');
  const closes = (report: RunReport, accountId: string) =>
    report.actions
      .filter((action) => action.accountId === accountId)
      .map((action) => `${action.asset}:${action.reason}`)
      .sort();
  const skippedOf = (report: RunReport, accountId: string) =>
    report.skipped
      .filter((entry) => entry.accountId === accountId)
      .map((entry) => `${entry.asset}:${entry.reason}`)
      .sort();

  it('a dry run plans the cleanup and sends no order-placing or cancelling request', async () => {
    const run = await runCli(['run', '--config', configFile, '--state', join(dir, 'state'), '--dry-run', '--json'], ENV, dir);
    expect(run.code, run.stderr).toBe(1); // Bob's account is unreadable
    const report = RunReportSchema.parse(jsonOf(run));
    expect(closes(report, 'platform_kraken')).toEqual(['DOGE:cap', 'ETH:cap', 'SHIB:dust']);
    expect(closes(report, 'user_alice_kraken')).toEqual(['LINK:dust', 'XRP:cap']);
    expect(report.actions.every((action) => action.status === 'planned')).toBe(true);
    expect(skippedOf(report, 'platform_kraken')).toEqual(['ADA:stuck', 'BTC.F:stuck', 'DOT.S:stuck', 'DOT:open_orders']);
    for (const sim of [platform, alice, bob]) expect(trading(sim)).toEqual([]);
    expect(platform.state.balances.SHIB?.total).toBe(30000);
  });

  it('a real run closes dust and enforces each cap; the account with refused credentials is unreadable, the others proceed', async () => {
    const stateDir = join(dir, 'state');
    const run = await runCli(['run', '--config', configFile, '--state', stateDir, '--yes', '--json'], ENV, dir);
    expect(run.code, run.stderr).toBe(1);
    const report = RunReportSchema.parse(jsonOf(run));

    const bobAccount = report.accounts.find((entry) => entry.accountId === 'user_bob_kraken');
    expect(bobAccount).toMatchObject({ state: 'unreadable', error: { code: 'auth_failed', retryable: false } });
    expect(report.actions.filter((action) => action.status !== 'closed')).toEqual([]);
    expect(closes(report, 'platform_kraken')).toEqual(['DOGE:cap', 'ETH:cap', 'SHIB:dust']);
    expect(closes(report, 'user_alice_kraken')).toEqual(['LINK:dust', 'XRP:cap']);

    const owners = Object.fromEntries(report.owners.map((owner) => [owner.owner, { final: owner.final, capEnforced: owner.capEnforced }]));
    expect(owners).toEqual({
      platform: { final: 2, capEnforced: true },
      'user:alice': { final: 1, capEnforced: true },
      'user:bob': { final: 0, capEnforced: false },
    });

    // The sims' own books: exactly the planned sells, the open order and the stuck balances untouched.
    const totals = (sim: ExchangeSim) => Object.fromEntries(Object.entries(sim.state.balances).map(([asset, balance]) => [asset, balance.total]));
    expect(totals(platform)).toMatchObject({ BTC: 0.012, DOT: 3.5, 'DOT.S': 10, 'BTC.F': 0.0005, ADA: 0.5, ETH: 0, DOGE: 0, SHIB: 0 });
    expect(platform.state.openOrders.map((order) => order.id)).toEqual(['OQCLML-BW3P3-BUCMWZ']);
    expect(totals(alice)).toMatchObject({ SOL: 2, XRP: 0, LINK: 0 });
    expect(trading(platform).map((request) => request.path)).toEqual(Array(3).fill('/0/private/AddOrder'));
    expect(trading(alice).map((request) => request.path)).toEqual(Array(2).fill('/0/private/AddOrder'));
    expect(trading(bob)).toEqual([]);
    expect(bob.requests.filter((request) => request.path.startsWith('/0/private/')).every((request) => request.status === 200)).toBe(true);

    // No secret anywhere: stdout, stderr, journals and every other file of the state directory.
    const outputs = [run.stdout, run.stderr, ...(await filesUnder(stateDir)).map((file) => file.text)];
    for (const text of outputs) for (const secret of SECRETS) expect(text.includes(secret)).toBe(false);
  });

  it('with --include-open-orders, a position held by an open order is freed by a cancel, then sold', async () => {
    // A fresh platform sim: DOT (22.75 USD, 2 of 3.5 held by a sell) is the smallest of three counted positions, cap 2.
    const sim = await startExchangeSim({
      exchange: 'kraken',
      state: { ...platformState, balances: { USD: { total: 500 }, BTC: { total: 0.012 }, ETH: { total: 0.25 }, DOT: { total: 3.5 } } },
    });
    try {
      const file = join(dir, 'open-orders.json');
      await writeFile(
        file,
        JSON.stringify({
          maxPositions: 2,
          accounts: [{ id: 'platform_kraken', owner: 'platform', broker: KRAKEN_PLUGIN, baseUrl: sim.url, apiKeyEnv: 'KRAKEN_PLATFORM_KEY', apiSecretEnv: 'KRAKEN_PLATFORM_SECRET', tier: 'pro' }],
        }),
      );
      const run = await runCli(['run', '--config', file, '--state', join(dir, 'state-open-orders'), '--include-open-orders', '--yes', '--json'], ENV, dir);
      expect(run.code, run.stderr).toBe(0);
      const report = RunReportSchema.parse(jsonOf(run));
      expect(report.actions.map((action) => [action.asset, action.status, action.ordersCancelled])).toEqual([['DOT', 'closed', ['OQCLML-BW3P3-BUCMWZ']]]);
      expect(trading(sim).map((request) => request.path)).toEqual(['/0/private/CancelOrder', '/0/private/AddOrder']);
      expect(sim.state.openOrders).toEqual([]);
      expect(sim.state.balances.DOT?.total).toBe(0);
      expect(report.summary.openOrdersCancelled).toBe(1);
    } finally {
      await sim.stop();
    }
  });
});
