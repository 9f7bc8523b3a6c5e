import { jsonResponse, type ProtocolContext, type SimResponse } from '../../server/protocol.js';
import { add, fixed, multiply, subtract } from '../../state/decimal.js';
import { balanceOf } from '../../state/ledger.js';
import type { SimState } from '../../state/schema.js';
import { binanceError, missingParameter } from './wire.js';

/**
 * Binance "convert small assets to BNB": `POST /sapi/v1/asset/dust-btc` lists what can be converted,
 * `POST /sapi/v1/asset/dust` converts. An asset qualifies when it is not BNB, has a free balance, has a
 * USD-stable market with a price, and is worth less than 0.001 BTC. Binance keeps a 2 % service charge and
 * allows one conversion per 24 hours per account (-5006).
 */

const DUST_LIMIT_BTC = 0.001;
const SERVICE_CHARGE = 0.02;
const CONVERSION_COOLDOWN_MS = 24 * 3600 * 1000;
const USD_QUOTES = ['USDT', 'USDC', 'FDUSD', 'USD'];

function usdPrice(state: SimState, asset: string): number | null {
  if (USD_QUOTES.includes(asset)) return 1;
  for (const quote of USD_QUOTES) {
    const price = state.markets[`${asset}-${quote}`]?.price;
    if (price !== undefined && price !== null) return price;
  }
  return null;
}

interface DustQuote {
  readonly asset: string;
  readonly free: number;
  readonly toBtc: number;
  readonly toBnb: number;
}

/** Why an asset cannot be converted, as Binance says it; null when it can. */
function quoteDust(state: SimState, asset: string): DustQuote | { code: number; msg: string } {
  if (asset === 'BNB') return { code: -5001, msg: "Don't allow transfer to micro assets." };
  const free = balanceOf(state, asset).free;
  if (free <= 0) return { code: -5003, msg: "You don't have this asset." };
  const price = usdPrice(state, asset);
  const btc = usdPrice(state, 'BTC');
  const bnb = usdPrice(state, 'BNB');
  if (price === null || btc === null || bnb === null) return { code: -5009, msg: 'Product does not exist.' };
  const usd = multiply(free, price);
  const toBtc = usd / btc;
  if (toBtc >= DUST_LIMIT_BTC) return { code: -5004, msg: `The residual balances of ${asset} have exceeded 0.001BTC, Please re-choose.` };
  return { asset, free, toBtc, toBnb: usd / bnb };
}

/** `POST /sapi/v1/asset/dust-btc`: the convertible assets and what they would bring. */
export function listDust(context: ProtocolContext): SimResponse {
  const quotes = Object.keys(context.state.balances)
    .map((asset) => quoteDust(context.state, asset))
    .filter((quote): quote is DustQuote => 'free' in quote);
  const details = quotes.map((quote) => ({
    asset: quote.asset,
    assetFullName: quote.asset,
    amountFree: fixed(quote.free, 8),
    toBTC: fixed(quote.toBtc, 8),
    toBNB: fixed(quote.toBnb * (1 - SERVICE_CHARGE), 8),
    toBNBOffExchange: fixed(quote.toBnb * (1 - SERVICE_CHARGE), 8),
    exchange: fixed(quote.toBnb, 8),
  }));
  const totalBtc = quotes.reduce((sum, quote) => sum + quote.toBtc, 0);
  const totalBnb = quotes.reduce((sum, quote) => sum + quote.toBnb * (1 - SERVICE_CHARGE), 0);
  return jsonResponse(200, { details, totalTransferBtc: fixed(totalBtc, 8), totalTransferBNB: fixed(totalBnb, 8), dribbletPercentage: fixed(SERVICE_CHARGE, 8) });
}

/** The last conversion time per API key: Binance's 24-hour rule. */
export class DustConverter {
  private readonly lastConversion = new Map<string, number>();

  /** `POST /sapi/v1/asset/dust` with `asset` repeated (ccxt) or comma-separated. All-or-nothing, like Binance. */
  convert(params: URLSearchParams, apiKey: string, context: ProtocolContext): SimResponse {
    const assets = params.getAll('asset').flatMap((value) => value.split(',')).map((asset) => asset.trim()).filter((asset) => asset !== '');
    if (assets.length === 0) return missingParameter('asset');
    const now = context.now();
    const last = this.lastConversion.get(apiKey);
    if (last !== undefined && now - last < CONVERSION_COOLDOWN_MS) return binanceError(-5006, 'Only transfer once in 24 hours.');
    const quotes: DustQuote[] = [];
    for (const asset of new Set(assets)) {
      const quote = quoteDust(context.state, asset);
      if (!('free' in quote)) return binanceError(quote.code, quote.msg);
      quotes.push(quote);
    }
    const { state } = context;
    const bnb = (state.balances.BNB ??= { total: 0, held: 0 });
    let totalTransferred = 0;
    let totalCharge = 0;
    const transferResult = quotes.map((quote, index) => {
      const balance = state.balances[quote.asset];
      if (balance) balance.total = subtract(balance.total, quote.free);
      const charge = quote.toBnb * SERVICE_CHARGE;
      const received = quote.toBnb - charge;
      bnb.total = add(bnb.total, received);
      totalTransferred += received;
      totalCharge += charge;
      return {
        amount: fixed(quote.free, 8),
        fromAsset: quote.asset,
        operateTime: now,
        serviceChargeAmount: fixed(charge, 8),
        tranId: now * 100 + index,
        transferedAmount: fixed(received, 8),
      };
    });
    this.lastConversion.set(apiKey, now);
    return jsonResponse(200, { totalServiceCharge: fixed(totalCharge, 8), totalTransfered: fixed(totalTransferred, 8), transferResult });
  }
}
