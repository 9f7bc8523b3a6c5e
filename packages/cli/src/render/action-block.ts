import type { ActionReport, PlannedAction } from '@forced-cleanup/contract';
import { pct, usd } from './format.js';

/**
 * The seed's block for one close:
 * ```
 * 🧹 [DUST][FORCED] SHIB-USD
 *    Account: platform_coinbase
 *    Reason: Dust position ($0.43 < $1.00)
 *    ...
 *    ✅ CLOSED SUCCESSFULLY
 * ```
 * `result` null = a preview; `dryRun` marks the preview of a dry run.
 */
export function actionBlock(action: PlannedAction, result: ActionReport | null, dustThresholdUsd: number, dryRun: boolean): string[] {
  const tag = action.reason === 'dust' ? '[DUST][FORCED]' : '[CAP_EXCEEDED][FORCED]';
  const name = action.symbol ?? action.asset;
  const reason =
    action.reason === 'dust'
      ? `Dust position (${usd(action.usdValue)} < ${usd(dustThresholdUsd)})`
      : `Position cap exceeded (${action.capContext?.counted ?? '?'}/${action.capContext?.cap ?? '?'})`;
  const lines = [
    `🧹 ${tag} ${name}`,
    `   Account: ${action.accountId}`,
    `   Reason: ${reason}`,
    `   Size: ${usd(action.usdValue)}`,
    `   P&L: ${pct(result?.pnlPct ?? action.pnlPct)}`,
  ];
  if (action.rank !== null) lines.push(`   Rank: ${action.rank} (1 = first to close: smallest, then worst P&L, then oldest)`);
  if (action.kind === 'convert') lines.push('   Method: dust conversion (the exchange minimum blocks a sell)');
  for (const order of action.ordersToCancel) {
    if (result === null) {
      lines.push(`   [OPEN_ORDER]${dryRun ? '[WOULD_CANCEL]' : '[TO_CANCEL]'} Order ${order.id} on ${order.symbol}`);
    } else if (result.ordersCancelled.includes(order.id)) {
      lines.push(`   ✅ [OPEN_ORDER][CANCELLED] Order ${order.id} on ${order.symbol}`);
    } else {
      lines.push(`   ⚠️  [OPEN_ORDER][NOT_CANCELLED] Order ${order.id} on ${order.symbol}`);
    }
  }
  if (result === null) {
    lines.push(`   PROFIT_STATUS = PENDING → CONFIRMED`, `   OUTCOME = ${action.outcome}`);
    lines.push(dryRun ? '   📝 WOULD CLOSE (dry run)' : '   ⏳ WILL CLOSE');
    return lines;
  }
  switch (result.status) {
    case 'closed':
      lines.push(`   PROFIT_STATUS = PENDING → CONFIRMED`, `   OUTCOME = ${result.outcome}`);
      if (result.averagePrice !== null) {
        lines.push(`   Sold: ${result.filledQuantity} @ ${usd(result.averagePrice)} = ${usd(result.proceedsUsd)}${result.partial ? ' (PARTIAL FILL)' : ''}`);
      }
      lines.push(result.partial ? '   ⚠️  CLOSED IN PART' : '   ✅ CLOSED SUCCESSFULLY');
      break;
    case 'skipped':
      lines.push(`   PROFIT_STATUS = PENDING`, `   ⏭️  SKIPPED (${result.statusReason}): ${result.error?.message ?? ''}`);
      break;
    case 'failed':
      lines.push(`   PROFIT_STATUS = PENDING`, `   ❌ FAILED (${result.error?.code ?? 'unknown'}): ${result.error?.message ?? ''}`);
      break;
    case 'planned':
      lines.push('   📝 WOULD CLOSE (dry run)');
      break;
  }
  return lines;
}
