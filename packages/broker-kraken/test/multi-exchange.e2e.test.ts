import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunReportSchema, type RunReport } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateBinanceCredential, generateCoinbaseKey, generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { CCXT_PLUGIN, COINBASE_PLUGIN, filesUnder, jsonOf, KRAKEN_PLUGIN, runCli } from './helpers/run-cli.js';

/*
 * One real `forced-cleanup run` over three exchanges: the Coinbase sim (broker-coinbase), the Kraken sim
 * (this broker) and the Binance sim (broker-ccxt). Each account is one sim.
 *
 * platform (cap 1): platform_binance: BTC $970, ETH $340 → ETH closed; TRX $0.75 is dust.
 * alice (cap 3): user_alice_coinbase: ETH $204, SOL $900, SHIB $0.735 (dust); user_alice_kraken: ETH
 *   $1700, BTC $1940, DOGE $0.76 (dust below ordermin: stuck), DOT.S (staked: stuck). Four counted → the
 *   smallest, ETH on COINBASE, is closed; ETH on Kraken is left alone.
 * bob (cap 2): user_bob_kraken: BTC $97, XRP $60, LINK $0.75 (dust); user_bob_binance: BTC $1940,
 *   ETH $1700, PEPE $0.90 (dust). Four counted → XRP and BTC on KRAKEN are closed; BTC on Binance stays.
 */

const keys = {
  platformBinance: generateBinanceCredential('multi-e2e-platform-binance'),
  aliceCoinbase: generateCoinbaseKey({ algorithm: 'ES256', seed: 'multi-e2e-alice-coinbase', keyName: 'organizations/multi-e2e/apiKeys/alice' }),
  aliceKraken: generateKrakenCredential('multi-e2e-alice-kraken'),
  bobKraken: generateKrakenCredential('multi-e2e-bob-kraken'),
  bobBinance: generateBinanceCredential('multi-e2e-bob-binance'),
};

const binanceMarkets = {
  'BTC-USDT': { price: 97000, minQuantity: 0.00001, quantityStep: 0.00001, minNotional: 5 },
  'ETH-USDT': { price: 3400, minQuantity: 0.0001, quantityStep: 0.0001, minNotional: 5 },
  'TRX-USDT': { price: 0.25, minQuantity: 0.1, quantityStep: 0.1, minNotional: 0.5 },
  'PEPE-USDT': { price: 0.000018, minQuantity: 1, quantityStep: 1, minNotional: 0.5 },
};
const krakenMarkets = {
  'BTC-USD': { price: 97000, minQuantity: 0.00005, quantityStep: 0.00000001, minNotional: 0.5 },
  'ETH-USD': { price: 3400, minQuantity: 0.002, quantityStep: 0.00000001, minNotional: 0.5 },
  'DOGE-USD': { price: 0.38, minQuantity: 15, quantityStep: 0.00000001, minNotional: 0.5 },
  'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 0.5 },
  'XRP-USD': { price: 0.6, minQuantity: 2, quantityStep: 0.00000001, minNotional: 0.5 },
  'LINK-USD': { price: 15, minQuantity: 0.01, quantityStep: 0.00000001, minNotional: 0.5 },
};

