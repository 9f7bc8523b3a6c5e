import type { CleanupEvent } from '@forced-cleanup/contract';
import { actionBlock } from './action-block.js';

/**
 * Prints a real run as it happens: each close's block when it ends (cancels included), so a slow run is
 * watched close by close. Everything else comes from the final report.
 */
export function createProgressPrinter(write: (text: string) => void, dustThresholdUsd: number): (event: CleanupEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'position_closed':
      case 'action_failed':
      case 'action_skipped':
        write(['', ...actionBlock(event.action, event.result, dustThresholdUsd, false)].join('\n') + '\n');
        break;
      default:
        break;
    }
  };
}
