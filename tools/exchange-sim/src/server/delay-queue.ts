/**
 * The latency of a sim: every request waits here before it is answered. One timer serves every waiting
 * request instead of a timer (and a promise) per request, which is most of what latency used to cost a
 * busy sim. A request never runs before its delay is over — a timer that fires early is re-armed for the
 * rest — and requests run in the order they are due (arrival order while the latency stays the same).
 */

interface Waiting {
  readonly dueAt: number;
  readonly run: () => void;
}

/** Runs callbacks once their delay has passed, in the order they become due; ties keep arrival order. */
export class DelayQueue {
  /** Sorted by `dueAt`; entries before `head` have run. */
  private entries: Waiting[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  /** When the armed timer is meant to fire (performance.now() milliseconds). */
  private timerDueAt = Number.POSITIVE_INFINITY;

  /** @param clock A monotonic clock in milliseconds (performance.now by default; tests may pass their own). */
  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** How many callbacks are waiting. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /** Runs `run` once `delayMs` milliseconds have passed. */
  schedule(delayMs: number, run: () => void): void {
    const dueAt = this.clock() + delayMs;
    const entries = this.entries;
    // The latency rarely changes, so the new entry is almost always the latest: insert from the end.
    let index = entries.length;
    while (index > this.head && (entries[index - 1] as Waiting).dueAt > dueAt) index--;
    if (index === entries.length) entries.push({ dueAt, run });
    else entries.splice(index, 0, { dueAt, run });
    if (dueAt < this.timerDueAt) this.arm(dueAt);
  }

  /** Drops every waiting callback without running it. */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    this.entries = [];
    this.head = 0;
  }

  private arm(dueAt: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    // Node's timers have millisecond resolution and may fire a little early: `fire` re-arms if so.
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(dueAt - this.clock())));
  }

  private fire(): void {
    this.timer = null;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    try {
      this.runDue(this.clock());
    } finally {
      // Even if a callback threw (the error goes on, as a timer of its own would throw it), the rest wait on.
      this.rearm();
    }
  }

  private runDue(now: number): void {
    // A callback may schedule more work or clear the queue: the fields are read afresh on every turn.
    while (this.head < this.entries.length) {
      const next = this.entries[this.head] as Waiting;
      if (next.dueAt > now) return;
      this.head++;
      next.run();
    }
  }

  private rearm(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
      return;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    const next = this.entries[this.head] as Waiting;
    if (next.dueAt < this.timerDueAt) this.arm(next.dueAt);
  }
}
