import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SimRequest } from '../../server/protocol.js';
import type { SimState } from '../../state/schema.js';

/**
 * Coinbase CDP authentication, checked as Coinbase does: `Authorization: Bearer <JWT>` signed with ES256
 * (ECDSA P-256, JOSE r‖s signature) or EdDSA (Ed25519); header `{alg, kid, nonce, typ}`; claims
 * `{iss: "cdp", sub: keyName, nbf, exp ≤ nbf + 120, uri: "METHOD host/path"}` (no query string in `uri`).
 */

/** Outcome of checking a request's JWT. `reason` is for the sim's own diagnostics, never a secret. */
export type JwtCheck = { readonly ok: true; readonly keyName: string } | { readonly ok: false; readonly reason: string };

/** Tolerated clock difference for `nbf`, in seconds (a client's clock may run a little ahead). */
const NBF_LEEWAY_SECONDS = 5;
const MAX_LIFETIME_SECONDS = 120;

interface JwtParts {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Each request's token, split and decoded once: the request log reads its `kid` when the request arrives
 * and verification reads the rest later. Keyed by the request object, so a token is never reused for
 * another request, and dropped with it.
 */
const parsedTokens = new WeakMap<SimRequest, JwtParts | null>();

function parseBearer(request: SimRequest): JwtParts | null {
  let parts = parsedTokens.get(request);
  if (parts === undefined) {
    parts = decodeBearer(request);
    parsedTokens.set(request, parts);
  }
  return parts;
}

function decodeBearer(request: SimRequest): JwtParts | null {
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return null;
  const parts = authorization.slice('Bearer '.length).trim().split('.');
  if (parts.length !== 3) return null;
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const claims = decodePart(claimsPart);
  if (!header || !claims) return null;
  return { header, claims, signingInput: `${headerPart}.${claimsPart}`, signature: Buffer.from(signaturePart, 'base64url') };
}

/** The key name a request claims (its JWT's `kid`), without verifying anything: for the request log. */
export function claimedKeyName(request: SimRequest): string | null {
  const kid = parseBearer(request)?.header.kid;
  return typeof kid === 'string' ? kid : null;
}

const keyCache = new Map<string, KeyObject>();

function publicKeyOf(pem: string): KeyObject {
  let key = keyCache.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    keyCache.set(pem, key);
  }
  return key;
}

/** Verifies the request's CDP JWT against the state's Coinbase keys. */
export function verifyCoinbaseJwt(request: SimRequest, state: SimState, nowSeconds: number): JwtCheck {
  const jwt = parseBearer(request);
  if (!jwt) return { ok: false, reason: 'missing or malformed Bearer JWT' };
  const { header, claims } = jwt;
  if (header.alg !== 'ES256' && header.alg !== 'EdDSA') return { ok: false, reason: `unsupported alg ${String(header.alg)}` };
  if (header.typ !== undefined && header.typ !== 'JWT') return { ok: false, reason: 'typ is not JWT' };
  if (typeof header.nonce !== 'string' || header.nonce.length === 0) return { ok: false, reason: 'header has no nonce' };
  if (typeof header.kid !== 'string') return { ok: false, reason: 'header has no kid' };
  const credential = state.credentials.coinbase.find((candidate) => candidate.keyName === header.kid);
  if (!credential) return { ok: false, reason: 'unknown key name' };
  if (claims.sub !== header.kid) return { ok: false, reason: 'sub does not match kid' };
  if (claims.iss !== 'cdp') return { ok: false, reason: 'iss is not cdp' };

  const key = publicKeyOf(credential.publicKeyPem);
  const keyAlg = key.asymmetricKeyType === 'ed25519' ? 'EdDSA' : key.asymmetricKeyType === 'ec' ? 'ES256' : null;
  if (keyAlg !== header.alg) return { ok: false, reason: `alg ${header.alg} does not fit the key` };
  const input = Buffer.from(jwt.signingInput);
  const valid =
    header.alg === 'ES256'
      ? jwt.signature.length === 64 && verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature)
      : verify(null, input, key, jwt.signature);
  if (!valid) return { ok: false, reason: 'bad signature' };

  const { nbf, exp, uri } = claims;
  if (typeof nbf !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'nbf/exp missing' };
  if (exp - nbf > MAX_LIFETIME_SECONDS) return { ok: false, reason: `lifetime ${exp - nbf}s exceeds ${MAX_LIFETIME_SECONDS}s` };
  if (nowSeconds + NBF_LEEWAY_SECONDS < nbf) return { ok: false, reason: 'not valid yet (nbf in the future)' };
  if (nowSeconds >= exp) return { ok: false, reason: 'expired' };
  const expectedUri = `${request.method} ${request.host}${request.path}`;
  if (uri !== expectedUri) return { ok: false, reason: `uri claim "${String(uri)}" does not match "${expectedUri}"` };
  return { ok: true, keyName: header.kid };
}
