import { describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../src/ccxt-exchange.js';
import { CcxtOrderSchema, parseCcxt } from '../src/ccxt-shapes.js';
import { profileOf } from '../src/exchange-profiles.js';
import { instantiateExchange, loadCcxt } from '../src/load-ccxt.js';
import { toOrderReport } from '../src/orders.js';

/*
 * A Binance market sell asks for the RESULT answer (status and quantities) instead of ccxt's default FULL
 * (the same plus every fill). The report of an order must not depend on which of the two came back.
 */

const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: 1,
  symbols: [
    {
      symbol: 'BTCUSDT',
      status: 'TRADING',
      baseAsset: 'BTC',
      baseAssetPrecision: 8,
      quoteAsset: 'USDT',
      quotePrecision: 8,
      orderTypes: ['LIMIT', 'MARKET'],
      isSpotTradingAllowed: true,
      filters: [{ filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' }],
      permissionSets: [['SPOT']],
    },
  ],
};

/** Binance's RESULT answer to a market sell; FULL is the same with `fills`. */
function result(status: string, executed: string, quote: string): Record<string, unknown> {
  return {
    symbol: 'BTCUSDT',
    orderId: 700000001,
    orderListId: -1,
    clientOrderId: 'fc00000000000000a1',
    transactTime: 1700000000000,
    price: '0.00000000',
    origQty: '0.00300000',
    executedQty: executed,
    origQuoteOrderQty: '0.00000000',
    cummulativeQuoteQty: quote,
    status,
    timeInForce: 'GTC',
    type: 'MARKET',
    side: 'SELL',
    workingTime: 1700000000000,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

const fill = (price: string, qty: string, tradeId: number) => ({ price, qty, commission: '0.00000100', commissionAsset: 'BNB', tradeId });

/** A Binance instance with the broker's options whose requests are answered by `answer` (and recorded). */
async function binance(answer: (url: string) => unknown): Promise<{ exchange: CcxtExchange; sent: string[] }> {
  const ccxt = await loadCcxt();
  const options = structuredClone(profileOf('binance').ccxtOptions) as Record<string, unknown>;
  const exchange = instantiateExchange(ccxt, 'binance', { apiKey: 'key', secret: 'secret', enableRateLimit: false, timeout: 5_000, options }, 'exchange');
  const sent: string[] = [];
  (exchange as unknown as { fetch: (url: string, method: string, headers: unknown, body: unknown) => Promise<unknown> }).fetch = (url, method, _headers, body) => {
    sent.push(`${method} ${url} ${typeof body === 'string' ? body : ''}`);
    return Promise.resolve(answer(url));
  };
  return { exchange, sent };
}

async function reportOf(answer: Record<string, unknown>): Promise<{ report: unknown; sent: string[] }> {
  const { exchange, sent } = await binance((url) => (url.includes('/exchangeInfo') ? EXCHANGE_INFO : answer));
  await exchange.loadMarkets();
  const placed = parseCcxt(CcxtOrderSchema, await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.003, undefined, { clientOrderId: 'fc00000000000000a1' }), 'binance', 'placeMarketSell');
  return { report: toOrderReport(placed, { symbol: 'BTC-USDT', clientOrderId: 'fc00000000000000a1', requestedQuantity: 0.003 }, 'binance', 'placeMarketSell'), sent };
}

describe('Binance market sell answer', () => {
  it('asks for the RESULT answer', async () => {
    const { sent } = await reportOf(result('FILLED', '0.00300000', '291.03000000'));
    const order = sent.find((line) => line.startsWith('POST') && line.includes('/api/v3/order'));
    expect(order).toMatch(/newOrderRespType=RESULT/);
  });

  it.each([
    ['filled in two fills', result('FILLED', '0.00300000', '291.03000000'), [fill('97000.00000000', '0.00100000', 1), fill('97015.00000000', '0.00200000', 2)]],
    ['partly filled, the rest expired', result('EXPIRED', '0.00100000', '97.00000000'), [fill('97000.00000000', '0.00100000', 3)]],
    ['not filled at all', result('EXPIRED', '0.00000000', '0.00000000'), []],
  ])('reports an order %s the same from either answer', async (_case, answer, fills) => {
    const fromResult = await reportOf(answer);
    const fromFull = await reportOf({ ...answer, fills });
    expect(fromResult.report).toEqual(fromFull.report);
    expect(fromResult.report).toMatchObject({ orderId: '700000001', clientOrderId: 'fc00000000000000a1', side: 'sell', requestedQuantity: 0.003 });
  });

  it('reports the average price as the quote cost over the quantity filled', async () => {
    const { report } = await reportOf(result('FILLED', '0.00300000', '291.03000000'));
    expect(report).toMatchObject({ status: 'filled', filledQuantity: 0.003, averagePrice: 97010 });
  });
});
