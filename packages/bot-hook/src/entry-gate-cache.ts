import { capForOwner, createEntryGate, type EntryGate } from '@forced-cleanup/core';
import { toErrorData, type OwnerId, type Plan, type PlannerSettings, type PortfolioSnapshot } from '@forced-cleanup/contract';
import type { HookOwnEvent } from './hook-events.js';

/** Whether an owner may open one more position, and from what it was decided. */
export interface EntryGateDecision {
  /** `counted < cap`, from a snapshot no older than `entryGateMaxAgeMs`. False when the count is unknown. */
  readonly allowed: boolean;
  /** Positions counting toward the cap (dust, stuck, unpriced and protected do not); null when unknown. */
  readonly counted: number | null;
  /** The owner's cap. */
  readonly cap: number;
  /** `max(0, cap − counted)`; 0 when unknown. */
  readonly freeSlots: number;
  /** When the snapshot was taken (ISO 8601); null when there is none. */
  readonly asOf: string | null;
}

/** What the gate needs from the hook. */
export interface EntryGateDeps {
  readonly maxAgeMs: number;
  readonly settings: PlannerSettings;
  /** Owners of the configured accounts: any other owner's count is unknown. */
  readonly configuredOwners: ReadonlySet<string>;
  /** Reads the accounts (read-only: a dry-run session, no lock). */
  readonly read: () => Promise<{ snapshot: PortfolioSnapshot; plan: Plan }>;
  readonly emit: (event: HookOwnEvent) => void;
  /** Milliseconds, monotonic enough for ages (injectable for tests). */
  readonly nowMs: () => number;
}

/** When a read of the accounts started: by the clock (for its age) and by order (for the bot's entries). */
export interface ReadMark {
  readonly atMs: number;
  /** The number of entries noted before the read started: those are on the exchange for it to see. */
  readonly entrySeq: number;
  /** The read's own number, in the order reads started. */
  readonly readSeq: number;
}

/** One snapshot's answers, memoised per owner (each a settled promise, so a hit allocates nothing). */
interface GateState extends ReadMark {
  readonly takenAt: string | null;
  /** Null when the read failed: every owner is unknown. */
  readonly gate: EntryGate | null;
  /** Owners with an unreadable account: their total is unknown. */
  readonly unknownOwners: ReadonlySet<string>;
  readonly answers: Map<string, Promise<EntryGateDecision>>;
}

/**
 * The preventive cap (SPEC "Bot hook": counted positions < cap, dust not counted), cached. The core's
 * `createEntryGate` decides from a snapshot's classified positions; this keeps it and its answers until
 * the snapshot is older than `maxAgeMs`, then reads the accounts again before answering — so an answer is
 * never from an older snapshot, and a hit on a fresh snapshot is one map lookup and a settled promise.
 *
 * An unknown count blocks: an owner none of whose accounts is configured, an owner with an unreadable
 * account, or every owner after a failed read (that failure is remembered for `maxAgeMs`, so a down
 * exchange is not hammered by every entry check). The cap must not be exceeded on a guess.
 */
export class EntryGateCache {
  private state: GateState | null = null;
  private refreshing: Promise<void> | null = null;
  /** Reads numbered up to this one started before a real run changed the accounts: they are stale. */
  private staleUpToRead = 0;
  private readSeq = 0;
  /** Entries the bot reported, per owner, by sequence number: each counts until a read that started after it. */
  private readonly entries = new Map<string, number[]>();
  private entrySeq = 0;

  /** @param deps settings, the read, and where to report */
  constructor(private readonly deps: EntryGateDeps) {}

  /** The decision for `owner`, from a snapshot no older than `maxAgeMs` (reading the accounts if needed). */
  canOpenPosition(owner: string): Promise<EntryGateDecision> {
    const state = this.state;
    if (state !== null && state.readSeq > this.staleUpToRead && this.deps.nowMs() - state.atMs <= this.deps.maxAgeMs) {
      return state.answers.get(owner) ?? this.answer(state, owner);
    }
    return this.refreshThenAnswer(owner);
  }

