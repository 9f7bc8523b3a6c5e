// kraken-api 1.0.2 ships no TypeScript types. These are the signatures this package relies on, read from
// the library's kraken.js: every call is a form-encoded POST through got 11, the reply is parsed with
// JSON.parse, and a non-empty `error` array is thrown as `new Error(errors without their leading "E")`.
declare module 'kraken-api' {
  /** Kraken's envelope: `error` is empty on success (the library throws otherwise). */
  interface KrakenApiResponse {
    error: string[];
    result: unknown;
  }

  /** What the constructor accepts as its third argument. */
  interface KrakenApiOptions {
    /** Origin of the API, default `https://api.kraken.com`; the path `/0/<public|private>/<Method>` is appended. */
    url?: string;
    /** API version in the path, default 0. */
    version?: number;
    /** got's request timeout in milliseconds, default 5000. */
    timeout?: number;
    /** Two-factor password sent with every private call. */
    otp?: string;
  }

  /** A parameter value: the library serialises the params object with `qs.stringify`. */
  type KrakenApiParam = string | number | boolean;

  class KrakenClient {
    constructor(key: string, secret: string, options?: KrakenApiOptions);
    /**
     * An unsigned call. The library never writes into `params`.
     */
    publicMethod(method: string, params?: Record<string, KrakenApiParam>): Promise<KrakenApiResponse>;
    /**
     * A signed call. When `params.nonce` is falsy the library WRITES `Date.now() * 1000` into the object it
     * was given (so a reused params object replays that nonce); any method name is accepted, so calls
     * missing from its whitelist (`BalanceEx`) go through here.
     */
    privateMethod(method: string, params?: Record<string, KrakenApiParam>): Promise<KrakenApiResponse>;
  }

  export = KrakenClient;
}
