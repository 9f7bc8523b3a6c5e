import type { Analysis, AnalyzedPosition, OwnerAnalysis } from '../analysis/analysis-schema.js';
import type { Palette } from '../output/palette.js';
import { bar } from './bar-chart.js';
import { RULE, THIN_RULE, ownerLabel, pct, plural, usd } from './format.js';

/** How the analysis is printed. */
export interface AnalysisRenderOptions {
  /** Add a bar per position, scaled to the owner's largest (on a terminal). */
  readonly chart: boolean;
  /** Terminal width, for the bars. */
  readonly columns: number;
  /** Only the impact table and the recommendation (`--quiet`). */
  readonly brief: boolean;
  readonly palette: Palette;
}

/** `analyze` for people: per owner, positions by value, the threshold impact, what is unpriced or stuck, advice. */
export function renderAnalysis(analysis: Analysis, options: AnalysisRenderOptions): string[] {
  const bands = analysis.bands.map((band) => `${band.name} ≥ ${usd(band.minUsd)}`).join(' · ');
  const lines = [
    options.palette.bold('ANALYSIS — read only: nothing is traded'),
    `   Dust threshold: ${usd(analysis.dustThresholdUsd)} · value bands: ${bands} · dust < ${usd(analysis.dustThresholdUsd)}`,
  ];
  for (const account of analysis.accounts) {
    if (!account.readable) lines.push(options.palette.red(`   ❌ ${account.accountId} UNREADABLE (${account.error?.code}): ${account.error?.message}`));
  }
  for (const owner of analysis.owners) lines.push(...renderOwner(owner, analysis, options));
  return lines;
}

function renderOwner(owner: OwnerAnalysis, analysis: Analysis, options: AnalysisRenderOptions): string[] {
  const { palette } = options;
  const icon = owner.owner === 'platform' ? '🏢' : '👤';
  const lines = [
    '',
    RULE,
    palette.bold(`${icon} ${ownerLabel(owner.owner)} — ${plural(owner.totals.positions, 'position')} worth ${usd(owner.totals.valueUsd)} across ${plural(owner.accountIds.length, 'account')} · cap ${owner.cap}`),
    THIN_RULE,
  ];
  if (!owner.complete) lines.push(palette.yellow(`   ⚠️  partial figures: ${owner.incompleteReason}`));
  if (!options.brief) lines.push(...positionTable(owner, options), '', `   ${categoryCounts(owner, analysis)}`);
  lines.push('', `   Threshold impact (cap ${owner.cap}):`, ...impactTable(owner, palette));
  const unpriced = owner.positions.filter((position) => position.category === 'unpriced');
  const stuck = owner.positions.filter((position) => position.category === 'stuck');
  if (unpriced.length > 0) {
    lines.push('', `   Unpriced (never sold, not counted): ${unpriced.length}`);
    for (const position of unpriced) lines.push(`      [UNPRICED] ${name(position)} (${position.accountId}): ${position.quantity} ${position.asset}, no usable price`);
  }
  if (stuck.length > 0) {
    lines.push('', `   Stuck (cannot be sold, not counted): ${stuck.length}`);
    for (const position of stuck) lines.push(`      [STUCK] ${name(position)} (${position.accountId}): ${usd(position.usdValue)}, ${position.stuckReason ?? 'unsellable'}`);
  }
  lines.push('', palette.bold('   💡 Recommendation:'), ...owner.recommendation.map((sentence) => `      - ${sentence}`));
  return lines;
}

function positionTable(owner: OwnerAnalysis, options: AnalysisRenderOptions): string[] {
  const rows = owner.positions.map((position) => [
    usd(position.usdValue),
    pct(position.pnlPct),
    position.band,
    name(position),
    position.accountId,
    position.openOrders > 0 ? `${position.openOrders} open order${position.openOrders === 1 ? '' : 's'}` : '',
  ]);
  const header = ['VALUE', 'P&L', 'CATEGORY', 'SYMBOL', 'ACCOUNT', ''];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const format = (row: string[]) =>
    row.map((cell, i) => (i <= 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const tableWidth = widths.reduce((sum, width) => sum + width + 2, 3);
  const barWidth = options.chart ? Math.max(0, Math.min(40, options.columns - tableWidth - 2)) : 0;
  const max = Math.max(0, ...owner.positions.map((position) => position.usdValue ?? 0));
  const colourOf = (position: AnalyzedPosition) =>
    position.category === 'dust' ? options.palette.yellow : position.category === 'counted' ? options.palette.green : options.palette.dim;
  const lines = [`   ${format(header)}`];
  owner.positions.forEach((position, i) => {
    const text = `   ${format(rows[i]!)}`;
    const chart = barWidth > 0 ? ' '.repeat(Math.max(1, tableWidth - text.length)) + colourOf(position)(bar(position.usdValue ?? 0, max, barWidth)) : '';
    lines.push(text + chart);
  });
  if (owner.positions.length === 0) lines.push('   (no positions)');
  return lines;
}

function categoryCounts(owner: OwnerAnalysis, analysis: Analysis): string {
  const count = (band: string) => owner.positions.filter((position) => position.band === band).length;
  const parts = analysis.bands.map((band) => `${band.name} (≥ ${usd(band.minUsd)}): ${count(band.name)}`);
  if (count('minor') > 0) parts.push(`minor: ${count('minor')}`);
  parts.push(`dust (< ${usd(analysis.dustThresholdUsd)}): ${count('dust')}`);
  for (const other of ['stuck', 'unpriced', 'protected']) if (count(other) > 0) parts.push(`${other}: ${count(other)}`);
  return `Categories: ${parts.join(' · ')}`;
}

function impactTable(owner: OwnerAnalysis, palette: Palette): string[] {
  const header = ['THRESHOLD', 'COUNTED', 'DUST', 'FREE SLOTS', 'OVER CAP'];
  const rows = owner.thresholdImpact.map((row) => [
    `${row.thresholdUsd < 0.01 ? `$${row.thresholdUsd}` : usd(row.thresholdUsd)}${row.configured ? ' ◀' : ''}`,
    String(row.counted),
    String(row.dust),
    String(row.freeSlots),
    String(row.overCap),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const format = (row: string[]) => `      ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ')}`;
  return [
    format(header),
    ...rows.map((row, i) => (owner.thresholdImpact[i]!.configured ? palette.bold(`${format(row)}   (configured)`) : format(row))),
  ];
}

function name(position: AnalyzedPosition): string {
  return position.symbol ?? position.asset;
}
