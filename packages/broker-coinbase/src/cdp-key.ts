import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { cleanupError } from '@forced-cleanup/contract';

/*
 * A Coinbase CDP API key: its name (the JWT's `kid` and `sub`) and its private key. Coinbase hands the
 * private key out either as an ECDSA P-256 PEM (`-----BEGIN EC PRIVATE KEY-----`, SEC1, or PKCS#8) or, for
 * Ed25519 keys, as the base64 of 64 bytes (32-byte seed followed by the 32-byte public key). Every error
 * here names the option, never the value: these strings are the credentials.
 */

/** The JWT algorithm a key signs with. */
export type CdpAlgorithm = 'ES256' | 'EdDSA';

/** A loaded CDP key, ready to sign. */
export interface CdpKey {
  /** `organizations/{org}/apiKeys/{id}` (or the bare key id of newer Ed25519 keys). */
  readonly keyName: string;
  readonly algorithm: CdpAlgorithm;
  readonly privateKey: KeyObject;
}

/** The option names the errors refer to (CDP naming, or the generic apiKey/apiSecret naming). */
export interface CdpKeyLabels {
  readonly keyName: string;
  readonly privateKey: string;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function invalid(label: string, why: string): never {
  throw cleanupError('invalid_config', `${label}: ${why}`, { retryable: false });
}

/** Checks the key name: one token, no spaces (a PEM pasted into the wrong variable is caught here). */
function checkKeyName(keyName: string, label: string): string {
  const name = keyName.trim();
  if (name.length === 0 || name.length > 512 || /\s/.test(name) || name.includes('PRIVATE KEY')) {
    invalid(label, 'expected the CDP key name, e.g. organizations/{org_id}/apiKeys/{key_id} (one line, no spaces)');
  }
  return name;
}

function fromPem(text: string, label: string): { key: KeyObject; algorithm: CdpAlgorithm } {
  let key: KeyObject;
  try {
    // A key copied out of Coinbase's JSON key file keeps its `\n` escapes: accept them.
    key = createPrivateKey(text.replace(/\\n/g, '\n'));
  } catch {
    invalid(label, 'the PEM could not be read as a private key (copy it whole, BEGIN and END lines included)');
  }
  if (key.asymmetricKeyType === 'ed25519') return { key, algorithm: 'EdDSA' };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { key, algorithm: 'ES256' };
    invalid(label, `an EC key on curve ${curve ?? 'unknown'}: CDP keys are ECDSA P-256 (prime256v1) or Ed25519`);
  }
  return invalid(label, `a ${key.asymmetricKeyType ?? 'unknown'} key: CDP keys are ECDSA P-256 or Ed25519`);
}

function fromBase64Ed25519(text: string, label: string): { key: KeyObject; algorithm: CdpAlgorithm } {
  const compact = text.replace(/\s+/g, '');
  const raw = BASE64.test(compact) ? Buffer.from(compact, 'base64') : Buffer.alloc(0);
  if (raw.length !== 64 && raw.length !== 32) {
    invalid(label, 'expected an ECDSA PEM (-----BEGIN EC PRIVATE KEY-----) or an Ed25519 secret (base64 of 64 bytes)');
  }
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, raw.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
  if (raw.length === 64) {
    // The last 32 bytes are the public key: a mistyped secret is caught now, not as a 401 later.
    const publicRaw = Buffer.from(String(createPublicKey(key).export({ format: 'jwk' }).x), 'base64url');
    if (!publicRaw.equals(raw.subarray(32))) invalid(label, 'the Ed25519 secret is inconsistent (its public half does not match its seed)');
  }
  return { key, algorithm: 'EdDSA' };
}

/**
 * Loads a CDP key from its name and private key text. Throws `invalid_config` naming the option (from
 * `labels`) when either is unusable; the message never contains any part of either value.
 */
export function loadCdpKey(keyName: string, privateKeyText: string, labels: CdpKeyLabels): CdpKey {
  const name = checkKeyName(keyName, labels.keyName);
  const text = privateKeyText.trim();
  const { key, algorithm } = text.includes('PRIVATE KEY') ? fromPem(text, labels.privateKey) : fromBase64Ed25519(text, labels.privateKey);
  return { keyName: name, algorithm, privateKey: key };
}
