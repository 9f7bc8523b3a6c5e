import KrakenClient from 'kraken-api';
import type { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';
import { mapKrakenError } from './errors.js';
import { keyLane, type KeyLane, type NonceScale } from './key-lanes.js';
import { parseResult } from './kraken-responses.js';

/** A parameter of a Kraken call (form-encoded by the library). */
export type KrakenParams = Readonly<Record<string, string | number | boolean>>;

/** How to reach Kraken with one key. */
export interface KrakenTransportSettings {
  /** Origin of the API (no trailing slash), e.g. `https://api.kraken.com` or a simulator. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Base64 secret. */
  readonly apiSecret: string;
  /** Time one HTTP request may take. */
  readonly timeoutMs: number;
  readonly nonceScale: NonceScale;
  /** The key's lane; default: the process-wide lane of `apiKey`. */
  readonly lane?: KeyLane;
}

/**
 * kraken-api with its traps neutralised. Private calls go through the key's lane (one at a time per key
 * in this process, each with a fresh, strictly increasing nonce written into a params object made for that
 * call alone: the library writes its own nonce into the object it is given, so a reused object replays it).
 * Every call honours its AbortSignal, maps every failure through `errors.ts`, and checks the result
 * against its schema.
 */
export class KrakenTransport {
  private readonly client: KrakenClient;
  private readonly lane: KeyLane;
  private readonly secrets: readonly string[];

  constructor(private readonly settings: KrakenTransportSettings) {
    this.client = new KrakenClient(settings.apiKey, settings.apiSecret, { url: settings.baseUrl, timeout: settings.timeoutMs });
    this.lane = settings.lane ?? keyLane(settings.apiKey);
    this.secrets = [settings.apiKey, settings.apiSecret];
  }

  /** An unsigned call (`AssetPairs`, `Ticker`, `Assets`). */
  async publicCall<S extends z.ZodType>(method: string, params: KrakenParams, schema: S, signal: AbortSignal): Promise<z.output<S>> {
    if (signal.aborted) throw aborted(method);
    const request = this.client.publicMethod(method, { ...params });
    return this.finish(method, raceAbort(request, signal, method), schema);
  }

  /** A signed call, serialised per key with a fresh nonce. */
  async privateCall<S extends z.ZodType>(method: string, params: KrakenParams, schema: S, signal: AbortSignal): Promise<z.output<S>> {
    if (signal.aborted) throw aborted(method);
    const request = this.lane.run(this.settings.nonceScale, signal, (nonce) => this.client.privateMethod(method, { ...params, nonce }));
    return this.finish(method, raceAbort(request, signal, method), schema);
  }

  private async finish<S extends z.ZodType>(method: string, request: Promise<unknown>, schema: S): Promise<z.output<S>> {
    let response: unknown;
    try {
      response = await request;
    } catch (error) {
      throw mapKrakenError(error, { call: method, secrets: this.secrets });
    }
    const envelope = response as { error?: unknown; result?: unknown } | null;
    if (typeof envelope !== 'object' || envelope === null || !('result' in envelope)) {
      throw cleanupError('malformed_response', `Kraken ${method}: the answer has no result`);
    }
    return parseResult(schema, envelope.result, method);
  }
}

function aborted(method: string) {
  return cleanupError('aborted', `Kraken ${method}: aborted`);
}

/**
 * kraken-api cannot cancel a request (got's cancel is not reachable through it): the caller is released
 * at once with `aborted`, while the request itself runs to its timeout in the background — its outcome
 * is then unknown, which is what `aborted` means for an order-placing call.
 */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, method: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(aborted(method));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
