import type { CoinbaseApi } from './coinbase-api.js';
import { ServerTimeSchema } from './wire-schemas.js';

/*
 * A CDP JWT is valid from `nbf` for 120 s by the exchange's clock, so a local clock a few minutes off makes
 * every request a 401. The skew is measured once, at connect, from Coinbase's public `GET /v2/time` (what
 * the library would fetch itself, but through our client: abortable, timed, stripped).
 */

/** Below this, a measured skew is noise: the server's time comes in whole seconds. */
const NOISE_SECONDS = 2;

/** Exchange time minus local time, whole seconds (0 when within noise). */
export async function measureClockSkew(api: CoinbaseApi, siwcHttpUrl: string, signal: AbortSignal, localNowMs: () => number): Promise<number> {
  const sentAt = localNowMs();
  const answer = await api.serverTime(siwcHttpUrl, signal);
  const receivedAt = localNowMs();
  const { data } = ServerTimeSchema.parse(answer);
  const skew = data.epoch - (sentAt + receivedAt) / 2000;
  return Math.abs(skew) < NOISE_SECONDS ? 0 : Math.round(skew);
}
