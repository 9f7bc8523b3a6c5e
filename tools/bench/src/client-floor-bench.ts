import { createHmac, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { userOwner, type BrokerConnection } from '@forced-cleanup/contract';
import { createSecretReader, loadBrokerPlugin } from '@forced-cleanup/engine';
import { BENCH_PACKAGE_DIR } from './api-calls-bench.js';
import { parseBenchArgs, positiveCount } from './bench-args.js';
import { formatDuration, note, printFigure } from './figures.js';
import { BROKER_OF, prepareSimAccount, type BenchExchange, type PreparedSimAccount } from './sim-accounts.js';
import { startSimFleet } from './sim-fleet.js';

/*
 * Benchmark 4b — the client's CPU per request, layer by layer, for the request a cleanup makes most: a
 * market sell. Against one simulator (in a child process, no latency, no rate limit) the same sells are
 * sent (1) with node:http alone — keep-alive, the exchange's signature (a CDP JWT for Coinbase, an HMAC
 * for Binance), JSON in and out: what any client must spend — and (2) through the broker plugin, i.e. the
 * exchange's client library the project is built on (coinbase-advanced-node on axios; ccxt). Only this
 * process's CPU is counted. Multiplied by the requests of the 200-account run, it says how much CPU the
 * client needs before the engine does anything, against what the target allows (multi-account lines).
 */

const ArgsSchema = z.strictObject({
  /** Sells per layer (after a warm-up of a tenth as many). */
  sells: positiveCount.default(3000),
  /** Sells in flight at once. */
  concurrency: positiveCount.default(16),
  exchanges: z
    .string()
    .default('coinbase,binance')
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(['coinbase', 'binance'] as const satisfies readonly BenchExchange[])).min(1)),
});

const SYMBOL = 'BTC-USD';
const QUANTITY = '0.0001';

/** A sell sent some way; resolves when its answer is read (and shows the order was accepted). */
type SendSell = (n: number) => Promise<void>;

