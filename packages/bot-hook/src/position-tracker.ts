import { z } from 'zod';
import type { TrackedPositionInfo } from '@forced-cleanup/core';
import { cleanupError, type CloseReason, type ErrorData, type OwnerId, type Outcome } from '@forced-cleanup/contract';
import { optionsError } from './describe-option-issues.js';

/**
 * One position as the bot's tracker knows it. A position is (account, asset) — never a symbol alone:
 * the same asset on two exchanges is two positions. `symbol` (`SHIB-USD` or `SHIB/USD`) may stand in
 * for `asset`; its base is the asset. Other fields the tracker keeps are ignored.
 */
export interface TrackedPosition {
  /** The account (as configured in the hook's `accounts`). */
  readonly accountId: string;
  /** The asset held, e.g. `SHIB`. Give this or `symbol`. */
  readonly asset?: string;
  /** The market, e.g. `SHIB-USD`; its base is the asset. */
  readonly symbol?: string;
  /** Average entry price in USD; it sets P&L % (ranking, outcome). Null or absent: unknown. */
  readonly entryPrice?: number | null;
  /** When the position was opened (ISO 8601 or a Date); it sets age (ranking). Null or absent: unknown. */
  readonly openedAt?: string | Date | null;
}

/** What every forced close tells the tracker: which position, why, and its place in the ranking. */
export interface ForcedCloseBase {
  /** The cleanup run that closed it. */
  readonly runId: string;
  readonly accountId: string;
  readonly owner: OwnerId;
  readonly asset: string;
  /** The market it is sold through (null for a dust conversion of an asset without one). */
  readonly symbol: string | null;
  /** `dust` (worth less than the threshold) or `cap` (the owner had too many positions). */
  readonly reason: CloseReason;
  /** 1-based place in the owner's cap ranking; null for dust. */
  readonly rank: number | null;
  /** USD value when the run planned the close. */
  readonly usdValue: number;
  /** The deterministic client order id of the sell. */
  readonly clientOrderId: string | null;
}

/** A forced close is about to be placed: the position's profit status becomes PENDING. */
export interface PendingForcedClose extends ForcedCloseBase {
  readonly profitStatus: 'PENDING';
}

/** A forced close filled: PENDING → CONFIRMED, with its outcome and what it brought in. */
export interface ConfirmedForcedClose extends ForcedCloseBase {
  readonly profitStatus: 'CONFIRMED';
  readonly previousProfitStatus: 'PENDING';
  /** By P&L % at the fill: WIN > 0, LOSS < 0, BREAKEVEN = 0, UNKNOWN without an entry price. */
  readonly outcome: Outcome;
  /** (fill price − entry) / entry × 100; null when the entry price is unknown. */
  readonly pnlPct: number | null;
  /** USD received. */
  readonly proceedsUsd: number;
  /** Quantity sold. */
  readonly filledQuantity: number;
  /** Average fill price, null when nothing was sold. */
  readonly averagePrice: number | null;
  /** True when only part of the position was sold: the rest is still held. */
  readonly partial: boolean;
  /** The exchange's order id. */
  readonly orderId: string | null;
}

/** A close that was announced PENDING but did not happen: the position is still held. */
export interface UnfinishedForcedClose extends ForcedCloseBase {
  /** The status the position should return to from PENDING: it is still open. */
  readonly profitStatus: 'OPEN';
  /** `failed` (an error) or `skipped` (e.g. stuck below the exchange minimum). */
  readonly status: 'failed' | 'skipped';
  /** The error code or skip reason. */
  readonly statusReason: string;
  readonly error: ErrorData | null;
}

/**
 * The bot's position tracker, as the hook sees it. It supplies entry prices and open times (used for P&L
 * and age in the ranking) and is told of every forced close, so that forced exits count in the bot's
 * statistics. Methods may be sync or async; the hook calls them one at a time, in event order, and a
 * tracker that throws is reported (event `tracker_failed`, an error log line), never rethrown.
 */
