import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorData } from '@forced-cleanup/contract';

/** An operation that changes something on an exchange. */
export type JournalOperation = 'sell' | 'convert' | 'cancel';

/** Written and flushed before an order-placing or cancelling call. */
export interface IntentRecord {
  readonly t: 'intent';
  readonly seq: number;
  readonly op: JournalOperation;
  readonly accountId: string;
  readonly asset: string;
  readonly symbol: string | null;
  /** The client order id of a sell (deterministic), null for a cancel. */
  readonly clientOrderId: string | null;
  /** The order id of a cancel, null for a sell. */
  readonly orderId: string | null;
  readonly quantity: number | null;
  readonly at: string;
}

/** Written after the call answered (or failed). */
export interface ResultRecord {
  readonly t: 'result';
  readonly seq: number;
  /** `done`: the exchange confirmed; `failed`: it refused (nothing happened); `unknown`: no clear answer. */
  readonly outcome: 'done' | 'failed' | 'unknown';
  readonly orderId: string | null;
  readonly filledQuantity: number | null;
  readonly error: ErrorData | null;
  readonly at: string;
}

type RunRecord = { t: 'run'; runId: string; startedAt: string; pid: number };
type EndRecord = { t: 'end'; at: string; recoveredBy?: string };
type JournalRecord = RunRecord | IntentRecord | ResultRecord | EndRecord;

const DIR = 'journal';

/**
 * The journal of a run: one JSON line per record in `<stateDir>/journal/<startedAt>-<runId>.jsonl`. An
 * intent is on disk (written and fsynced) before the call it announces is made, so that a crash at any
 * point leaves either no intent (nothing was called) or an intent the next run resolves by looking the
 * order up. It holds ids, assets and quantities only — never a credential.
 *
 * Group commit: the file stays open; records are appended at once, and every intent waits for an `fsync`
 * that started after it was written. Intents written while an `fsync` is in flight share the next one, so
 * concurrent accounts do not pay one `fsync` each, and the event loop never blocks on the disk.
 */
export class Journal {
  private seq = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private next: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly fd: number,
  ) {}

  /** Starts the journal of a new run (its first record durable before this returns). */
  static create(stateDir: string, runId: string, startedAt: string): Journal {
    const dir = join(stateDir, DIR);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${startedAt.replace(/[:.]/g, '-')}-${runId}.jsonl`);
    const fd = openSync(path, 'a');
    const journal = new Journal(path, fd);
    writeSync(fd, `${JSON.stringify({ t: 'run', runId, startedAt, pid: process.pid } satisfies RunRecord)}\n`);
    fsyncSync(fd);
    return journal;
  }

  /** Records an intent; resolves with its sequence number once it is durable. */
  async intent(record: Omit<IntentRecord, 't' | 'seq' | 'at'>, at: string): Promise<number> {
    const seq = ++this.seq;
    this.append({ t: 'intent', seq, at, ...record });
    await this.durable();
    return seq;
  }

  /**
   * Records the result of an intent. It is not awaited to disk: a result lost in a crash only makes the
   * next run look the order up, which gives the same answer.
   */
  result(seq: number, record: Omit<ResultRecord, 't' | 'seq' | 'at'>, at: string): void {
    this.append({ t: 'result', seq, at, ...record });
    void this.durable().catch(() => undefined);
  }

  /** Marks the run complete (durably) and closes the file: nothing of it needs recovery. */
  async end(at: string): Promise<void> {
    this.append({ t: 'end', at });
    await this.durable();
    this.closed = true;
    closeSync(this.fd);
  }

  /** The path of the journal file. */
  get file(): string {
    return this.path;
  }

  private append(record: JournalRecord): void {
    if (this.closed) throw new Error('the journal of this run is closed');
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  /** Waits for an fsync that starts after now: the next one, shared by everyone who arrives before it starts. */
  private durable(): Promise<void> {
    if (!this.next) {
      const next = this.inFlight.then(() => {
        this.next = null;
        return new Promise<void>((resolve, reject) => fsync(this.fd, (error) => (error ? reject(error) : resolve())));
      });
      this.next = next;
      this.inFlight = next.catch(() => undefined);
    }
    return this.next;
  }
}

/** A run that did not end, with its intents that have no result. */
export interface InterruptedRun {
  readonly path: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly pending: IntentRecord[];
}

/**
 * Every journal of a run that never ended, oldest first. A torn last line (the process died mid-write) is
 * ignored: its intent was never flushed, so its call was never made.
 */
export function findInterruptedRuns(stateDir: string): InterruptedRun[] {
  const dir = join(stateDir, DIR);
  if (!existsSync(dir)) return [];
  const runs: InterruptedRun[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.jsonl')).sort()) {
    const path = join(dir, name);
    const records = readRecords(path);
    const head = records[0];
    if (!head || head.t !== 'run' || records.some((record) => record.t === 'end')) continue;
    const done = new Set(records.filter((r): r is ResultRecord => r.t === 'result').map((r) => r.seq));
    const pending = records.filter((r): r is IntentRecord => r.t === 'intent' && !done.has(r.seq));
    runs.push({ path, runId: head.runId, startedAt: head.startedAt, pending });
  }
  return runs;
}

/** Closes an interrupted run's journal after recovery settled it. */
export function markRecovered(run: InterruptedRun, results: ReadonlyArray<{ seq: number; record: Omit<ResultRecord, 't' | 'seq' | 'at'> }>, recoveredBy: string, at: string): void {
  // After a torn last line, start on a fresh line so the records below stay readable.
  if (!readFileSync(run.path, 'utf8').endsWith('\n')) appendText(run.path, '\n');
  for (const { seq, record } of results) appendDurably(run.path, { t: 'result', seq, at, ...record });
  appendDurably(run.path, { t: 'end', at, recoveredBy });
}

function readRecords(path: string): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      continue; // a line torn by a crash mid-write: its call was never made
    }
  }
  return records;
}

function appendDurably(path: string, record: JournalRecord): void {
  appendText(path, `${JSON.stringify(record)}\n`);
}

function appendText(path: string, text: string): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
