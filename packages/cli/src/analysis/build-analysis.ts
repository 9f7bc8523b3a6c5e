import { capForOwner, classifyPositions, compareOwners, createEntryGate } from '@forced-cleanup/core';
import type { ClassifiedPosition, PlannerSettings, PortfolioSnapshot, ReadableAccountSnapshot } from '@forced-cleanup/contract';
import type { ValueBand } from '../command-line/parse-values.js';
import type { AnalyzedPosition, Analysis, OwnerAnalysis, ThresholdImpact } from './analysis-schema.js';
import { recommend } from './recommend.js';

/** The thresholds of the impact table (the seed's), besides the configured one. */
export const IMPACT_THRESHOLDS_USD = [0.001, 0.01, 0.5, 1, 5] as const;

/** What {@link buildAnalysis} works from. */
export interface AnalysisInput {
  readonly snapshot: PortfolioSnapshot;
  /** Every position of every readable account, classified by the core at the configured threshold. */
  readonly positions: readonly ClassifiedPosition[];
  /** The settings in force (caps as configured). */
  readonly settings: PlannerSettings;
  readonly bands: readonly ValueBand[];
  /** Owners of which `--account` selected only some accounts. */
  readonly partialOwners: ReadonlyMap<string, { readonly selected: number; readonly total: number }>;
  /** Appended to the commands the recommendation suggests (e.g. `--config x.yaml`). */
  readonly commandSuffix: string;
}

/**
 * The analysis of a read portfolio: a pure function. Classification, caps and free slots come from the
 * core (`classifyPositions`, `capForOwner`, `createEntryGate`), re-run at each threshold of the impact
 * table; this only groups, sorts, bands and counts.
 */
export function buildAnalysis(input: AnalysisInput): Analysis {
  const { snapshot, settings } = input;
  const thresholds = [...new Set([...IMPACT_THRESHOLDS_USD, settings.dustThresholdUsd])].sort((a, b) => a - b);
  const owners = [...new Set(snapshot.accounts.map((account) => account.owner))].sort(compareOwners);
  return {
    takenAt: snapshot.takenAt,
    dustThresholdUsd: settings.dustThresholdUsd,
    bands: input.bands.map((band) => ({ name: band.name, minUsd: band.minUsd })),
    thresholds,
    accounts: snapshot.accounts.map((account) => ({
      accountId: account.accountId,
      owner: account.owner,
      broker: account.broker,
      readable: account.readable,
      error: account.readable ? null : account.error,
    })),
    owners: owners.map((owner) => analyseOwner(owner, input, thresholds)),
  };
}

function analyseOwner(owner: string, input: AnalysisInput, thresholds: readonly number[]): OwnerAnalysis {
  const accounts = input.snapshot.accounts.filter((account) => account.owner === owner);
  const readable = accounts.filter((account): account is ReadableAccountSnapshot => account.readable);
  const unreadable = accounts.filter((account) => !account.readable).map((account) => account.accountId);
  const partial = input.partialOwners.get(owner);
  const incompleteReason =
    unreadable.length > 0
      ? `${unreadable.join(', ')} could not be read`
      : partial
        ? `--account selected ${partial.selected} of its ${partial.total} accounts`
        : null;
  const classified = input.positions.filter((position) => position.owner === owner);
  const positions = classified.map((position) => analysed(position, input.bands)).sort(byValueDescending);
  const cap = capForOwner(owner, input.settings);
  const sum = (list: readonly AnalyzedPosition[]) => list.reduce((total, position) => total + (position.usdValue ?? 0), 0);
  const unprotected = positions.filter((position) => position.category !== 'protected');
  const of = (category: AnalyzedPosition['category']) => positions.filter((position) => position.category === category);
  const analysis: Omit<OwnerAnalysis, 'recommendation'> = {
    owner: owner as OwnerAnalysis['owner'],
    cap,
    accountIds: accounts.map((account) => account.accountId),
    complete: incompleteReason === null,
    incompleteReason,
    totals: {
      positions: unprotected.length,
      valueUsd: sum(unprotected),
      counted: of('counted').length,
      dust: of('dust').length,
      dustValueUsd: sum(of('dust')),
      stuck: of('stuck').length,
      unpriced: of('unpriced').length,
      protected: of('protected').length,
    },
    positions,
    thresholdImpact: thresholds.map((threshold) => impactAt(owner, readable, input.settings, threshold)),
  };
  return { ...analysis, recommendation: recommend(analysis, input.settings.dustThresholdUsd, input.commandSuffix) };
}

function impactAt(owner: string, accounts: readonly ReadableAccountSnapshot[], settings: PlannerSettings, threshold: number): ThresholdImpact {
  const atThreshold: PlannerSettings = { ...settings, dustThresholdUsd: threshold };
  const positions = accounts.flatMap((account) => classifyPositions(account, atThreshold));
  const decision = createEntryGate(positions, atThreshold).canOpenPosition(owner as OwnerAnalysis['owner']);
  return {
    thresholdUsd: threshold,
    configured: threshold === settings.dustThresholdUsd,
    counted: decision.counted,
    dust: positions.filter((position) => position.category === 'dust').length,
    freeSlots: decision.freeSlots,
    overCap: Math.max(0, decision.counted - decision.cap),
  };
}

function analysed(position: ClassifiedPosition, bands: readonly ValueBand[]): AnalyzedPosition {
  return {
    accountId: position.accountId,
    asset: position.asset,
    symbol: position.symbol,
    quantity: position.quantity,
    priceUsd: position.priceUsd,
    usdValue: position.usdValue,
    pnlPct: position.pnlPct,
    category: position.category,
    band: position.category === 'counted' ? bandOf(position.usdValue ?? 0, bands) : position.category,
    openOrders: position.openOrders.length,
    stuckReason: position.stuckReason,
  };
}

/** The highest band whose bound the value reaches; `minor` below every band. */
export function bandOf(usdValue: number, bands: readonly ValueBand[]): string {
  return bands.find((band) => usdValue >= band.minUsd)?.name ?? 'minor';
}

/** Largest value first; unpriced last; then by account and asset so that the order is stable. */
function byValueDescending(a: AnalyzedPosition, b: AnalyzedPosition): number {
  const value = (b.usdValue ?? -1) - (a.usdValue ?? -1);
  return value !== 0 ? value : a.accountId.localeCompare(b.accountId) || a.asset.localeCompare(b.asset);
}