export interface PositionTracker {
  /** Every position the bot currently tracks. Read at the start of each cleanup run. */
  openPositions(): Iterable<TrackedPosition> | Promise<Iterable<TrackedPosition>>;
  /** Optional: a forced close is about to be placed (PENDING). */
  onClosePending?(close: PendingForcedClose): unknown;
  /** A forced close filled (PENDING → CONFIRMED, with outcome and proceeds). */
  onCloseConfirmed(close: ConfirmedForcedClose): unknown;
  /** Optional: a close announced PENDING failed or was skipped; the position is still open. */
  onCloseNotDone?(close: UnfinishedForcedClose): unknown;
}

/** True when `value` has the methods of a {@link PositionTracker} (checked by shape). */
export function isPositionTracker(value: unknown): value is PositionTracker {
  if (value === null || typeof value !== 'object') return false;
  const tracker = value as Record<string, unknown>;
  const optional = ['onClosePending', 'onCloseNotDone'].every((name) => tracker[name] === undefined || typeof tracker[name] === 'function');
  return typeof tracker['openPositions'] === 'function' && typeof tracker['onCloseConfirmed'] === 'function' && optional;
}

const SYMBOL_SEPARATOR = /[-/]/;

const TrackedPositionSchema = z
  .looseObject({
    accountId: z.string({ error: 'expected an account id' }).min(1, { error: 'expected an account id' }),
    asset: z.string({ error: 'expected an asset such as SHIB' }).min(1, { error: 'expected an asset such as SHIB' }).optional(),
    symbol: z
      .string({ error: 'expected a symbol such as SHIB-USD' })
      .regex(/^[^-/\s]+[-/][^-/\s]+$/, { error: 'expected a symbol such as SHIB-USD' })
      .optional(),
    entryPrice: z
      .number({ error: 'expected a number > 0 or null' })
      .positive({ error: 'expected a number > 0 or null' })
      .nullable()
      .optional(),
    openedAt: z
      .union([z.iso.datetime({ offset: true }), z.date().transform((date) => date.toISOString())], {
        error: 'expected an ISO 8601 date-time, a Date, or null',
      })
      .nullable()
      .optional(),
  })
  .refine((position) => position.asset !== undefined || position.symbol !== undefined, {
    error: 'expected asset (e.g. SHIB) or symbol (e.g. SHIB-USD)',
  });

/** The tracker's positions, validated: per account id, then asset. */
export type TrackedPositions = ReadonlyMap<string, ReadonlyMap<string, TrackedPositionInfo>>;

/**
 * Reads and validates the tracker's positions (zod at the boundary). A malformed entry, or the same
 * (account, asset) twice, is an `invalid_config` error naming it: the ranking would be built on a guess.
 */
export async function readTrackedPositions(tracker: PositionTracker): Promise<TrackedPositions> {
  const raw = Array.from(await tracker.openPositions());
  const parsed = z.array(TrackedPositionSchema).safeParse(raw, { reportInput: true });
  if (!parsed.success) throw optionsError(parsed.error, raw, 'tracker.openPositions()');
  const byAccount = new Map<string, Map<string, TrackedPositionInfo>>();
  parsed.data.forEach((position, index) => {
    const asset = position.asset ?? (position.symbol as string).split(SYMBOL_SEPARATOR)[0]!;
    const assets = byAccount.get(position.accountId) ?? new Map<string, TrackedPositionInfo>();
    if (assets.has(asset)) {
      throw cleanupError(
        'invalid_config',
        `forced-cleanup: tracker.openPositions()[${index}]: ${asset} in account ${position.accountId} is tracked twice; a position is (account, asset): merge its lots into one entry`,
      );
    }
    assets.set(asset, { entryPrice: position.entryPrice ?? null, openedAt: position.openedAt ?? null });
    byAccount.set(position.accountId, assets);
  });
  return byAccount;
}
