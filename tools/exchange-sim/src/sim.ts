import { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';
import { createBinanceProtocol } from './exchanges/binance/protocol.js';
import { createCoinbaseProtocol } from './exchanges/coinbase/protocol.js';
import { createKrakenProtocol } from './exchanges/kraken/protocol.js';
import { FaultBook, type FaultSpec } from './server/faults.js';
import { startHttpServer } from './server/http-server.js';
import { EXCHANGE_NAMES, type ExchangeName, type ExchangeProtocol, type ProtocolContext } from './server/protocol.js';
import { RateLimiter } from './server/rate-limiter.js';
import { RequestLog, type RequestRecord } from './server/request-log.js';
import { parseSimState } from './state/load-state.js';
import { sampleState } from './state/sample-states.js';
import type { SimState, SimStateInput } from './state/schema.js';

/** How to start a sim. */
export interface ExchangeSimOptions {
  /** Which exchange's protocol to speak. */
  readonly exchange: ExchangeName;
  /** The starting state (state-file form; it is copied, never mutated). Default: the exchange's sample state. */
  readonly state?: SimStateInput;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Delay before every answer, in milliseconds (default 0). */
  readonly latencyMs?: number;
  /** A token bucket per API key; `false` (default) for none. See `DEFAULT_RATE_LIMITS` for the real ones. */
  readonly rateLimit?: { readonly requestsPerSecond: number; readonly burst: number } | false;
  /** Append every request record to this file as a JSON line. */
  readonly logFile?: string;
  /** The sim's clock in milliseconds (default `Date.now`): JWT expiry, Binance recvWindow, order times. */
  readonly now?: () => number;
}

/** A running sim. */
export interface ExchangeSim {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly exchange: ExchangeName;
  /** The live state: tests may read it and change it (e.g. move a price) between calls. */
  readonly state: SimState;
  /** Every request so far, oldest first. */
  readonly requests: readonly RequestRecord[];
  /** Injects a fault; see `FAULT_KINDS`. Throws `invalid_config` for a bad spec. */
  injectFault(fault: FaultSpec): void;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** Changes the delay before every answer. */
  setLatency(ms: number): void;
  /** Stops listening and drops every connection, including held `timeout` ones. */
  stop(): Promise<void>;
}

const OptionsSchema = z.strictObject({
  exchange: z.enum(EXCHANGE_NAMES),
  state: z.unknown().optional(),
  port: z.number().int().min(0).max(65535).default(0),
  latencyMs: z.number().finite().nonnegative().default(0),
  rateLimit: z.union([z.literal(false), z.strictObject({ requestsPerSecond: z.number().positive(), burst: z.number().min(1) })]).default(false),
  logFile: z.string().min(1).optional(),
  now: z.function().optional(),
});

const PROTOCOLS: Record<ExchangeName, (context: ProtocolContext) => ExchangeProtocol> = {
  coinbase: createCoinbaseProtocol,
  kraken: createKrakenProtocol,
  binance: createBinanceProtocol,
};

/** Starts a protocol-faithful fake exchange on 127.0.0.1. */
export async function startExchangeSim(options: ExchangeSimOptions): Promise<ExchangeSim> {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw cleanupError('invalid_config', `bad exchange-sim options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { exchange, port, rateLimit, logFile } = parsed.data;
  const now = options.now ?? Date.now;
  const state = parseSimState(options.state ?? sampleState(exchange), options.state ? 'state' : `sample ${exchange} state`);
  const protocol = PROTOCOLS[exchange]({ state, now });
  const faults = new FaultBook();
  const log = new RequestLog(logFile);
  let latencyMs = parsed.data.latencyMs;
  const server = await startHttpServer({
    protocol,
    port,
    latencyMs: () => latencyMs,
    faults,
    limiter: rateLimit === false ? null : new RateLimiter(rateLimit, now),
    log,
    now,
  });
  return {
    url: server.url,
    exchange,
    state,
    requests: log.records,
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw cleanupError('invalid_config', `latency must be a finite number ≥ 0, got ${ms}`);
      latencyMs = ms;
    },
    stop: () => server.stop(),
  };
}
