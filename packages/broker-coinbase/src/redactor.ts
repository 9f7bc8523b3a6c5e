/*
 * Last line of defence for text that reaches an error message from outside (an exchange's error body):
 * whatever looks like a credential is cut out. The plugin never puts a credential into a message itself;
 * this covers an exchange, a proxy or a misconfigured sim that echoes one back.
 */

/** Removes credentials from a piece of text. */
export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

/** Shapes of Coinbase credentials and tokens, whoever they belong to. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g,
  /Bearer\s+\S+/gi,
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /organizations\/[^/\s]+\/apiKeys\/[^\s"',;)]+/g,
];

/** Shorter values would cut ordinary words out of messages and protect nothing. */
const MIN_SECRET_LENGTH = 6;

/** A redactor for the given secrets (exact values, e.g. the key name and private key) and credential shapes. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const exact = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of exact) result = result.split(secret).join(REDACTED);
    for (const pattern of CREDENTIAL_PATTERNS) result = result.replace(pattern, REDACTED);
    return result;
  };
}
