import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SimRequest } from '../../server/protocol.js';
import type { SimState } from '../../state/schema.js';

/**
 * Kraken private-endpoint authentication: `API-Key` names a key, `API-Sign` is
 * base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + body))) over the exact body sent, and the
 * body's `nonce` must be strictly greater than the last nonce accepted for that key — a reused or stale
 * nonce is `EAPI:Invalid nonce`, as on Kraken (whose default nonce window is 0).
 */

/** A Kraken authentication error string, or success. */
export type KrakenAuthResult = { readonly ok: true; readonly apiKey: string } | { readonly ok: false; readonly error: string };

/** Nonces seen per key: the one piece of Kraken state that lives with the server, not in the state file. */
export class KrakenNonces {
  private readonly lastNonce = new Map<string, bigint>();

  /** Verifies key, signature and nonce; records the nonce only when all three pass. */
  verify(request: SimRequest, params: ReadonlyMap<string, string>, state: SimState): KrakenAuthResult {
    const apiKey = header(request, 'api-key');
    const credential = apiKey === null ? undefined : state.credentials.kraken.find((candidate) => candidate.apiKey === apiKey);
    if (apiKey === null || !credential) return { ok: false, error: 'EAPI:Invalid key' };
    const nonceText = params.get('nonce');
    const signature = header(request, 'api-sign');
    if (signature === null) return { ok: false, error: 'EAPI:Invalid signature' };
    if (nonceText === undefined || !/^\d{1,20}$/.test(nonceText)) return { ok: false, error: 'EAPI:Invalid nonce' };
    const hash = createHash('sha256').update(nonceText + request.rawBody).digest();
    const expected = createHmac('sha512', Buffer.from(credential.secret, 'base64')).update(request.path).update(hash).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, error: 'EAPI:Invalid signature' };
    const nonce = BigInt(nonceText);
    const last = this.lastNonce.get(apiKey);
    if (last !== undefined && nonce <= last) return { ok: false, error: 'EAPI:Invalid nonce' };
    this.lastNonce.set(apiKey, nonce);
    return { ok: true, apiKey };
  }
}

function header(request: SimRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}
