/*
 * Kraken accepts a private request only if its nonce is larger than the last one it accepted for the key.
 * ccxt.kraken's nonce is the clock in milliseconds, so two requests within one millisecond (easy against a
 * local simulator, possible against Kraken) carry the same nonce and the second fails. The calls of a
 * connection are already serialised (`call-gate.ts`); this makes their nonces strictly increasing too,
 * while keeping ccxt's millisecond scale — a key shared with a ccxt-based bot keeps working for that bot
 * (a microsecond nonce, as kraken-api sends, would lock it out: see docs/broker-ccxt.md).
 */

/** The part of an exchange whose nonce is replaced. */
export interface NonceSource {
  nonce(): number;
}

/** Replaces `exchange.nonce` by one that never repeats or goes back: max(ccxt's nonce, last + 1). */
export function strictlyIncreasingNonce(exchange: NonceSource): void {
  const original = exchange.nonce.bind(exchange);
  let last = 0;
  exchange.nonce = () => {
    const candidate = original();
    last = candidate > last ? candidate : last + 1;
    return last;
  };
}
