import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { cleanupError, describeIssues } from '@forced-cleanup/contract';
import { stateFileError, systemErrorCode } from './errors.js';
import { PaperStateSchema, type PaperState } from './paper-state.js';
import { serialisePerKey } from './serialise-per-key.js';

/** Account ids become file names: the contract's id alphabet, and never `.` or `..`. */
const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Where the state of a paper account lives: `<stateDir>/paper/<accountId>.json`. */
export function paperStatePath(stateDir: string, accountId: string): string {
  if (!ACCOUNT_ID_PATTERN.test(accountId) || accountId === '.' || accountId === '..') {
    throw cleanupError('invalid_config', `"${accountId}" is not an account id usable as a file name (letters, digits, _ . - only)`);
  }
  // Absolute, so that two spellings of one state directory share one write queue.
  return resolve(stateDir, 'paper', `${accountId}.json`);
}

/**
 * Reads and validates a state file; null when it does not exist. A file that is not valid JSON or does
 * not match {@link PaperStateSchema} is the exchange answering nonsense: `malformed_response`, and
 * nothing is traded on the strength of it.
 */
export async function readStateFile(file: string): Promise<PaperState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return null;
    throw stateFileError(error, 'read', file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw cleanupError('malformed_response', `paper state file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PaperStateSchema.safeParse(json);
  if (!parsed.success) {
    throw cleanupError('malformed_response', `paper state file ${file} is invalid: ${describeIssues('state', parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Replaces a state file atomically: the new content goes to a temporary file in the same directory (so
 * the rename cannot cross file systems), is flushed to disk, then renamed over the old file. A reader
 * sees the old state or the new one, never half of one, and a crash leaves at most a stray `.tmp` file.
 */
export async function writeStateFile(file: string, state: PaperState): Promise<void> {
  const directory = dirname(file);
  const temporary = join(directory, `.${basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw stateFileError(error, 'write', file);
  }
  await syncDirectory(directory);
}

/** Flushes the directory entry of the rename. Best effort: some platforms cannot open a directory. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The data itself is already on disk; only the rename's durability across a power cut is weaker.
  }
}

/**
 * The current state of a paper account, for tests and demos; null when the account was never connected
 * (no state file yet). Rejects with `malformed_response` when the file is not a valid state.
 */
export async function readPaperState(stateDir: string, accountId: string): Promise<PaperState | null> {
  return readStateFile(paperStatePath(stateDir, accountId));
}

/**
 * Replaces the state of a paper account, for tests and demos ("another process changed the exchange").
 * The state is validated first; the write is atomic and queued behind this process's other writes.
 */
export async function writePaperState(stateDir: string, accountId: string, state: unknown): Promise<void> {
  const file = paperStatePath(stateDir, accountId);
  const parsed = PaperStateSchema.safeParse(state);
  if (!parsed.success) throw cleanupError('invalid_config', `paper state for ${accountId} is invalid: ${describeIssues('state', parsed.error)}`);
  await serialisePerKey(file, () => writeStateFile(file, parsed.data));
}
