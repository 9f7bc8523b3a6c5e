import { z } from 'zod';
import type { DustConversionReport } from '@forced-cleanup/contract';
import type { BinanceDustApi } from './ccxt-exchange.js';
import { parseCcxt } from './ccxt-shapes.js';
import { classNamesOf } from './errors.js';
import { redact } from './redact.js';

/*
 * Binance "convert small assets to BNB" (`sapiPostAssetDust`), the one dust-conversion API among the
 * supported exchanges. Binance converts all named assets or none, refuses an asset worth 0.001 BTC or
 * more, and allows one conversion per 24 hours per account; so the convertible assets are listed first
 * (`sapiPostAssetDustBtc`, a read), only those are sent, in ONE request, and Binance's refusals are
 * reported per asset instead of failing the whole call.
 */

const DustListSchema = z.looseObject({ details: z.array(z.looseObject({ asset: z.string().min(1) })) });
const DustResultSchema = z.looseObject({ transferResult: z.array(z.looseObject({ fromAsset: z.string().min(1) })) });

/** What converting needs besides the API. */
export interface DustConversionContext {
  /** The exchange's own id of an asset (ccxt's code may differ). */
  readonly assetId: (asset: string) => string;
  /** Every credential, to keep them out of refusal reasons. */
  readonly secrets: readonly string[];
  /** Called just before the converting request: throws when the call was aborted meanwhile. */
  readonly beforeConverting: () => void;
}

/**
 * True for a refusal of the request itself by Binance (an ExchangeError: -5004 too large, -5006 once per
 * 24 hours, -5003 nothing free, -5009 no product): reported per asset. A network, rate-limit or
 * authentication failure is thrown instead, as for any call.
 */
function isBusinessRefusal(error: unknown): boolean {
  const names = classNamesOf(error);
  return names.includes('ExchangeError') && !names.includes('AuthenticationError');
}

/** The reason Binance gave, without the request. */
function reasonOf(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const binanceMessage = /"msg"\s*:\s*"([^"]*)"/.exec(message)?.[1];
  return redact(binanceMessage ?? message, secrets);
}

/** Converts the convertible ones among `assets` to BNB and reports every asset as converted or refused. */
export async function convertBinanceDust(api: BinanceDustApi, assets: readonly string[], context: DustConversionContext): Promise<DustConversionReport> {
  const wanted = [...new Set(assets)];
  const report: DustConversionReport = { converted: [], refused: [] };
  if (wanted.length === 0) return report;
  const listed = parseCcxt(DustListSchema, await api.sapiPostAssetDustBtc(), 'binance', 'convertDust (list)');
  const convertible = new Set(listed.details.map((detail) => detail.asset));
  const toConvert: string[] = [];
  for (const asset of wanted) {
    if (convertible.has(context.assetId(asset))) toConvert.push(asset);
    else report.refused.push({ asset, reason: 'Binance does not offer to convert it (nothing free, no market, or worth 0.001 BTC or more)' });
  }
  if (toConvert.length === 0) return report;
  context.beforeConverting();
  let result: z.output<typeof DustResultSchema>;
  try {
    result = parseCcxt(DustResultSchema, await api.sapiPostAssetDust({ asset: toConvert.map(context.assetId) }), 'binance', 'convertDust');
  } catch (error) {
    if (!isBusinessRefusal(error)) throw error;
    const reason = reasonOf(error, context.secrets);
    for (const asset of toConvert) report.refused.push({ asset, reason });
    return report;
  }
  const transferred = new Set(result.transferResult.map((entry) => entry.fromAsset));
  for (const asset of toConvert) {
    if (transferred.has(context.assetId(asset))) report.converted.push(asset);
    else report.refused.push({ asset, reason: 'Binance accepted the request but did not convert it' });
  }
  return report;
}
