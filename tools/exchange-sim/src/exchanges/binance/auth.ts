import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimRequest, SimResponse } from '../../server/protocol.js';
import type { SimState } from '../../state/schema.js';
import { binanceError, missingParameter } from './wire.js';

/**
 * Binance SIGNED endpoints: `X-MBX-APIKEY` names the key; `signature` is the hex HMAC-SHA256 of the total
 * parameters — the query string followed directly by the body, with the signature parameter left out;
 * `timestamp` must be within `recvWindow` (default 5000 ms, at most 60000) of the server's clock and at most
 * 1000 ms ahead of it.
 */

const DEFAULT_RECV_WINDOW = 5000;
const MAX_RECV_WINDOW = 60000;
const MAX_AHEAD_MS = 1000;

/** Authentication outcome: the parameters (query and body merged) or the error to send. */
export type BinanceAuthResult = { readonly ok: true; readonly apiKey: string } | { readonly ok: false; readonly response: SimResponse };

/** `signature=…` removed from a query or body string, the rest byte for byte. */
function withoutSignature(raw: string): string {
  return raw
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('signature='))
    .join('&');
}

/** The key a request claims in `X-MBX-APIKEY`, or null. */
export function claimedApiKey(request: SimRequest): string | null {
  const key = request.headers['x-mbx-apikey'];
  return typeof key === 'string' && key !== '' ? key : null;
}

/** Verifies a SIGNED request. `params` holds query and body parameters merged. */
export function verifyBinanceSignature(request: SimRequest, params: URLSearchParams, state: SimState, now: number): BinanceAuthResult {
  const apiKey = claimedApiKey(request);
  if (apiKey === null) return { ok: false, response: binanceError(-2014, 'API-key format invalid.', 401) };
  const credential = state.credentials.binance.find((candidate) => candidate.apiKey === apiKey);
  if (!credential) return { ok: false, response: binanceError(-2015, 'Invalid API-key, IP, or permissions for action.', 401) };

  const timestampText = params.get('timestamp');
  if (timestampText === null || !/^\d{1,16}$/.test(timestampText)) return { ok: false, response: missingParameter('timestamp') };
  const signature = params.get('signature');
  if (signature === null || signature === '') return { ok: false, response: missingParameter('signature') };
  const recvWindowText = params.get('recvWindow');
  const recvWindow = recvWindowText === null ? DEFAULT_RECV_WINDOW : Number(recvWindowText);
  if (!Number.isFinite(recvWindow) || recvWindow <= 0 || recvWindow > MAX_RECV_WINDOW) {
    return { ok: false, response: binanceError(-1131, 'recvWindow must be less than 60000') };
  }
  const timestamp = Number(timestampText);
  if (timestamp > now + MAX_AHEAD_MS) return { ok: false, response: binanceError(-1021, "Timestamp for this request was 1000ms ahead of the server's time.") };
  if (now - timestamp > recvWindow) return { ok: false, response: binanceError(-1021, 'Timestamp for this request is outside of the recvWindow.') };

  const totalParams = withoutSignature(request.rawQuery) + withoutSignature(request.rawBody);
  const expected = createHmac('sha256', credential.secret).update(totalParams).digest();
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, response: binanceError(-1022, 'Signature for this request is not valid.') };
  }
  return { ok: true, apiKey };
}