  /**
   * The bot opened a position for `owner`: it counts from now on, until a read that started after it
   * (which sees it on the exchange). Without this, a bot asking within `maxAgeMs` would be answered from
   * a count that misses its own entries, and could open far more than its cap.
   */
  noteEntry(owner: string): void {
    this.entries.set(owner, [...(this.entries.get(owner) ?? []), ++this.entrySeq]);
    this.state?.answers.delete(owner);
  }

  /** Marks the start of a read of the accounts (a cleanup run's, or the gate's own). */
  beginRead(): ReadMark {
    return { atMs: this.deps.nowMs(), entrySeq: this.entrySeq, readSeq: ++this.readSeq };
  }

  /** Stores what a cleanup run read, so the gate does not read the same accounts again right away. */
  update(snapshot: PortfolioSnapshot, plan: Plan, mark: ReadMark): void {
    // Reads overlap (a gate read beside a run's): one that started earlier never replaces a later one.
    if (this.state !== null && this.state.readSeq > mark.readSeq) return;
    // An entry noted before this read started is on the exchange by now: the read counts it.
    for (const [owner, seqs] of this.entries) {
      const later = seqs.filter((seq) => seq > mark.entrySeq);
      if (later.length === 0) this.entries.delete(owner);
      else this.entries.set(owner, later);
    }
    const unknownOwners = new Set(snapshot.accounts.filter((account) => !account.readable).map((account) => account.owner));
    this.state = {
      ...mark,
      takenAt: snapshot.takenAt,
      gate: createEntryGate(plan.positions, this.deps.settings),
      unknownOwners,
      answers: new Map(),
    };
    this.deps.emit({ type: 'entry_gate_refreshed', takenAt: snapshot.takenAt, unknownOwners: [...unknownOwners].sort() });
  }

  /** The accounts changed (a real run closed or cancelled something): the next question reads them again. */
  invalidate(): void {
    this.staleUpToRead = this.readSeq;
  }

  /** Waits for a read in progress, if any (used when the hook closes). */
  async settle(): Promise<void> {
    await this.refreshing;
  }

  private async refreshThenAnswer(owner: string): Promise<EntryGateDecision> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
    // The newest read answers even if a run made it stale meanwhile: it is still the latest known, and
    // a cleanup only lowers counts, so it errs on the safe side.
    const state = this.state ?? this.failedState(this.beginRead());
    return this.answer(state, owner);
  }

  private async refresh(): Promise<void> {
    const mark = this.beginRead();
    try {
      const { snapshot, plan } = await this.deps.read();
      this.update(snapshot, plan, mark);
    } catch (error) {
      this.state = this.failedState(mark);
      this.deps.emit({ type: 'entry_gate_refresh_failed', error: toErrorData(error) });
    }
  }

  private failedState(mark: ReadMark): GateState {
    return { ...mark, takenAt: null, gate: null, unknownOwners: new Set(), answers: new Map() };
  }

  /** Entries noted after the read behind `state` started: the exchange had not shown them to it. */
  private entriesSince(owner: string, entrySeq: number): number {
    return this.entries.get(owner)?.filter((seq) => seq > entrySeq).length ?? 0;
  }

  private answer(state: GateState, owner: string): Promise<EntryGateDecision> {
    const cap = capForOwner(owner as OwnerId, this.deps.settings);
    let decision: EntryGateDecision;
    if (state.gate === null || !this.deps.configuredOwners.has(owner) || state.unknownOwners.has(owner)) {
      decision = Object.freeze({ allowed: false, counted: null, cap, freeSlots: 0, asOf: state.takenAt });
    } else {
      const core = state.gate.canOpenPosition(owner as OwnerId);
      const counted = core.counted + this.entriesSince(owner, state.entrySeq);
      decision = Object.freeze({ allowed: counted < cap, counted, cap, freeSlots: Math.max(0, cap - counted), asOf: state.takenAt });
    }
    const answer = Promise.resolve(decision);
    state.answers.set(owner, answer);
    return answer;
  }
}
