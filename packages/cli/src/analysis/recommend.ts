import type { OwnerAnalysis } from './analysis-schema.js';

const money = (value: number) => `$${value.toFixed(2)}`;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * What an operator should do about one owner, most important first, with the command to run. Built
 * only from the analysis figures, so that the advice always matches the tables above it.
 */
export function recommend(analysis: Omit<OwnerAnalysis, 'recommendation'>, thresholdUsd: number, commandSuffix: string): string[] {
  const { totals, cap, owner } = analysis;
  const scope = ` --owner ${owner}${commandSuffix}`;
  const advice: string[] = [];
  if (!analysis.complete) {
    advice.push(`The figures are partial (${analysis.incompleteReason}): a run will not enforce this owner's cap until every account of it is read.`);
  }
  const configured = analysis.thresholdImpact.find((row) => row.configured);
  if (totals.dust > 0) {
    const withOrders = analysis.positions.filter((position) => position.category === 'dust' && position.openOrders > 0).length;
    advice.push(
      `Close the ${plural(totals.dust, 'dust position')} (${money(totals.dustValueUsd)} in all): \`forced-cleanup dust --dry-run${scope}\`, then without --dry-run.` +
        (withOrders > 0 ? ` ${withOrders} of them ${withOrders === 1 ? 'has' : 'have'} open orders, kept unless --include-open-orders or --cancel-if "usd_value<${thresholdUsd}".` : ''),
    );
  }
  if (configured && configured.overCap > 0) {
    advice.push(
      `${totals.counted} positions count toward a cap of ${cap}: \`forced-cleanup run --dry-run${scope}\` shows the ${plural(configured.overCap, 'position')} it would also close (smallest, worst P&L, oldest first).`,
    );
  } else if (configured) {
    advice.push(`${plural(configured.freeSlots, 'free slot')} under the cap of ${cap} once the dust is closed (${totals.counted} counted).`);
  }
  const lowest = analysis.thresholdImpact[0];
  if (configured && lowest && lowest.counted > configured.counted) {
    advice.push(
      `At a $${lowest.thresholdUsd} threshold ${lowest.counted} positions would count instead of ${configured.counted} ` +
        `(${lowest.freeSlots} free slots instead of ${configured.freeSlots}): dust would take the slots of real trades.`,
    );
  }
  if (totals.unpriced > 0) {
    advice.push(`${plural(totals.unpriced, 'holding')} without a usable price ${totals.unpriced === 1 ? 'is' : 'are'} never sold nor counted: check that a USD, USDC or USDT market exists for ${totals.unpriced === 1 ? 'it' : 'them'}.`);
  }
  if (totals.stuck > 0) {
    advice.push(`${plural(totals.stuck, 'holding')} cannot be sold (below the exchange minimum, or no market): convert on the exchange where it offers dust conversion; they do not count toward the cap.`);
  }
  if (totals.dust === 0 && (!configured || configured.overCap === 0) && advice.length <= 1) {
    advice.unshift('Nothing to clean up.');
  }
  return advice;
}