const states: Record<string, SimStateInput> = {
  platformBinance: {
    credentials: { binance: [keys.platformBinance] },
    balances: { USDT: { free: 200, locked: 0 }, BTC: { free: 0.01, locked: 0 }, ETH: { free: 0.1, locked: 0 }, TRX: { free: 3, locked: 0 } },
    markets: binanceMarkets,
  },
  aliceCoinbase: {
    credentials: { coinbase: [{ keyName: keys.aliceCoinbase.keyName, publicKeyPem: keys.aliceCoinbase.publicKeyPem }] },
    balances: { USD: { total: 50 }, ETH: { total: 0.06 }, SOL: { total: 5 }, SHIB: { total: 30000 } },
    markets: {
      'ETH-USD': { price: 3400, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'SOL-USD': { price: 180, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'SHIB-USD': { price: 0.0000245, minQuantity: 1, quantityStep: 1, minNotional: 0.1 },
    },
  },
  aliceKraken: {
    credentials: { kraken: [keys.aliceKraken] },
    balances: { USD: { total: 20 }, ETH: { total: 0.5 }, BTC: { total: 0.02 }, DOGE: { total: 2 }, 'DOT.S': { total: 10 } },
    markets: krakenMarkets,
  },
  bobKraken: {
    credentials: { kraken: [keys.bobKraken] },
    balances: { USD: { total: 10 }, BTC: { total: 0.001 }, XRP: { total: 100 }, LINK: { total: 0.05 } },
    markets: krakenMarkets,
  },
  bobBinance: {
    credentials: { binance: [keys.bobBinance] },
    balances: { USDT: { free: 10, locked: 0 }, BTC: { free: 0.02, locked: 0 }, ETH: { free: 0.5, locked: 0 }, PEPE: { free: 50000, locked: 0 } },
    markets: binanceMarkets,
  },
};

const ENV = {
  PLATFORM_BINANCE_KEY: keys.platformBinance.apiKey,
  PLATFORM_BINANCE_SECRET: keys.platformBinance.secret,
  ALICE_COINBASE_KEY_NAME: keys.aliceCoinbase.keyName,
  ALICE_COINBASE_PRIVATE_KEY: keys.aliceCoinbase.privateKey,
  ALICE_KRAKEN_KEY: keys.aliceKraken.apiKey,
  ALICE_KRAKEN_SECRET: keys.aliceKraken.secret,
  BOB_KRAKEN_KEY: keys.bobKraken.apiKey,
  BOB_KRAKEN_SECRET: keys.bobKraken.secret,
  BOB_BINANCE_KEY: keys.bobBinance.apiKey,
  BOB_BINANCE_SECRET: keys.bobBinance.secret,
};
/** Every credential of the run (the Coinbase key name too: it identifies the key). */
const SECRETS = Object.values(ENV);

describe('one run over Coinbase, Kraken and Binance (real CLI)', () => {
  const sims: Record<string, ExchangeSim> = {};
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    const exchangeOf: Record<string, 'binance' | 'coinbase' | 'kraken'> = {
      platformBinance: 'binance',
      aliceCoinbase: 'coinbase',
      aliceKraken: 'kraken',
      bobKraken: 'kraken',
      bobBinance: 'binance',
    };
    await Promise.all(
      Object.entries(states).map(async ([name, state]) => {
        sims[name] = await startExchangeSim({ exchange: exchangeOf[name] as 'binance' | 'coinbase' | 'kraken', state });
      }),
    );
    const sim = (name: string) => (sims[name] as ExchangeSim).url;
    const fast = { requestsPerSecond: 100, burst: 100 };
    dir = await mkdtemp(join(tmpdir(), 'multi-exchange-e2e-'));
    configFile = join(dir, 'forced-cleanup.json');
    await writeFile(
      configFile,
      JSON.stringify({
        maxPositionsByOwner: { platform: 1, 'user:alice': 3, 'user:bob': 2 },
        accounts: [
          { id: 'platform_binance', owner: 'platform', broker: CCXT_PLUGIN, exchange: 'binance', baseUrl: sim('platformBinance'), apiKeyEnv: 'PLATFORM_BINANCE_KEY', apiSecretEnv: 'PLATFORM_BINANCE_SECRET', rateLimit: fast },
          { id: 'user_alice_coinbase', owner: { user: 'alice' }, broker: COINBASE_PLUGIN, baseUrl: sim('aliceCoinbase'), apiKeyNameEnv: 'ALICE_COINBASE_KEY_NAME', apiPrivateKeyEnv: 'ALICE_COINBASE_PRIVATE_KEY' },
          { id: 'user_alice_kraken', owner: { user: 'alice' }, broker: KRAKEN_PLUGIN, baseUrl: sim('aliceKraken'), apiKeyEnv: 'ALICE_KRAKEN_KEY', apiSecretEnv: 'ALICE_KRAKEN_SECRET', tier: 'pro' },
          { id: 'user_bob_kraken', owner: { user: 'bob' }, broker: KRAKEN_PLUGIN, baseUrl: sim('bobKraken'), apiKeyEnv: 'BOB_KRAKEN_KEY', apiSecretEnv: 'BOB_KRAKEN_SECRET', tier: 'pro' },
          { id: 'user_bob_binance', owner: { user: 'bob' }, broker: CCXT_PLUGIN, exchange: 'binance', baseUrl: sim('bobBinance'), apiKeyEnv: 'BOB_BINANCE_KEY', apiSecretEnv: 'BOB_BINANCE_SECRET', rateLimit: fast },
        ],
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(Object.values(sims).map((sim) => sim.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const writes = (name: string) =>
    (sims[name] as ExchangeSim).requests.filter((request) => request.kind === 'order_placing' || request.kind === 'cancelling').map((request) => `${request.method} ${request.path}`);
  const totals = (name: string) => Object.fromEntries(Object.entries((sims[name] as ExchangeSim).state.balances).map(([asset, balance]) => [asset, balance.total]));
  const actionsOf = (report: RunReport) => report.actions.map((action) => `${action.accountId}:${action.asset}:${action.reason}:${action.status}`).sort();
  const expectedActions = (status: string) =>
    [
      'platform_binance:ETH:cap',
      'platform_binance:TRX:dust',
      'user_alice_coinbase:ETH:cap',
      'user_alice_coinbase:SHIB:dust',
      'user_bob_binance:PEPE:dust',
      'user_bob_kraken:BTC:cap',
      'user_bob_kraken:LINK:dust',
      'user_bob_kraken:XRP:cap',
    ].map((action) => `${action}:${status}`);

  it('a dry run plans across the three exchanges and sends no order-placing or cancelling request', async () => {
    const run = await runCli(['run', '--config', configFile, '--state', join(dir, 'state'), '--dry-run', '--json'], ENV, dir);
    expect(run.code, run.stderr).toBe(0);
    const report = RunReportSchema.parse(jsonOf(run));
    expect(actionsOf(report)).toEqual(expectedActions('planned'));
    for (const name of Object.keys(sims)) expect(writes(name), name).toEqual([]);
  });

  it('a real run closes dust everywhere and enforces each cap across exchanges, selling the same asset only where it should', async () => {
    const stateDir = join(dir, 'state');
    const run = await runCli(['run', '--config', configFile, '--state', stateDir, '--yes', '--json'], ENV, dir);
    expect(run.code, run.stderr).toBe(0);
    const report = RunReportSchema.parse(jsonOf(run));
    expect(actionsOf(report)).toEqual(expectedActions('closed'));
    expect(report.accounts.every((account) => account.state === 'ok')).toBe(true);
    const owners = Object.fromEntries(report.owners.map((owner) => [owner.owner, { cap: owner.cap, final: owner.final, capEnforced: owner.capEnforced, differences: owner.differences }]));
    expect(owners).toEqual({
      platform: { cap: 1, final: 1, capEnforced: true, differences: [] },
      'user:alice': { cap: 3, final: 3, capEnforced: true, differences: [] },
      'user:bob': { cap: 2, final: 2, capEnforced: true, differences: [] },
    });
    expect(report.skipped.filter((entry) => entry.accountId === 'user_alice_kraken').map((entry) => `${entry.asset}:${entry.reason}`).sort()).toEqual([
      'DOGE:stuck',
      'DOT.S:stuck',
    ]);

    // ETH: sold on Alice's Coinbase, untouched on her Kraken. BTC: sold on Bob's Kraken, untouched on his Binance.
    expect(totals('aliceCoinbase')).toMatchObject({ ETH: 0, SHIB: 0, SOL: 5 });
    expect(totals('aliceKraken')).toMatchObject({ ETH: 0.5, BTC: 0.02, DOGE: 2, 'DOT.S': 10 });
    expect(writes('aliceKraken')).toEqual([]);
    expect(totals('bobKraken')).toMatchObject({ BTC: 0, XRP: 0, LINK: 0 });
    expect(totals('bobBinance')).toMatchObject({ BTC: 0.02, ETH: 0.5, PEPE: 0 });
    expect(totals('platformBinance')).toMatchObject({ BTC: 0.01, ETH: 0, TRX: 0 });

    // Exactly one order per close, on the exchange that holds the position.
    expect(writes('platformBinance')).toEqual(['POST /api/v3/order', 'POST /api/v3/order']);
    expect(writes('aliceCoinbase')).toEqual(['POST /api/v3/brokerage/orders', 'POST /api/v3/brokerage/orders']);
    expect(writes('bobKraken')).toEqual(['POST /0/private/AddOrder', 'POST /0/private/AddOrder', 'POST /0/private/AddOrder']);
    expect(writes('bobBinance')).toEqual(['POST /api/v3/order']);

    const outputs = [run.stdout, run.stderr, ...(await filesUnder(stateDir)).map((file) => file.text)];
    for (const text of outputs) for (const secret of SECRETS) expect(text.includes(secret)).toBe(false);
  });
});
