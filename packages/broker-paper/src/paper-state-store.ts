import { throwIfAborted } from './abort.js';
import type { PaperState } from './paper-state.js';
import { readStateFile, writeStateFile } from './state-file.js';
import { serialisePerKey } from './serialise-per-key.js';

/** What a state change decides: the next state (null: nothing to write) and what the call returns. */
export interface StateChange<T> {
  /** The state to persist, or null when the call changes nothing (a rejection, an idempotent repeat). */
  readonly next: PaperState | null;
  /** The call's result. */
  readonly result: T;
}

/**
 * One account's state file, treated as the exchange's server state: read afresh on every call (another
 * process may have changed it), created from the `paper:` block whenever it is absent, and changed only
 * through {@link PaperStateStore.update}, which serialises read-modify-write within this process.
 */
export class PaperStateStore {
  /**
   * @param file the state file (`<stateDir>/paper/<accountId>.json`)
   * @param initialState what the exchange holds before its first call
   */
  constructor(
    readonly file: string,
    private readonly initialState: PaperState,
  ) {}

  /** The current state (creating the file when absent). */
  async read(): Promise<PaperState> {
    const state = await readStateFile(this.file);
    if (state !== null) return state;
    return serialisePerKey(this.file, () => this.readOrCreate());
  }

  /**
   * Reads the state, lets `change` decide, and persists its next state atomically, all while holding this
   * file's queue. `change` must be synchronous and pure: it throws (a CleanupError) to reject, which
   * leaves the file untouched. An abort that arrives while queued rejects before anything is written; one
   * that arrives after the write is too late to undo it, so the result is returned (the exchange did it).
   */
  update<T>(signal: AbortSignal, operation: string, change: (state: PaperState) => StateChange<T>): Promise<T> {
    return serialisePerKey(this.file, async () => {
      const state = await this.readOrCreate();
      throwIfAborted(signal, operation);
      const { next, result } = change(state);
      if (next !== null) await writeStateFile(this.file, next);
      return result;
    });
  }

  /** Only called while holding the file's queue, so two callers never both create the file. */
  private async readOrCreate(): Promise<PaperState> {
    const state = await readStateFile(this.file);
    if (state !== null) return state;
    await writeStateFile(this.file, this.initialState);
    return this.initialState;
  }
}
