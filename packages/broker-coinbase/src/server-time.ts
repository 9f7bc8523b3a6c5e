import type { CallContext } from './call-context.js';
import type { CoinbaseRest } from './coinbase-client.js';
import { ServerTimeSchema } from './wire-schemas.js';

/*
 * A CDP JWT is valid from `nbf` for 120 s by the exchange's clock, so a local clock a few minutes off makes
 * every request a 401. The skew is measured once, at connect, from Coinbase's public `GET /v2/time` (what
 * the library would fetch itself, but through our client: abortable, timed, stripped).
 */

/** Below this, a measured skew is noise: the server's time comes in whole seconds. */
const NOISE_SECONDS = 2;

/** Exchange time minus local time, whole seconds (0 when within noise). Must run inside {@link runInCall}. */
export async function measureClockSkew(rest: CoinbaseRest, siwcHttpUrl: string, call: CallContext, localNowMs: () => number): Promise<number> {
  const sentAt = localNowMs();
  await rest.coinbaseRequest({ method: 'get', baseURL: siwcHttpUrl, url: '/time' });
  const receivedAt = localNowMs();
  const { data } = ServerTimeSchema.parse(call.lastBody);
  const skew = data.epoch - (sentAt + receivedAt) / 2000;
  return Math.abs(skew) < NOISE_SECONDS ? 0 : Math.round(skew);
}
