import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { cleanupError } from '@forced-cleanup/contract';

/** Who holds the lock. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

/** A held lock; release it when the run ends. */
export interface RunLock {
  readonly path: string;
  release(): void;
}

const LOCK_FILE = 'cleanup.lock';
const TAKEOVER_DIR = 'cleanup.lock.takeover';
/** A takeover mutex older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 30_000;

/**
 * One cleanup at a time per state directory. The lock file is created with O_EXCL; a lock whose holder
 * died (same host, pid no longer alive) is taken over — under a takeover mutex (an atomic mkdir), after
 * re-reading the lock, so that two processes finding the same stale lock never both take it.
 * A lock held by a live process throws `lock_held` naming the holder.
 */
export function acquireRunLock(stateDir: string, startedAt: string): RunLock {
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), startedAt };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, me)) return { path, release: () => releaseIfMine(path, me) };
    const holder = readHolder(path);
    if (holder && isAlive(holder)) {
      throw cleanupError(
        'lock_held',
        `another cleanup is running on ${stateDir}: pid ${holder.pid} on ${holder.hostname}, started ${holder.startedAt} (lock file ${path})`,
      );
    }
    takeOverStale(stateDir, path, holder);
  }
  throw cleanupError('lock_held', `could not take the lock ${path}: it keeps changing hands`);
}

function tryCreate(path: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(me));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string') {
      return parsed as LockHolder;
    }
  } catch {
    // gone, or written half by a process that died while creating it: treated as stale below
  }
  return null;
}

/** A holder on another host cannot be checked: it is assumed alive (remove the lock by hand if it is not). */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeOverStale(stateDir: string, path: string, seen: LockHolder | null): void {
  const mutex = join(stateDir, TAKEOVER_DIR);
  try {
    mkdirSync(mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) rmSync(mutex, { recursive: true, force: true });
    } catch {
      // removed meanwhile by its owner
    }
    return; // someone else is taking over: try again from the start
  }
  try {
    const current = readHolder(path);
    const unchanged = JSON.stringify(current) === JSON.stringify(seen);
    if (unchanged && !(current && isAlive(current))) {
      rmSync(path, { force: true });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    rmSync(mutex, { recursive: true, force: true });
  }
}

function releaseIfMine(path: string, me: LockHolder): void {
  const holder = readHolder(path);
  if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) rmSync(path, { force: true });
}
