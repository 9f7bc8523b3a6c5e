/**
 * Removes every credential from a text before it leaves the broker. Messages are built from safe parts
 * only; this is the second line of defence, for an exchange or proxy that echoes what it was sent.
 */

const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of each secret (and of its URL-encoded form) replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join('[redacted]');
    }
  }
  return result;
}
