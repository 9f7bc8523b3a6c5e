import { parseArgs } from 'node:util';
import { isCleanupError } from '@forced-cleanup/contract';
import { EXCHANGE_NAMES, type ExchangeName } from './server/protocol.js';
import { startExchangeSim } from './sim.js';
import { readStateFile } from './state/load-state.js';

/**
 * `exchange-sim --exchange coinbase|kraken|binance [--port N] [--state file.json] [--log requests.jsonl]
 * [--latency-ms N] [--rate-limit RPS:BURST]`: serves one fake exchange on 127.0.0.1 until SIGINT/SIGTERM.
 * Prints exactly one line on stdout once listening: `exchange-sim <exchange> listening on http://127.0.0.1:PORT`.
 * Exit codes: 0 stopped by a signal, 2 bad arguments or state file, 1 anything else.
 */

const USAGE = 'usage: exchange-sim --exchange coinbase|kraken|binance [--port N] [--state file.json] [--log requests.jsonl] [--latency-ms N] [--rate-limit RPS:BURST]';

function fail(message: string, code: number): never {
  process.stderr.write(`exchange-sim: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

function parseNonNegativeInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) fail(`--${name} must be a whole number ≥ 0, got "${text}"`, 2);
  return Number(text);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        exchange: { type: 'string' },
        port: { type: 'string' },
        state: { type: 'string' },
        log: { type: 'string' },
        'latency-ms': { type: 'string' },
        'rate-limit': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const exchange = values.exchange;
  if (exchange === undefined || !(EXCHANGE_NAMES as readonly string[]).includes(exchange)) fail(`--exchange must be one of ${EXCHANGE_NAMES.join(', ')}`, 2);
  const port = parseNonNegativeInt('port', values.port, 0);
  if (port > 65535) fail(`--port must be at most 65535, got ${port}`, 2);
  const latencyMs = parseNonNegativeInt('latency-ms', values['latency-ms'], 0);
  let rateLimit: { requestsPerSecond: number; burst: number } | false = false;
  if (values['rate-limit'] !== undefined) {
    const match = /^(\d+(?:\.\d+)?):(\d+)$/.exec(values['rate-limit']);
    if (!match || Number(match[1]) <= 0 || Number(match[2]) < 1) fail(`--rate-limit must be RPS:BURST, e.g. 10:20, got "${values['rate-limit']}"`, 2);
    rateLimit = { requestsPerSecond: Number(match[1]), burst: Number(match[2]) };
  }

  let sim;
  try {
    const state = values.state === undefined ? undefined : readStateFile(values.state);
    sim = await startExchangeSim({
      exchange: exchange as ExchangeName,
      port,
      latencyMs,
      rateLimit,
      ...(state ? { state } : {}),
      ...(values.log ? { logFile: values.log } : {}),
    });
  } catch (error) {
    fail(isCleanupError(error) ? error.message : String(error), isCleanupError(error) && error.code === 'invalid_config' ? 2 : 1);
  }
  process.stdout.write(`exchange-sim ${exchange} listening on ${sim.url}\n`);
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
