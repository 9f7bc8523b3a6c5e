import { createECDH, createHash, createHmac, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * Key generation and request signing for the three exchanges, with node:crypto only. The simulator's tests
 * use these to authenticate the real client libraries, and broker tests can reuse them to make keys the sim
 * accepts. A `seed` makes a key deterministic (sample states, fixtures); without one the key is random.
 */

/** A Coinbase CDP key: what the sim stores (name + public PEM) and what a client signs with. */
export interface CoinbaseKeyPair {
  /** `organizations/{org}/apiKeys/{id}`. */
  readonly keyName: string;
  readonly algorithm: 'ES256' | 'EdDSA';
  /**
   * The secret in the format Coinbase hands out: an SEC1 `BEGIN EC PRIVATE KEY` PEM for ECDSA, or the
   * base64 of seed ‖ public key (64 bytes) for Ed25519.
   */
  readonly privateKey: string;
  /** SPKI `BEGIN PUBLIC KEY` PEM: what goes into the sim's state. */
  readonly publicKeyPem: string;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function seededBytes(seed: string | undefined, label: string, length: number): Buffer {
  if (seed === undefined) return randomBytes(length);
  const out = Buffer.alloc(length);
  for (let block = 0, offset = 0; offset < length; block++) {
    const digest = createHash('sha256').update(`${label}:${block}:${seed}`).digest();
    offset += digest.copy(out, offset);
  }
  return out;
}

/** Generates a CDP key (ECDSA P-256 by default, as the notes recommend). */
export function generateCoinbaseKey(options: { algorithm?: 'ES256' | 'EdDSA'; keyName?: string; seed?: string } = {}): CoinbaseKeyPair {
  const algorithm = options.algorithm ?? 'ES256';
  const keyId = seededBytes(options.seed, 'coinbase-key-id', 16).toString('hex');
  const keyName = options.keyName ?? `organizations/exchange-sim/apiKeys/${keyId}`;
  if (algorithm === 'EdDSA') {
    const seed = seededBytes(options.seed, 'coinbase-ed25519', 32);
    const key = ed25519FromSeed(seed);
    const publicRaw = Buffer.from(String(createPublicKey(key).export({ format: 'jwk' }).x), 'base64url');
    const publicKeyPem = String(createPublicKey(key).export({ type: 'spki', format: 'pem' }));
    return { keyName, algorithm, privateKey: Buffer.concat([seed, publicRaw]).toString('base64'), publicKeyPem };
  }
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(seededBytes(options.seed, 'coinbase-p256', 32));
  const point = ecdh.getPublicKey();
  const key = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: ecdh.getPrivateKey().toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  return {
    keyName,
    algorithm,
    privateKey: String(key.export({ type: 'sec1', format: 'pem' })),
    publicKeyPem: String(createPublicKey(key).export({ type: 'spki', format: 'pem' })),
  };
}

function ed25519FromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * Loads a CDP secret as Coinbase hands it out: a PEM (SEC1 or PKCS#8; `\n` escapes from a JSON key file
 * are accepted) or a base64 Ed25519 secret (64 bytes seed ‖ public key, or the 32-byte seed alone).
 */
export function loadCoinbasePrivateKey(privateKey: string): { key: KeyObject; algorithm: 'ES256' | 'EdDSA' } {
  if (privateKey.includes('PRIVATE KEY')) {
    const key = createPrivateKey(privateKey.replace(/\\n/g, '\n'));
    return { key, algorithm: key.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256' };
  }
  const raw = Buffer.from(privateKey, 'base64');
  if (raw.length !== 64 && raw.length !== 32) throw new Error('a Coinbase Ed25519 secret is 32 or 64 bytes of base64');
  return { key: ed25519FromSeed(raw.subarray(0, 32)), algorithm: 'EdDSA' };
}

/** What a CDP JWT authorises. Overrides exist so tests can make expired or mis-addressed tokens. */
export interface CoinbaseJwtRequest {
  readonly keyName: string;
  readonly privateKey: string;
  readonly method: string;
  /** `host[:port]` as the client addresses it, e.g. `api.coinbase.com` or `127.0.0.1:4000`. */
  readonly host: string;
  /** Path without the query string, e.g. `/api/v3/brokerage/accounts`. */
  readonly path: string;
  /** `nbf` in Unix seconds; default now. */
  readonly nowSeconds?: number;
  /** `exp − nbf`; Coinbase allows at most 120. */
  readonly lifetimeSeconds?: number;
  /** Replaces the `uri` claim. */
  readonly uri?: string;
}

/** Builds the `Authorization: Bearer` JWT of a CDP key for one request. */
export function coinbaseJwt(request: CoinbaseJwtRequest): string {
  const { key, algorithm } = loadCoinbasePrivateKey(request.privateKey);
  const nbf = request.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: algorithm, kid: request.keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
  const claims = {
    iss: 'cdp',
    sub: request.keyName,
    nbf,
    exp: nbf + (request.lifetimeSeconds ?? 120),
    uri: request.uri ?? `${request.method.toUpperCase()} ${request.host}${request.path}`,
  };
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  const signature =
    algorithm === 'ES256'
      ? sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' })
      : sign(null, Buffer.from(signingInput), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The part of an axios request config the interceptor reads and writes (no axios import needed). */
export interface AxiosLikeRequestConfig {
  url?: string;
  baseURL?: string;
  method?: string;
  headers?: unknown;
}

/**
 * An axios request interceptor for coinbase-advanced-node 2.1.0 that signs every request with a CDP JWT
 * (the library itself only signs expired legacy HMAC keys). Register it on `client.rest.interceptors.request`
 * AFTER constructing the client: axios runs the last-registered interceptor first, before the library has
 * filled in `baseURL`, so the URL is resolved here the way the library resolves it.
 */
export function coinbaseJwtInterceptor(options: {
  keyName: string;
  privateKey: string;
  advTradeHttpUrl: string;
  siwcHttpUrl: string;
  /** Test-only overrides of the token (expired, too long-lived, signed for another uri). */
  tokenOverrides?: Pick<CoinbaseJwtRequest, 'nowSeconds' | 'lifetimeSeconds' | 'uri'>;
}): <C extends AxiosLikeRequestConfig>(config: C) => C {
  return (config) => {
    const url = config.url ?? '';
    const base = /^https?:/.test(url) ? '' : config.baseURL ?? (/v3|brokerage/.test(url) ? options.advTradeHttpUrl : options.siwcHttpUrl);
    const target = new URL(base + url);
    const token = coinbaseJwt({
      keyName: options.keyName,
      privateKey: options.privateKey,
      method: config.method ?? 'GET',
      host: target.host,
      path: target.pathname,
      ...options.tokenOverrides,
    });
    const headers = config.headers as { set?: (name: string, value: string) => void } & Record<string, unknown>;
    if (typeof headers?.set === 'function') headers.set('Authorization', `Bearer ${token}`);
    else config.headers = { ...(headers ?? {}), Authorization: `Bearer ${token}` };
    return config;
  };
}

/** A Kraken key: the public API key and its base64 secret. */
export interface KrakenCredential {
  readonly apiKey: string;
  readonly secret: string;
}

/** Generates a Kraken-shaped key (56-character key, 64-byte base64 secret). */
export function generateKrakenCredential(seed?: string): KrakenCredential {
  return {
    apiKey: seededBytes(seed, 'kraken-key', 42).toString('base64'),
    secret: seededBytes(seed, 'kraken-secret', 64).toString('base64'),
  };
}

/** Kraken's `API-Sign`: base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + body))). */
export function krakenSignature(path: string, body: string, secret: string, nonce: string): string {
  const hash = createHash('sha256').update(nonce + body).digest();
  return createHmac('sha512', Buffer.from(secret, 'base64')).update(path).update(hash).digest('base64');
}

/** A Binance key and HMAC secret. */
export interface BinanceCredential {
  readonly apiKey: string;
  readonly secret: string;
}

/** Generates a Binance-shaped key (64 alphanumerics each). */
export function generateBinanceCredential(seed?: string): BinanceCredential {
  const alnum = (label: string) => seededBytes(seed, label, 96).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
  return { apiKey: alnum('binance-key'), secret: alnum('binance-secret') };
}

/** Binance's `signature`: hex HMAC-SHA256 of the total parameters (query string, then body). */
export function binanceSignature(totalParams: string, secret: string): string {
  return createHmac('sha256', secret).update(totalParams).digest('hex');
}
