// kraken-api 1.0.2 ships no types: the few signatures the tests use.
declare module 'kraken-api' {
  interface KrakenResponse {
    error: string[];
    result: any;
  }
  class KrakenClient {
    constructor(key: string, secret: string, options?: { url?: string; timeout?: number; otp?: string });
    api(method: string, params?: Record<string, unknown>): Promise<KrakenResponse>;
    publicMethod(method: string, params?: Record<string, unknown>): Promise<KrakenResponse>;
    privateMethod(method: string, params?: Record<string, unknown>): Promise<KrakenResponse>;
  }
  export = KrakenClient;
}
