import { createHash } from 'node:crypto';

/*
 * Kraken's `cl_ord_id` accepts a UUID (`8-4-4-4-12` hex), a short UUID (32 hex digits) or free text of at
 * most 18 printable ASCII characters. The engine's ids (`fc` + 16 hex) are free text; anything else is sent
 * as a UUID derived from it, the same one every time, so that a lookup finds what a sell placed.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SHORT_UUID = /^[0-9a-fA-F]{32}$/;
const FREE_TEXT = /^[\x21-\x7e]{1,18}$/;

/** True when Kraken accepts `id` as a `cl_ord_id` as it is. */
export function isKrakenClientOrderId(id: string): boolean {
  return UUID.test(id) || SHORT_UUID.test(id) || FREE_TEXT.test(id);
}

/** The `cl_ord_id` sent for a client order id: itself when Kraken accepts it, else a UUID derived from it. */
export function krakenClientOrderId(id: string): string {
  if (isKrakenClientOrderId(id)) return id;
  const hex = createHash('sha256').update(id).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
