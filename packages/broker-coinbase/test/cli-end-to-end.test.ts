import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeSim, SimStateInput } from '@forced-cleanup/exchange-sim';
import { ecdsaKey, ed25519Key, simCredential, startCoinbaseSim, strangerKey } from './helpers.js';

/*
 * The REAL forced-cleanup CLI (a child process) against three Coinbase simulators: the platform on one
 * (ECDSA key, CDP option names, private key from a file), user alice on another (Ed25519 key, generic
 * apiKey/apiSecret names from the environment), and user bob with a key the exchange rejects. The broker
 * is named by the absolute path of this package's build, so the test does not depend on the CLI's own
 * dependencies (see docs/broker-coinbase.md).
 */

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '..', '..');
const cliBin = join(repoRoot, 'packages', 'cli', 'bin', 'forced-cleanup.js');
const brokerModule = join(packageDir, 'dist', 'index.js');

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The platform: SHIB is sellable dust, DOGE is dust below the minimum notional (stuck), BTC/ETH/SOL count toward a cap of 2. */
const platformState: SimStateInput = {
  credentials: { coinbase: [simCredential(ecdsaKey)] },
  balances: { USD: { total: 100 }, BTC: { total: 0.05 }, ETH: { total: 1 }, SOL: { total: 10 }, SHIB: { total: 30_000 }, DOGE: { total: 2 } },
  markets: {
    'BTC-USD': { price: 40_000, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
    'ETH-USD': { price: 2_000, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
    'SOL-USD': { price: 100, minQuantity: 0.01, quantityStep: 0.01, minNotional: 1 },
    'SHIB-USD': { price: 0.00002, minQuantity: 1, quantityStep: 1, minNotional: 0.1 },
    'DOGE-USD': { price: 0.38, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
  },
  openOrders: [{ id: 'eth-take-profit', symbol: 'ETH-USD', side: 'sell', quantity: 0.5, price: 3_000 }],
};

/** Alice: ADA is dust; LINK (150 USD) and AVAX (100 USD) count toward her cap of 1, so AVAX goes. */
const aliceState: SimStateInput = {
  credentials: { coinbase: [simCredential(ed25519Key)] },
  balances: { USD: { total: 50 }, ADA: { total: 0.5 }, LINK: { total: 10 }, AVAX: { total: 5 } },
  markets: {
    'ADA-USD': { price: 1, minQuantity: 0.1, quantityStep: 0.1, minNotional: 0.1 },
    'LINK-USD': { price: 15, minQuantity: 0.01, quantityStep: 0.01, minNotional: 1 },
    'AVAX-USD': { price: 20, minQuantity: 0.01, quantityStep: 0.01, minNotional: 1 },
  },
};

/** Bob: holds dust, but his key is not one the exchange knows. */
const bobState: SimStateInput = {
  credentials: { coinbase: [simCredential(ecdsaKey)] },
  balances: { USD: { total: 10 }, XLM: { total: 3 } },
  markets: { 'XLM-USD': { price: 0.1, minQuantity: 1, quantityStep: 1, minNotional: 0.1 } },
};

/** Every credential of the run: none may appear in any output or file. */
const markers = [ecdsaKey.keyName, ecdsaKey.privateKey, ed25519Key.keyName, ed25519Key.privateKey, strangerKey.keyName, strangerKey.privateKey];

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function expectNoMarker(texts: Array<[string, string]>): Promise<void> {
  for (const [where, text] of texts) {
    markers.forEach((marker, index) => {
      if (text.includes(marker)) expect.fail(`${where} contains credential #${index + 1}`);
    });
    expect(text, where).not.toMatch(/Bearer |eyJ[A-Za-z0-9_-]{10,}\.|PRIVATE KEY/);
  }
}

const writes = (sim: ExchangeSim) => sim.requests.filter((request) => request.kind === 'order_placing' || request.kind === 'cancelling');

async function setUp() {
  const [platform, alice, bob] = await Promise.all([startCoinbaseSim(platformState), startCoinbaseSim(aliceState), startCoinbaseSim(bobState)]);
  const dir = await mkdtemp(join(tmpdir(), 'broker-coinbase-e2e-'));
  temporary.push(dir);
  await writeFile(join(dir, 'platform-key.pem'), ecdsaKey.privateKey);
  const config = {
    dustThresholdUsd: 1,
    maxPositions: 2,
    maxPositionsByOwner: { 'user:alice': 1 },
    accounts: [
      { id: 'platform_coinbase', owner: 'platform', broker: brokerModule, baseUrl: platform.url, apiKeyNameEnv: 'PLATFORM_CB_KEY_NAME', apiPrivateKeyFile: './platform-key.pem' },
      { id: 'user_alice_coinbase', owner: { user: 'alice' }, broker: brokerModule, baseUrl: alice.url, apiKeyEnv: 'ALICE_CB_KEY', apiSecretEnv: 'ALICE_CB_SECRET' },
      { id: 'user_bob_coinbase', owner: 'user:bob', broker: brokerModule, baseUrl: bob.url, apiKeyNameEnv: 'BOB_CB_KEY_NAME', apiPrivateKeyEnv: 'BOB_CB_PRIVATE_KEY' },
    ],
  };
  await writeFile(join(dir, 'forced-cleanup.json'), JSON.stringify(config, null, 2));
  const env = {
    PLATFORM_CB_KEY_NAME: ecdsaKey.keyName,
    ALICE_CB_KEY: ed25519Key.keyName,
    ALICE_CB_SECRET: ed25519Key.privateKey,
    BOB_CB_KEY_NAME: strangerKey.keyName,
    BOB_CB_PRIVATE_KEY: strangerKey.privateKey,
  };
  return { platform, alice, bob, dir, env };
}

interface ReportLike {
  actions: Array<{ accountId: string; asset: string; reason: string; status: string; statusReason: string | null }>;
  skipped: Array<{ accountId: string; asset: string; reason: string }>;
  accounts: Array<{ accountId: string; state: string; error: { code: string } | null }>;
  owners: Array<{ owner: string; capEnforced: boolean; final: number }>;
}

/** The run report in the CLI's JSON document (the document itself, or its `report`). */
function reportOf(stdout: string): ReportLike {
  const document = JSON.parse(stdout) as ReportLike & { report?: ReportLike };
  return document.report ?? document;
}

describe('forced-cleanup CLI with Coinbase accounts (three simulators)', () => {
  it('dry run: plans the cleanup, sends no order or cancel, reports the bad key unreadable without leaking it', async () => {
    const { platform, alice, bob, dir, env } = await setUp();
    const run = await runCli(['run', '--config', join(dir, 'forced-cleanup.json'), '--dry-run', '--json'], dir, env);
    expect(run.code, run.stderr).toBe(1); // an unreadable account makes the exit code 1
    const report = reportOf(run.stdout);
    expect(report.accounts.find((account) => account.accountId === 'user_bob_coinbase')).toMatchObject({ state: 'unreadable', error: { code: 'auth_failed' } });
    expect(report.accounts.filter((account) => account.state === 'ok').map((account) => account.accountId).sort()).toEqual(['platform_coinbase', 'user_alice_coinbase']);
    const planned = report.actions.map((action) => `${action.accountId}:${action.asset}:${action.reason}`).sort();
    expect(planned).toEqual(['platform_coinbase:SHIB:dust', 'platform_coinbase:SOL:cap', 'user_alice_coinbase:ADA:dust', 'user_alice_coinbase:AVAX:cap']);
    expect(report.skipped).toContainEqual(expect.objectContaining({ accountId: 'platform_coinbase', asset: 'DOGE', reason: 'stuck' }));
    for (const sim of [platform, alice, bob]) expect(writes(sim)).toEqual([]);
    expect(platform.requests.length).toBeGreaterThan(0);
    expect(bob.requests.filter((request) => request.status === 401).length).toBeGreaterThan(0);
    await expectNoMarker([['stdout', run.stdout], ['stderr', run.stderr]]);
  });

  it('real run: closes dust and the cap excess on each readable account, only there, and writes no secret anywhere', async () => {
    const { platform, alice, bob, dir, env } = await setUp();
    const run = await runCli(['run', '--config', join(dir, 'forced-cleanup.json'), '--yes', '--json'], dir, env);
    expect(run.code, run.stderr).toBe(1); // bob's account is unreadable; everything else succeeded
    const report = reportOf(run.stdout);
    const outcomes = report.actions.map((action) => `${action.accountId}:${action.asset}:${action.status}`).sort();
    expect(outcomes).toEqual(['platform_coinbase:SHIB:closed', 'platform_coinbase:SOL:closed', 'user_alice_coinbase:ADA:closed', 'user_alice_coinbase:AVAX:closed']);

    // What the exchanges hold now: the sold positions are gone, everything else untouched.
    expect(Object.keys(platform.state.balances).filter((asset) => platform.state.balances[asset]!.total > 0).sort()).toEqual(['BTC', 'DOGE', 'ETH', 'USD']);
    expect(platform.state.openOrders.map((order) => order.id)).toEqual(['eth-take-profit']);
    expect(Object.keys(alice.state.balances).filter((asset) => alice.state.balances[asset]!.total > 0).sort()).toEqual(['LINK', 'USD']);
    expect(bob.state.balances.XLM?.total).toBe(3);
    expect(writes(platform).map((request) => request.kind)).toEqual(['order_placing', 'order_placing']);
    expect(writes(alice)).toHaveLength(2);
    expect(writes(bob)).toEqual([]);
    expect(report.owners.find((owner) => owner.owner === 'user:bob')?.capEnforced).toBe(false);
    expect(report.owners.find((owner) => owner.owner === 'platform')?.final).toBe(2);

    const stateFiles = await filesUnder(join(dir, '.forced-cleanup'));
    expect(stateFiles.length).toBeGreaterThan(0);
    const contents = await Promise.all(stateFiles.map(async (file) => [file, await readFile(file, 'utf8')] as [string, string]));
    await expectNoMarker([['stdout', run.stdout], ['stderr', run.stderr], ...contents]);
  });
});
