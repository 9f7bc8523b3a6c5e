import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CcxtExchange } from '../src/ccxt-exchange.js';
import { instantiateExchange, loadCcxt } from '../src/load-ccxt.js';
import { installResponseGuard, installStatusGuard, MalformedResponseError } from '../src/response-guard.js';

/*
 * The response guard on a real ccxt Binance instance, fed answers through ccxt's own response handling
 * (`handleRestResponse`, which the HTTP layer calls with every answer): a 2xx body that is not JSON is
 * refused, anything JSON passes as ccxt reads it, and a body ccxt parsed is not parsed a second time.
 */

interface ResponseHandler {
  handleRestResponse(response: unknown, url: string, method: string): Promise<unknown>;
}

async function guardedBinance(): Promise<CcxtExchange & ResponseHandler> {
  const ccxt = await loadCcxt();
  const exchange = instantiateExchange(ccxt, 'binance', { apiKey: 'key', secret: 'secret', enableRateLimit: false, timeout: 5_000 }, 'exchange');
  installResponseGuard(exchange);
  installStatusGuard(exchange);
  return exchange as CcxtExchange & ResponseHandler;
}

/** An answer as ccxt's HTTP layer hands it over. */
function answer(status: number, body: string): unknown {
  return { status, statusText: '', headers: { 'content-type': 'application/json' }, text: () => Promise.resolve(body) };
}

const url = 'https://api.binance.com/api/v3/account';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('response guard', () => {
  it('passes a JSON answer as ccxt parsed it, parsing it once', async () => {
    const exchange = await guardedBinance();
    const parse = vi.spyOn(JSON, 'parse');
    await expect(exchange.handleRestResponse(answer(200, '{"balances":[{"asset":"BTC","free":"1"}]}'), url, 'GET')).resolves.toEqual({
      balances: [{ asset: 'BTC', free: '1' }],
    });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('refuses a 2xx answer that is not JSON, naming the method, the status and the length only', async () => {
    const exchange = await guardedBinance();
    const error = await exchange.handleRestResponse(answer(200, '{"balances":[{"asse'), url, 'GET').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toBe('the exchange answered GET with HTTP 200 and a body that is not valid JSON (19 characters)');
    const html = await exchange.handleRestResponse(answer(201, '<html>maintenance</html>'), url, 'POST').catch((caught: unknown) => caught);
    expect((html as Error).message).toBe('the exchange answered POST with HTTP 201 and a body that is not valid JSON (24 characters)');
  });

  it('passes JSON that ccxt does not parse into an object, and an empty body, as ccxt reads them', async () => {
    const exchange = await guardedBinance();
    await expect(exchange.handleRestResponse(answer(200, '"ok"'), url, 'GET')).resolves.toBe('"ok"');
    await expect(exchange.handleRestResponse(answer(200, '42'), url, 'GET')).resolves.toBe('42');
    await expect(exchange.handleRestResponse(answer(200, ''), url, 'GET')).resolves.toBe('');
  });

  it('leaves an error status to ccxt, whatever its body', async () => {
    const exchange = await guardedBinance();
    const error = await exchange.handleRestResponse(answer(503, '<html>down</html>'), url, 'GET').catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(MalformedResponseError);
    expect((error as Error).constructor.name).toBe('ExchangeNotAvailable');
  });
});
