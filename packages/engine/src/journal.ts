import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
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
 * The journal of a run: one JSON line per record in `<stateDir>/journal/<startedAt>-<runId>.jsonl`, each
 * written and fsynced before the call it announces, so that a crash at any point leaves either no intent
 * (nothing was called) or an intent the next run resolves by looking the order up. It holds ids, assets
 * and quantities only — never a credential.
 */
export class Journal {
  private seq = 0;
  private constructor(private readonly path: string) {}

  /** Starts the journal of a new run. */
  static create(stateDir: string, runId: string, startedAt: string): Journal {
    const dir = join(stateDir, DIR);
    mkdirSync(dir, { recursive: true });
    const journal = new Journal(join(dir, `${startedAt.replace(/[:.]/g, '-')}-${runId}.jsonl`));
    journal.append({ t: 'run', runId, startedAt, pid: process.pid });
    return journal;
  }

  /** Records an intent (flushed to disk before returning); returns its sequence number. */
  intent(record: Omit<IntentRecord, 't' | 'seq' | 'at'>, at: string): number {
    const seq = ++this.seq;
    this.append({ t: 'intent', seq, at, ...record });
    return seq;
  }

  /** Records the result of an intent. */
  result(seq: number, record: Omit<ResultRecord, 't' | 'seq' | 'at'>, at: string): void {
    this.append({ t: 'result', seq, at, ...record });
  }

  /** Marks the run complete: nothing of it needs recovery. */
  end(at: string): void {
    this.append({ t: 'end', at });
  }

  private append(record: JournalRecord): void {
    appendDurably(this.path, record);
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
