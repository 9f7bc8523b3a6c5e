import { randomBytes, sign } from 'node:crypto';
import type { CdpKey } from './cdp-key.js';

/*
 * The Bearer token Coinbase Advanced Trade wants from a CDP key, built with node:crypto only (the library,
 * 2.1.0, signs only the legacy HMAC keys Coinbase retired in February 2025). One token per request: the
 * `uri` claim names the request's method, host and path, and a token lives 120 s at most.
 */

/** How long a token is valid: Coinbase's maximum. */
export const JWT_LIFETIME_SECONDS = 120;

/** What one token authorises. */
export interface JwtTarget {
  /** HTTP method, any case. */
  readonly method: string;
  /** `host[:port]` exactly as the request addresses it (`api.coinbase.com`, `127.0.0.1:4000`). */
  readonly host: string;
  /** The path without the query string, e.g. `/api/v3/brokerage/accounts`. */
  readonly path: string;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A CDP JWT for one request: header `{alg, kid, nonce, typ}`, claims
 * `{iss: "cdp", sub: keyName, nbf, exp: nbf + 120, uri: "METHOD host/path"}`. ES256 signatures are in JOSE
 * form (r‖s, 64 bytes), not DER. `nowSeconds` is the exchange's clock (local clock + measured skew).
 */
export function buildCdpJwt(key: CdpKey, target: JwtTarget, nowSeconds: number): string {
  const header = { alg: key.algorithm, kid: key.keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
  const nbf = Math.floor(nowSeconds);
  const claims = { iss: 'cdp', sub: key.keyName, nbf, exp: nbf + JWT_LIFETIME_SECONDS, uri: `${target.method.toUpperCase()} ${target.host}${target.path}` };
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  const signature =
    key.algorithm === 'ES256'
      ? sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
      : sign(null, Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
