import { afterEach, describe, expect, it } from 'vitest';
import { AccountConfigSchema, type BrokerConnection } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type FaultKind } from '@forced-cleanup/exchange-sim';
import plugin from '../src/index.js';
import { brokerContext, never, type LogLine } from './helpers/broker-context.js';
import type { SimExchange } from './helpers/sim-accounts.js';

/*
 * The credentials are marker strings. Every failure the broker can meet is driven — refused keys, wrong
 * signatures, every sim fault, a dead exchange (ccxt then puts the full signed URL in its message),
 * refused orders, aborts — and no marker may appear in any error (message, JSON, String, stack) or any
 * log line.
 */

const MARKERS = {
  binance: { apiKey: 'MARKERbinanceKEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', secret: 'MARKERbinanceSECRETyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' },
  kraken: { apiKey: 'MARKERkrakenKEY/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz+', secret: Buffer.from('MARKER-kraken-secret-wwwwwwwwwwwwwwwwwwwwwwwwww').toString('base64') },
} as const;
const WRONG_SECRET = Buffer.from('MARKER-wrong-secret-vvvvvvvvvvvvvvvvvvvv').toString('base64');
const ALL_MARKERS = [...Object.values(MARKERS).flatMap((credential) => [credential.apiKey, credential.secret]), WRONG_SECRET, 'MARKER-kraken-secret', 'MARKER-wrong-secret'];

const sims: ExchangeSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

/** Every way an error is shown or stored. */
function renderings(error: unknown): string[] {
  const candidate = error as { message?: unknown; stack?: unknown };
  return [JSON.stringify(error), String(error), String(candidate.message), String(candidate.stack)];
}

async function connect(exchange: SimExchange, sim: ExchangeSim, lines: LogLine[], credential: { apiKey: string; secret: string }): Promise<BrokerConnection> {
  const context = brokerContext({ KEY: credential.apiKey, SECRET: credential.secret }, process.cwd(), lines);
  return plugin.connect(
    AccountConfigSchema.parse({ id: `markers_${exchange}`, owner: 'platform', broker: 'ccxt', exchange, baseUrl: sim.url, apiKeyEnv: 'KEY', apiSecretEnv: 'SECRET', timeoutMs: 1_000 }),
    context,
    never,
  );
}

/** Runs `call`, keeping whatever it rejected with. */
async function failureOf(call: () => Promise<unknown>, errors: unknown[]): Promise<void> {
  try {
    await call();
  } catch (error) {
    errors.push(error);
  }
}

describe.each(['binance', 'kraken'] as const)('no credential in any error or log line (%s)', (exchange) => {
  it('drives every failure and finds no marker', async () => {
    const credential = MARKERS[exchange];
    const symbol = exchange === 'binance' ? 'BTC-USDT' : 'BTC-USD';
    const sim = await startExchangeSim({
      exchange,
      state: {
        credentials: { [exchange]: [credential] },
        balances: { BTC: { total: 0.01 } },
        markets: { [symbol]: { price: 50_000, minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 } },
      },
    });
    sims.push(sim);
    const lines: LogLine[] = [];
    const errors: unknown[] = [];
    const good = await connect(exchange, sim, lines, credential);
    const sell = (connection: BrokerConnection, quantity: number, id: string) => connection.placeMarketSell({ symbol, quantity, clientOrderId: id }, never);

    // Refusals by the exchange and by the broker.
    await failureOf(() => sell(good, 0.00001, 'fc0000000000000001'), errors);
    await failureOf(() => sell(good, 1, 'fc0000000000000002'), errors);
    await failureOf(() => good.cancelOrder({ id: '9999999999', symbol }, never), errors);
    await failureOf(() => good.placeMarketSell({ symbol: 'NOPE-USD', quantity: 1, clientOrderId: 'fc0000000000000003' }, never), errors);
    const aborted = new AbortController();
    aborted.abort();
    await failureOf(() => good.fetchBalances(aborted.signal), errors);
    // Every fault the sim can inject, on a read and on a sell.
    for (const fault of ['http_429', 'http_5xx', 'malformed_json', 'connection_reset', 'timeout', 'executed_response_lost'] satisfies FaultKind[]) {
      sim.injectFault({ fault });
      await failureOf(() => good.fetchBalances(never), errors);
      await failureOf(() => sell(good, 0.001, 'fc0000000000000004'), errors);
      sim.clearFaults();
    }
    // A wrong secret (bad signature), then a revoked key.
    const wrong = await connect(exchange, sim, lines, { apiKey: credential.apiKey, secret: WRONG_SECRET });
    await failureOf(() => wrong.fetchBalances(never), errors);
    await failureOf(() => sell(wrong, 0.001, 'fc0000000000000005'), errors);
    const revoked = sim.state.credentials[exchange].splice(0);
    await failureOf(() => good.fetchOpenOrders(never), errors);
    sim.state.credentials[exchange].push(...revoked);
    // A dead exchange: ccxt's message then holds the whole signed URL.
    await sim.stop();
    await failureOf(() => good.fetchBalances(never), errors);
    await failureOf(() => sell(good, 0.001, 'fc0000000000000006'), errors);

    expect(errors.length).toBeGreaterThanOrEqual(20);
    for (const error of errors) {
      for (const text of renderings(error)) {
        ALL_MARKERS.forEach((marker, index) => expect(text.includes(marker), `an error (${(error as Error).message.slice(0, 80)}) contains marker #${index + 1}`).toBe(false));
      }
    }
    const log = JSON.stringify(lines);
    ALL_MARKERS.forEach((marker, index) => expect(log.includes(marker), `the log contains marker #${index + 1}`).toBe(false));
  }, 30_000);
});
