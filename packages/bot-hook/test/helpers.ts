import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrokerLogger } from '@forced-cleanup/contract';
import type {
  ConfirmedForcedClose,
  HookEvent,
  PendingForcedClose,
  PositionTracker,
  TrackedPosition,
  UnfinishedForcedClose,
} from '../src/index.js';

/** A fresh state directory for one test. */
export function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'fc-bot-hook-test-'));
}

/** A paper position as the `paper:` block writes it. */
export interface PaperPositionInput {
  symbol: string;
  quantity: number;
  price?: number | null;
  entryPrice?: number | null;
  openedAt?: string | null;
}

/** A paper account config. */
export function paperAccount(
  id: string,
  owner: string,
  positions: PaperPositionInput[],
  extra: { openOrders?: unknown[]; latencyMs?: number; faults?: unknown[]; markets?: Record<string, unknown> } = {},
) {
  return { id, owner, broker: 'paper', paper: { cash: { USD: 100 }, positions, ...extra } };
}

/** `n` distinct positions worth `usd` each (assets A0…, B0… by prefix). */
export function positionsWorth(prefix: string, n: number, usd: number): PaperPositionInput[] {
  return Array.from({ length: n }, (_, i) => ({ symbol: `${prefix}${i}-USD`, quantity: 1, price: usd }));
}

/** A logger that keeps its lines. */
export function recordingLogger(): BrokerLogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

/** A tracker that keeps everything it is told, with positions the test sets. */
export class RecordingTracker implements PositionTracker {
  positions: TrackedPosition[] = [];
  readonly calls: (PendingForcedClose | ConfirmedForcedClose | UnfinishedForcedClose)[] = [];
  /** When set, openPositions waits for it (a slow tracker makes a slow run, deterministically). */
  hold: Promise<void> | null = null;

  async openPositions(): Promise<TrackedPosition[]> {
    if (this.hold) await this.hold;
    return this.positions;
  }
  onClosePending(close: PendingForcedClose): void {
    this.calls.push(close);
  }
  onCloseConfirmed(close: ConfirmedForcedClose): void {
    this.calls.push(close);
    this.positions = this.positions.filter((p) => !(p.accountId === close.accountId && (p.asset ?? p.symbol?.split(/[-/]/)[0]) === close.asset));
  }
  onCloseNotDone(close: UnfinishedForcedClose): void {
    this.calls.push(close);
  }
}

/** A promise and the function that resolves it. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves with the first event of `type` a subscription sees. */
export function nextEvent<T extends HookEvent['type']>(
  on: (listener: (event: HookEvent) => void) => () => void,
  type: T,
): Promise<Extract<HookEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = on((event) => {
      if (event.type === type) {
        off();
        resolve(event as Extract<HookEvent, { type: T }>);
      }
    });
  });
}
