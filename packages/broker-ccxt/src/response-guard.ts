/*
 * ccxt reads a response body that is not valid JSON as a plain string and carries on: Binance's
 * `fetchBalance` then returns an EMPTY balance, and Kraken's `createOrder` an order without an id. An
 * empty balance is a guess ("holds nothing") and a sell without an id an unknown outcome, so a successful
 * (2xx) answer that does not parse is refused before ccxt interprets it.
 *
 * ccxt also reads an error status it has no class for as an answer: Node and real servers refuse a URL
 * past 16 KB with `431` and an empty body, which ccxt resolved as "no tickers" (and would resolve as an
 * empty balance). Any status of 300 or more that neither the exchange's handler nor ccxt's status table
 * turned into an error is refused the same way.
 */

/** A 2xx answer whose body is not the JSON the exchange documents. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

/** The part of a ccxt exchange the guard hooks into. */
export interface RestResponseHook {
  onRestResponse(
    statusCode: number,
    statusText: string,
    url: string,
    method: string,
    responseHeaders: unknown,
    responseBody: string,
    requestHeaders: unknown,
    requestBody: unknown,
  ): string;
  /** ccxt's JSON parse of a body: undefined when the body is not a JSON object or array, or does not parse. */
  parseJson(text: string): unknown;
  /** ccxt's check of the HTTP status, run when the exchange's own error handler raised nothing. */
  handleHttpStatusCode(code: number, reason: string, url: string, method: string, body: string): void;
  /** The statuses ccxt maps to an error class. */
  readonly httpExceptions: Readonly<Record<string, unknown>>;
}

/** True when `body` is a complete JSON document. */
function parsesAsJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a 2xx answer with a non-empty body that is not JSON throw {@link MalformedResponseError}. Error
 * statuses pass: ccxt maps them by status code. The message names the status and the method, never the
 * URL (which may carry a signature) nor the body.
 *
 * ccxt hands every raw body to `onRestResponse` and, at once and synchronously, to `parseJson`, which
 * returns undefined for a body it cannot parse. The guard notes the 2xx answer in the first and checks it
 * in the second — only when ccxt's parse gave nothing: a body ccxt parsed is JSON. (Checking in
 * `onRestResponse` parsed every answer twice: 3 % of the client's CPU with 100 Binance accounts.)
 */
export function installResponseGuard(exchange: RestResponseHook): void {
  const onRestResponse = exchange.onRestResponse.bind(exchange);
  const parseJson = exchange.parseJson.bind(exchange);
  /** The 2xx answer ccxt is about to parse, if any. */
  let answer: { readonly body: string; readonly statusCode: number; readonly method: string } | undefined;
  exchange.onRestResponse = (statusCode, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody) => {
    const body = onRestResponse(statusCode, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody);
    answer = statusCode >= 200 && statusCode < 300 ? { body, statusCode, method } : undefined;
    return body;
  };
  exchange.parseJson = (text) => {
    const parsed = parseJson(text);
    const current = answer;
    answer = undefined;
    if (parsed === undefined && current !== undefined && current.body === text && text.trim() !== '' && !parsesAsJson(text)) {
      throw new MalformedResponseError(`the exchange answered ${current.method} with HTTP ${current.statusCode} and a body that is not valid JSON (${text.length} characters)`);
    }
    return parsed;
  };
}

/**
 * Wraps the exchange's `handleHttpStatusCode` so that a status of 300 or more that ccxt would let through
 * as an answer throws {@link MalformedResponseError}. The message names the status and the method only.
 */
export function installStatusGuard(exchange: RestResponseHook): void {
  const original = exchange.handleHttpStatusCode.bind(exchange);
  exchange.handleHttpStatusCode = (code, reason, url, method, body) => {
    original(code, reason, url, method, body);
    if (code >= 300 && !(String(code) in exchange.httpExceptions)) {
      const what = body.trim() === '' ? 'an empty body' : `a body of ${body.length} characters`;
      throw new MalformedResponseError(`the exchange answered ${method} with HTTP ${code} and ${what}, which is not an answer`);
    }
  };
}
