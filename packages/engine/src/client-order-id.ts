import { createHash } from 'node:crypto';

/**
 * The deterministic client order id of a close: the same run, account, asset and action always give the
 * same id, so a rerun after a crash finds the order instead of placing another. 18 characters (`fc` + 16
 * hex), within every supported exchange's limits (Binance 36, Kraken cl_ord_id 18 free-text).
 */
export function clientOrderIdFor(runId: string, accountId: string, asset: string, action: string): string {
  const digest = createHash('sha256').update(`${runId}\u0000${accountId}\u0000${asset}\u0000${action}`).digest('hex');
  return `fc${digest.slice(0, 16)}`;
}
