import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { filesUnder, runCli, workDir, type CliResult } from './cli-runner.js';

/*
 * The whole product through broker-ccxt: the real CLI, a config naming `broker: ccxt` with `exchange:` and
 * `baseUrl:`, credentials from environment variables, against exchange-sim's Binance and Kraken. The
 * credentials are marker strings: no output, log or state file may ever contain one.
 *
 * Platform (Binance, cap 2): BTC $500, ETH $1500, SOL $300 (1 held by an open sell) are counted → SOL is
 * closed, its order cancelled first; PEPE ($0.90) is dust and sold; DOGE ($0.10) rounds to 0 at its step
 * of 1 → stuck dust, converted to BNB. user:alice (Kraken, cap 2): BTC $100, ADA $50, DOT $30 (2 held) →
 * DOT is closed after its order is cancelled; XRP ($0.60) is dust and sold; SHIB ($0.40) is below its
 * minimum quantity → stuck, and Kraken converts nothing: left alone.
 */

const BINANCE_KEY = 'MARKERbinanceKEY0123456789abcdefMARKERbinanceKEY0123456789abcdef';
const BINANCE_SECRET = 'MARKERbinanceSECRET456789abcdefMARKERbinanceSECRET456789abcdef';
const KRAKEN_KEY = 'MARKERkrakenKEY+0123456789/abcdefghijklmnopqrstuvwxyzMARKER';
const KRAKEN_SECRET_TEXT = 'MARKER-kraken-secret-0123456789-MARKER-kraken-secret';
const KRAKEN_SECRET = Buffer.from(KRAKEN_SECRET_TEXT).toString('base64');
const MARKERS = [BINANCE_KEY, BINANCE_SECRET, KRAKEN_KEY, KRAKEN_SECRET, KRAKEN_SECRET_TEXT];

const binanceState: SimStateInput = {
  credentials: { binance: [{ apiKey: BINANCE_KEY, secret: BINANCE_SECRET }] },
  balances: { USDT: { total: 100 }, BTC: { total: 0.01 }, ETH: { total: 0.5 }, SOL: { total: 3 }, PEPE: { total: 50_000 }, DOGE: { total: 0.5 } },
  markets: {
    'BTC-USDT': { price: 50_000, minQuantity: 0.00001, quantityStep: 0.00001, minNotional: 5 },
    'ETH-USDT': { price: 3_000, minQuantity: 0.0001, quantityStep: 0.0001, minNotional: 5 },
    'SOL-USDT': { price: 100, minQuantity: 0.01, quantityStep: 0.01, minNotional: 5 },
    'PEPE-USDT': { price: 0.000018, minQuantity: 1, quantityStep: 1, minNotional: 0.5 },
    'DOGE-USDT': { price: 0.2, minQuantity: 1, quantityStep: 1, minNotional: 1 },
    'BNB-USDT': { price: 600, minQuantity: 0.001, quantityStep: 0.001, minNotional: 5 },
  },
  openOrders: [{ id: '5001', symbol: 'SOL-USDT', side: 'sell', quantity: 1, price: 150 }],
};

const krakenState: SimStateInput = {
  credentials: { kraken: [{ apiKey: KRAKEN_KEY, secret: KRAKEN_SECRET }] },
  balances: { USD: { total: 50 }, BTC: { total: 0.002 }, DOT: { total: 5 }, ADA: { total: 100 }, XRP: { total: 1 }, SHIB: { total: 20_000 } },
  markets: {
    'BTC-USD': { price: 50_000, minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 0.5 },
    'DOT-USD': { price: 6, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 0.5 },
    'ADA-USD': { price: 0.5, minQuantity: 1, quantityStep: 0.00000001, minNotional: 0.5 },
    'XRP-USD': { price: 0.6, minQuantity: 0.1, quantityStep: 0.00000001, minNotional: 0.5 },
    'SHIB-USD': { price: 0.00002, minQuantity: 50_000, quantityStep: 1, minNotional: 0.5 },
  },
  openOrders: [{ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'DOT-USD', side: 'sell', quantity: 2, price: 9 }],
};

/** Requests that place or cancel, as the sim classified them. */
function writes(sim: ExchangeSim): string[] {
  return sim.requests.filter((request) => request.kind === 'order_placing' || request.kind === 'cancelling').map((request) => `${request.method} ${request.path}`);
}

/** Asserts that no credential appears in `text`; names the place, never the secret. */
function expectNoMarker(text: string, where: string): void {
  MARKERS.forEach((marker, index) => expect(text.includes(marker), `${where} contains credential #${index + 1}`).toBe(false));
}

