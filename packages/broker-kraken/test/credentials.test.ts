import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountConfigSchema, type BrokerConnection } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type FaultKind } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import plugin from '../src/index.js';
import { connectToSim, live, rejectionOf, simAccount, testContext, type LoggedLine } from './helpers/broker-context.js';

/*
 * Credentials: read from env or files, refused by Kraken as auth_failed (not retryable) on every private
 * call, and never in any error or log line. Marker secrets make a leak easy to see: a key and a secret
 * that appear nowhere else.
 */

/** A key and secret that appear nowhere else, so that any occurrence in output is a leak. */
const MARKER = { apiKey: 'MARKERKEY-kraken-6f1c0e0a5b', secret: Buffer.from('MARKER-SECRET-kraken-91d2f7c3a8e4b6d0'.repeat(2)).toString('base64') };
const MARKER_FRAGMENTS = [MARKER.apiKey, MARKER.secret, 'MARKERKEY', MARKER.secret.slice(0, 24)];

function renderings(error: unknown): string[] {
  const value = error as { message?: unknown; stack?: unknown };
  return [JSON.stringify(error), String(error), String(value.message), String(value.stack)];
}

function expectNoMarker(texts: readonly string[], what: string): void {
  for (const text of texts) {
    for (const fragment of MARKER_FRAGMENTS) expect(text.includes(fragment), `${what} contains a secret`).toBe(false);
  }
}

describe('credentials against the Kraken sim', () => {
  const good = generateKrakenCredential('kraken-credentials-good');
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({
      exchange: 'kraken',
      state: {
        credentials: { kraken: [good] },
        balances: { USD: { total: 10 }, BTC: { total: 0.5 } },
        markets: { 'BTC-USD': { price: 40000, minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 } },
        openOrders: [{ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'BTC-USD', side: 'sell', quantity: 0.1, price: 50000 }],
      },
    });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('an unknown key is auth_failed, not retryable, on every private call, and nothing is sold or cancelled', async () => {
    const connection = await connectToSim(sim, MARKER);
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['fetchBalances', () => connection.fetchBalances(live())],
      ['fetchOpenOrders', () => connection.fetchOpenOrders(live())],
      ['placeMarketSell', () => connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc00000000000000e1' }, live())],
      ['cancelOrder', () => connection.cancelOrder({ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'BTC-USD' }, live())],
      ['lookupOrder', () => connection.lookupOrder({ clientOrderId: 'fc00000000000000e1', symbol: 'BTC-USD' }, live())],
    ];
    for (const [name, call] of calls) {
      const error = await rejectionOf(call());
      expect({ name, code: error.code, retryable: error.retryable }).toEqual({ name, code: 'auth_failed', retryable: false });
      expectNoMarker(renderings(error), name);
    }
    expect(sim.state.openOrders).toHaveLength(1);
    expect(sim.state.balances.BTC?.total).toBe(0.5);
  });

  it('a known key with a wrong secret is auth_failed (invalid signature)', async () => {
    const connection = await connectToSim(sim, { apiKey: good.apiKey, secret: MARKER.secret });
    const error = await rejectionOf(connection.fetchBalances(live()));
    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain('Invalid signature');
    expectNoMarker(renderings(error), 'fetchBalances');
  });

  it.each<FaultKind>(['http_429', 'http_5xx', 'malformed_json', 'connection_reset', 'executed_response_lost'])(
    'puts no secret in any error under the fault %s',
    async (fault) => {
      sim.state.credentials.kraken.push(MARKER);
      const connection: BrokerConnection = await connectToSim(sim, MARKER);
      await connection.fetchMarkets(live());
      sim.injectFault({ fault });
      for (const call of [
        () => connection.fetchBalances(live()),
        () => connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc00000000000000e2' }, live()),
        () => connection.cancelOrder({ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'BTC-USD' }, live()),
      ]) {
        expectNoMarker(renderings(await rejectionOf(call())), fault);
      }
    },
  );

  it('logs the connection without any credential', async () => {
    const lines: LoggedLine[] = [];
    const { account, env } = simAccount(sim, MARKER);
    await plugin.connect(account, testContext(env, process.cwd(), lines), live());
    expect(lines.map((line) => line.message)).toEqual(['kraken account connected']);
    expectNoMarker([JSON.stringify(lines)], 'the log');
  });

  it('reads the key and the secret from files relative to the config directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kraken-credentials-'));
    try {
      await writeFile(join(dir, 'kraken.key'), `${good.apiKey}\n`);
      await writeFile(join(dir, 'kraken.secret'), `${good.secret}\n`);
      const account = AccountConfigSchema.parse({ id: 'files', owner: 'platform', broker: 'kraken', baseUrl: sim.url, apiKeyFile: 'kraken.key', apiSecretFile: 'kraken.secret' });
      const connection = await plugin.connect(account, testContext({}, dir), live());
      expect(await connection.fetchBalances(live())).toContainEqual({ asset: 'BTC', total: 0.5, free: 0.4 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a secret that is not base64 as invalid_config, without showing it', async () => {
    const { account, env } = simAccount(sim, { apiKey: MARKER.apiKey, secret: 'MARKER-SECRET not base64!' });
    const error = await rejectionOf(plugin.connect(account, testContext(env), live()));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('apiSecret');
    expect(renderings(error).some((text) => text.includes('MARKER'))).toBe(false);
  });
});