/** Runs `total` sells `concurrency` at a time and returns this process's CPU time for them (ms). */
async function cpuFor(send: SendSell, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) await send(next++);
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** One POST over a kept-alive socket; resolves with the parsed JSON answer. */
function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': headers['content-type'] ?? 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The bare Coinbase sell: a CDP JWT (ES256, key parsed once) and the create-order POST. */
function bareCoinbaseSell(baseUrl: string, keyName: string, privateKey: KeyObject, agent: Agent): SendSell {
  const url = new URL('/api/v3/brokerage/orders', baseUrl);
  return async (n) => {
    const nbf = Math.floor(Date.now() / 1000);
    const header = { alg: 'ES256', kid: keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
    const claims = { iss: 'cdp', sub: keyName, nbf, exp: nbf + 120, uri: `POST ${url.host}${url.pathname}` };
    const input = `${base64url(header)}.${base64url(claims)}`;
    const jwt = `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    const body = JSON.stringify({ client_order_id: `bare-${n}`, product_id: SYMBOL, side: 'SELL', order_configuration: { market_market_ioc: { base_size: QUANTITY } } });
    const answer = (await post(agent, url, body, { authorization: `Bearer ${jwt}` })) as { success?: unknown };
    if (answer.success !== true) throw new Error(`coinbase sim refused the bare sell: ${JSON.stringify(answer).slice(0, 200)}`);
  };
}

/** The bare Binance sell: the HMAC-SHA256 of the parameters and the order POST. */
function bareBinanceSell(baseUrl: string, apiKey: string, secret: string, agent: Agent): SendSell {
  const url = new URL('/api/v3/order', baseUrl);
  return async (n) => {
    const params = `symbol=BTCUSD&side=SELL&type=MARKET&quantity=${QUANTITY}&newClientOrderId=bare-${n}&newOrderRespType=FULL&timestamp=${Date.now()}&recvWindow=10000`;
    const body = `${params}&signature=${createHmac('sha256', secret).update(params).digest('hex')}`;
    const answer = (await post(agent, url, body, { 'x-mbx-apikey': apiKey, 'content-type': 'application/x-www-form-urlencoded' })) as { orderId?: unknown };
    if (answer.orderId === undefined) throw new Error(`binance sim refused the bare sell: ${JSON.stringify(answer).slice(0, 200)}`);
  };
}

/** The broker plugin's sell: `placeMarketSell` on a connection made the way the engine makes it. */
function pluginSell(connection: BrokerConnection, signal: AbortSignal): SendSell {
  return async (n) => {
    const report = await connection.placeMarketSell({ symbol: SYMBOL, quantity: Number(QUANTITY), clientOrderId: `plugin-${n}` }, signal);
    if (report.filledQuantity <= 0) throw new Error(`the plugin's sell did not fill: ${report.status}`);
  };
}

async function connectPlugin(prepared: PreparedSimAccount, url: string, stateDir: string, signal: AbortSignal): Promise<BrokerConnection> {
  const account = prepared.accountFor(url);
  const plugin = await loadBrokerPlugin(account.broker, { searchDirs: [BENCH_PACKAGE_DIR], configDir: stateDir });
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  return plugin.connect(account, { stateDir, configDir: stateDir, env: prepared.env, logger: quiet, secrets: createSecretReader(prepared.env, stateDir) }, signal);
}

/** Measures both layers on one exchange and prints a line for each. */
async function measureExchange(exchange: 'coinbase' | 'binance', sells: number, concurrency: number): Promise<void> {
  const total = sells + Math.ceil(sells / 10);
  const prepared = prepareSimAccount({
    exchange,
    accountId: `floor_${exchange}`,
    owner: userOwner('floor'),
    // Enough BTC for every sell of both layers and their warm-ups.
    state: { balances: { USD: { total: 1_000 }, BTC: { total: 4 * total * Number(QUANTITY) } }, markets: { [SYMBOL]: { price: 50_000, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 } } },
    accountRateLimit: { requestsPerSecond: 1_000, burst: 1_000 },
  });
  const fleet = await startSimFleet([{ exchange, state: prepared.simState as Record<string, unknown>, latencyMs: 0, rateLimit: false }]);
  const stateDir = mkdtempSync(join(tmpdir(), 'fc-bench-floor-'));
  const agent = new Agent({ keepAlive: true });
  const controller = new AbortController();
  // Every sell in flight listens on the one signal, as in a run (the engine lifts the limit the same way).
  setMaxListeners(0, controller.signal);
  try {
    const url = fleet.urls[0]!;
    const { key, secret } = prepared.credentials;
    const bare = exchange === 'coinbase' ? bareCoinbaseSell(url, key, createPrivateKey(secret), agent) : bareBinanceSell(url, key, secret, agent);
    const connection = await connectPlugin(prepared, url, stateDir, controller.signal);
    const layers: [string, SendSell, number][] = [
      ['node-http', bare, 1],
      // A Coinbase sell through the plugin is two requests: the order, then its read-back (the create answer has no fill).
      [`broker-${BROKER_OF[exchange]}`, pluginSell(connection, controller.signal), exchange === 'coinbase' ? 2 : 1],
    ];
    for (const [layer, send, requestsPerSell] of layers) {
      note(`client-floor: ${exchange} ${layer}, ${sells} sells`);
      await cpuFor(send, Math.ceil(sells / 10), concurrency);
      const cpuMs = await cpuFor(send, sells, concurrency);
      printFigure('client-floor', {
        exchange,
        layer,
        sells,
        requests: sells * requestsPerSell,
        clientCpu: formatDuration(cpuMs),
        clientCpuPerRequest: `${((cpuMs * 1000) / (sells * requestsPerSell)).toFixed(0)}us`,
      });
    }
    await connection.close?.();
  } finally {
    controller.abort();
    agent.destroy();
    await fleet.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Runs the client-floor benchmark with command-line options (see ArgsSchema). */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(ArgsSchema, argv);
  for (const exchange of args.exchanges) await measureExchange(exchange, args.sells, args.concurrency);
}
