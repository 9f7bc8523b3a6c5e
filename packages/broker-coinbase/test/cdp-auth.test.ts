import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountConfigSchema } from '@forced-cleanup/contract';
import { buildCdpJwt, JWT_LIFETIME_SECONDS } from '../src/cdp-jwt.js';
import { loadCdpKey } from '../src/cdp-key.js';
import { connectCoinbase } from '../src/plugin.js';
import { accountFor, connectTo, contextFor, ecdsaKey, ed25519Key, live, rejectionOf, renderings, startCoinbaseSim, strangerKey } from './helpers.js';

/*
 * Trap: coinbase-advanced-node 2.1.0 signs only legacy HMAC keys, which Coinbase retired. The plugin signs
 * every Advanced Trade request with a CDP JWT built with node:crypto, for ECDSA P-256 and Ed25519 keys.
 */

const labels = { keyName: 'apiKeyName', privateKey: 'apiPrivateKey' };

function decode(token: string) {
  const [header, claims, signature] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>,
    signingInput: `${header}.${claims}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

describe('CDP JWT', () => {
  it('has exactly the header and claims Coinbase checks, and a JOSE ES256 signature that verifies', () => {
    const key = loadCdpKey(ecdsaKey.keyName, ecdsaKey.privateKey, labels);
    const token = buildCdpJwt(key, { method: 'get', host: 'api.coinbase.com', path: '/api/v3/brokerage/accounts' }, 1_700_000_000.7);
    const { header, claims, signingInput, signature } = decode(token);
    expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'nonce', 'typ']);
    expect(header).toMatchObject({ alg: 'ES256', kid: ecdsaKey.keyName, typ: 'JWT' });
    expect(header.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(claims).toEqual({ iss: 'cdp', sub: ecdsaKey.keyName, nbf: 1_700_000_000, exp: 1_700_000_000 + JWT_LIFETIME_SECONDS, uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' });
    expect(signature).toHaveLength(64);
    expect(verify('sha256', Buffer.from(signingInput), { key: createPublicKey(ecdsaKey.publicKeyPem), dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('signs Ed25519 keys with EdDSA, and names host:port in the uri for a non-default port', () => {
    const key = loadCdpKey(ed25519Key.keyName, ed25519Key.privateKey, labels);
    const token = buildCdpJwt(key, { method: 'POST', host: '127.0.0.1:4123', path: '/api/v3/brokerage/orders' }, 1_700_000_000);
    const { header, claims, signingInput, signature } = decode(token);
    expect(header.alg).toBe('EdDSA');
    expect(claims.uri).toBe('POST 127.0.0.1:4123/api/v3/brokerage/orders');
    expect(verify(null, Buffer.from(signingInput), createPublicKey(ed25519Key.publicKeyPem), signature)).toBe(true);
  });

  it('uses a fresh nonce for every token', () => {
    const key = loadCdpKey(ecdsaKey.keyName, ecdsaKey.privateKey, labels);
    const target = { method: 'GET', host: 'api.coinbase.com', path: '/api/v3/brokerage/accounts' };
    const nonces = new Set(Array.from({ length: 20 }, () => decode(buildCdpJwt(key, target, 1)).header.nonce));
    expect(nonces.size).toBe(20);
  });
});

describe('loading a CDP key', () => {
  it('accepts an SEC1 PEM, the same PEM with literal \\n escapes (from the JSON key file), PKCS#8 Ed25519, and base64 Ed25519', () => {
    expect(loadCdpKey(ecdsaKey.keyName, ecdsaKey.privateKey, labels).algorithm).toBe('ES256');
    expect(loadCdpKey(ecdsaKey.keyName, ecdsaKey.privateKey.trim().replace(/\n/g, '\\n'), labels).algorithm).toBe('ES256');
    expect(loadCdpKey(ed25519Key.keyName, ed25519Key.privateKey, labels).algorithm).toBe('EdDSA');
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(loadCdpKey('organizations/o/apiKeys/k', String(privateKey.export({ type: 'pkcs8', format: 'pem' })), labels).algorithm).toBe('EdDSA');
  });

  it('refuses unusable keys with invalid_config naming the option, never the value', () => {
    const p384 = String(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const rsa = String(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const tampered = Buffer.from(ed25519Key.privateKey, 'base64');
    tampered[63] = (tampered[63] ?? 0) ^ 1;
    const cases: Array<[string, string, string, RegExp]> = [
      ['organizations/o/apiKeys/k', '-----BEGIN EC PRIVATE KEY-----\nnot a key\n-----END EC PRIVATE KEY-----', 'apiPrivateKey', /could not be read/],
      ['organizations/o/apiKeys/k', p384, 'apiPrivateKey', /secp384r1/],
      ['organizations/o/apiKeys/k', rsa, 'apiPrivateKey', /rsa key/],
      ['organizations/o/apiKeys/k', tampered.toString('base64'), 'apiPrivateKey', /inconsistent/],
      ['organizations/o/apiKeys/k', 'hunter2-not-a-key', 'apiPrivateKey', /expected an ECDSA PEM/],
      [ecdsaKey.privateKey, ecdsaKey.privateKey, 'apiKeyName', /expected the CDP key name/],
    ];
    for (const [name, secret, option, why] of cases) {
      let error: unknown;
      try {
        loadCdpKey(name, secret, labels);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, option).toMatchObject({ code: 'invalid_config', retryable: false });
      const text = renderings(error);
      expect(text).toMatch(new RegExp(`^CleanupError: ${option}:`, 'm'));
      expect(text).toMatch(why);
      expect(text).not.toContain(secret.trim());
      expect(text).not.toContain('PRIVATE KEY-----\n');
    }
  });
});

describe('CDP authentication against the simulator', () => {
  it('reads with an ECDSA key and with an Ed25519 key; the exchange sees the key name it expects', async () => {
    const sim = await startCoinbaseSim({ balances: { USD: { total: 5 }, BTC: { total: 0.5 } }, markets: { 'BTC-USD': { price: 40_000 } } });
    for (const key of [ecdsaKey, ed25519Key]) {
      const balances = await (await connectTo(sim, key)).fetchBalances(live());
      expect(balances.map((balance) => balance.asset)).toEqual(['BTC', 'USD']);
      expect(sim.requests.at(-1)).toMatchObject({ path: '/api/v3/brokerage/accounts', status: 200, apiKey: key.keyName });
    }
    // The server time is public: read once per connect, unsigned.
    expect(sim.requests.filter((request) => request.path === '/v2/time').map((request) => request.apiKey)).toEqual([null, null]);
  });

  it('a key the exchange does not know is auth_failed, not retryable, on every call, with no credential in the error', async () => {
    const sim = await startCoinbaseSim({ balances: { BTC: { total: 1 } }, markets: { 'BTC-USD': { price: 1 } } });
    const connection = await connectTo(sim, strangerKey);
    const calls = [
      connection.fetchBalances(live()),
      connection.fetchMarkets(live()),
      connection.fetchOpenOrders(live()),
      connection.lookupOrder({ clientOrderId: 'fc0', symbol: 'BTC-USD', orderId: 'some-order' }, live()),
      connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc1' }, live()),
      connection.cancelOrder({ id: 'x', symbol: 'BTC-USD' }, live()),
    ];
    for (const call of calls) {
      const error = await rejectionOf(call);
      expect(error).toMatchObject({ code: 'auth_failed', retryable: false });
      expect(error.message).toMatch(/HTTP 401 .*rejected the CDP key/);
      const text = renderings(error);
      for (const secret of [strangerKey.keyName, strangerKey.privateKey.trim()]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/Bearer|eyJ/);
    }
    expect(sim.state.balances.BTC?.total).toBe(1);
  });

  it("signs with Coinbase's clock: a local clock 10 minutes slow still authenticates (and would not without the skew)", async () => {
    const ahead = 600_000;
    const sim = await startCoinbaseSim({ balances: { ETH: { total: 2 } } }, { now: () => Date.now() + ahead });
    const context = contextFor(ecdsaKey);
    const connection = await connectCoinbase(accountFor(sim), context, live());
    expect((await connection.fetchBalances(live())).map((balance) => balance.asset)).toEqual(['ETH']);
    const warning = context.lines.find((line) => line.level === 'warn');
    expect(warning?.fields?.skewSeconds).toBeGreaterThanOrEqual(598);

    // The same request signed with the local clock is expired by the exchange's.
    const key = loadCdpKey(ecdsaKey.keyName, ecdsaKey.privateKey, labels);
    const host = new URL(sim.url).host;
    const token = buildCdpJwt(key, { method: 'GET', host, path: '/api/v3/brokerage/accounts' }, Date.now() / 1000);
    const response = await fetch(`${sim.url}/api/v3/brokerage/accounts`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-exchange-sim-auth')).toBe('expired');
  });

  it('reads the key from files (apiKeyNameFile / apiPrivateKeyFile, relative to the config directory)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'broker-coinbase-keys-'));
    try {
      await writeFile(join(dir, 'key-name.txt'), `${ed25519Key.keyName}\n`);
      await writeFile(join(dir, 'key.secret'), `${ed25519Key.privateKey}\n`);
      const sim = await startCoinbaseSim({ balances: { SOL: { total: 3 } } });
      const account = AccountConfigSchema.parse({ id: 'a', owner: 'platform', broker: 'coinbase', baseUrl: sim.url, apiKeyNameFile: 'key-name.txt', apiPrivateKeyFile: 'key.secret' });
      const connection = await connectCoinbase(account, contextFor(ecdsaKey, dir), live());
      expect(await connection.fetchBalances(live())).toEqual([{ asset: 'SOL', total: 3, free: 3 }]);
      expect(sim.requests.at(-1)?.apiKey).toBe(ed25519Key.keyName);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