describe('forced-cleanup CLI through broker-ccxt against the simulated Binance and Kraken', () => {
  let binance: ExchangeSim;
  let kraken: ExchangeSim;
  let dir: string;
  let removeDir: () => Promise<void>;

  beforeEach(async () => {
    binance = await startExchangeSim({ exchange: 'binance', state: binanceState });
    kraken = await startExchangeSim({ exchange: 'kraken', state: krakenState });
    ({ dir, remove: removeDir } = await workDir());
    const account = (id: string, owner: string, exchange: string, sim: ExchangeSim, prefix: string) => ({
      id,
      owner,
      broker: 'ccxt',
      exchange,
      baseUrl: sim.url,
      apiKeyEnv: `${prefix}_API_KEY`,
      apiSecretEnv: `${prefix}_API_SECRET`,
      // The sims have no rate limit; the declared Kraken budget (0.5 calls a second) would only slow the test.
      rateLimit: { requestsPerSecond: 100, burst: 100 },
    });
    const config = {
      maxPositions: 2,
      accounts: [
        account('platform_binance', 'platform', 'binance', binance, 'BINANCE'),
        account('user_alice_kraken', 'user:alice', 'kraken', kraken, 'KRAKEN'),
      ],
    };
    await writeFile(join(dir, 'forced-cleanup.json'), JSON.stringify(config, null, 2));
  });

  afterEach(async () => {
    await Promise.all([binance.stop(), kraken.stop()]);
    await removeDir();
  });

  const env = { BINANCE_API_KEY: BINANCE_KEY, BINANCE_API_SECRET: BINANCE_SECRET, KRAKEN_API_KEY: KRAKEN_KEY, KRAKEN_API_SECRET: KRAKEN_SECRET };
  const cli = (...flags: string[]): Promise<CliResult> =>
    runCli(['run', '--config', join(dir, 'forced-cleanup.json'), '--state', join(dir, 'state'), '--include-open-orders', '--json', ...flags], dir, env);

  it('a dry run reads both exchanges, plans the closes and cancels, and places or cancels nothing', async () => {
    const result = await cli('--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(writes(binance)).toEqual([]);
    expect(writes(kraken)).toEqual([]);
    expect(binance.requests.length).toBeGreaterThan(0);
    expect(kraken.requests.length).toBeGreaterThan(0);
    const report = JSON.parse(result.stdout) as { actions: Array<{ accountId: string; asset: string }> };
    expect(report.actions.map((action) => `${action.accountId}:${action.asset}`).sort()).toEqual(
      ['platform_binance:DOGE', 'platform_binance:PEPE', 'platform_binance:SOL', 'user_alice_kraken:DOT', 'user_alice_kraken:XRP'].sort(),
    );
    expect(binance.state.balances['SOL']?.total).toBe(3);
    expect(kraken.state.openOrders).toHaveLength(1);
  });

  it('a real run cancels and sells on both exchanges, converts Binance dust, and leaks no credential', async () => {
    const result = await cli('--yes');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { actions: Array<{ id: string; kind: string; status: string; ordersCancelled: string[] }> };
    expect(report.actions.map((action) => [action.id, action.kind, action.status, action.ordersCancelled]).sort()).toEqual(
      [
        ['platform_binance:DOGE', 'convert', 'closed', []],
        ['platform_binance:PEPE', 'sell', 'closed', []],
        ['platform_binance:SOL', 'sell', 'closed', ['5001']],
        ['user_alice_kraken:DOT', 'sell', 'closed', ['OQCLML-BW3P3-BUCMWZ']],
        ['user_alice_kraken:XRP', 'sell', 'closed', []],
      ].sort(),
    );

    // Binance: SOL's order cancelled, then SOL and PEPE sold; DOGE converted to BNB; BTC and ETH kept.
    expect(binance.state.openOrders).toEqual([]);
    expect(binance.state.pastOrders.find((order) => order.id === '5001')?.status).toBe('cancelled');
    const sold = (sim: ExchangeSim) => sim.state.pastOrders.filter((order) => order.type === 'market').map((order) => [order.symbol, order.filledQuantity]);
    expect(sold(binance)).toEqual(expect.arrayContaining([['SOL-USDT', 3], ['PEPE-USDT', 50_000]]));
    expect(binance.state.balances['DOGE']?.total).toBe(0);
    expect(binance.state.balances['BNB']?.total).toBeGreaterThan(0);
    expect([binance.state.balances['BTC']?.total, binance.state.balances['ETH']?.total]).toEqual([0.01, 0.5]);
    expect(writes(binance).sort()).toEqual(['DELETE /api/v3/order', 'POST /api/v3/order', 'POST /api/v3/order', 'POST /sapi/v1/asset/dust'].sort());

    // Kraken: DOT's order cancelled, then DOT and XRP sold; SHIB (stuck) and the rest kept.
    expect(kraken.state.openOrders).toEqual([]);
    expect(sold(kraken)).toEqual(expect.arrayContaining([['DOT-USD', 5], ['XRP-USD', 1]]));
    expect([kraken.state.balances['SHIB']?.total, kraken.state.balances['BTC']?.total, kraken.state.balances['ADA']?.total]).toEqual([20_000, 0.002, 100]);
    expect(writes(kraken).sort()).toEqual(['POST /0/private/AddOrder', 'POST /0/private/AddOrder', 'POST /0/private/CancelOrder'].sort());

    expectNoMarker(result.stdout, 'stdout');
    expectNoMarker(result.stderr, 'stderr');
    for (const file of await filesUnder(join(dir, 'state'))) expectNoMarker(file.text, `state file ${file.path}`);
  });

  it('a run whose exchange is down and whose key is refused fails those accounts and prints or journals no credential', async () => {
    await binance.stop();
    const wrongSecret = Buffer.from('MARKER-wrong-kraken-secret-0123456789').toString('base64');
    const result = await runCli(
      ['run', '--config', join(dir, 'forced-cleanup.json'), '--state', join(dir, 'state'), '--yes', '--json'],
      dir,
      { ...env, KRAKEN_API_SECRET: wrongSecret },
    );
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { accounts?: unknown; skipped: Array<{ accountId: string; reason: string }> };
    expect(report.skipped.filter((entry) => entry.reason === 'account_unreadable').map((entry) => entry.accountId).sort()).toEqual(['platform_binance', 'user_alice_kraken']);
    expect(writes(kraken)).toEqual([]);
    for (const text of [result.stdout, result.stderr, ...(await filesUnder(join(dir, 'state'))).map((file) => file.text)]) {
      expectNoMarker(text, 'an output or state file');
      expect(text.includes(wrongSecret)).toBe(false);
    }
  });
});
