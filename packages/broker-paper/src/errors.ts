import { cleanupError, isCleanupError, type CleanupError, type ErrorCode } from '@forced-cleanup/contract';

/*
 * The paper broker's edge: every failure leaves it as a CleanupError with a contract code. The "exchange"
 * here is a state file, so its transport errors are file-system errors.
 */

/**
 * File-system error codes → contract codes. A file the process may not read or write will not become
 * readable by retrying, so it is not retryable; a full disk or too many open files may clear up.
 */
const FS_ERROR_CODES: Readonly<Record<string, { code: ErrorCode; retryable: boolean }>> = {
  EACCES: { code: 'exchange_unavailable', retryable: false },
  EPERM: { code: 'exchange_unavailable', retryable: false },
  EROFS: { code: 'exchange_unavailable', retryable: false },
  EISDIR: { code: 'exchange_unavailable', retryable: false },
  ENOTDIR: { code: 'exchange_unavailable', retryable: false },
  ENOSPC: { code: 'exchange_unavailable', retryable: true },
  EMFILE: { code: 'exchange_unavailable', retryable: true },
  ENFILE: { code: 'exchange_unavailable', retryable: true },
  EBUSY: { code: 'exchange_unavailable', retryable: true },
  EAGAIN: { code: 'exchange_unavailable', retryable: true },
};

/** The `code` of a Node system error, if it has one. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a file-system failure on the state file. The message names the file and the system code only;
 * a CleanupError passes through unchanged.
 */
export function stateFileError(error: unknown, action: 'read' | 'write', file: string): CleanupError {
  if (isCleanupError(error)) return error as CleanupError;
  const systemCode = systemErrorCode(error) ?? 'unknown error';
  const mapped = FS_ERROR_CODES[systemCode] ?? { code: 'exchange_unavailable' as const, retryable: true };
  return cleanupError(mapped.code, `paper state file ${file} could not be ${action === 'read' ? 'read' : 'written'}: ${systemCode}`, {
    retryable: mapped.retryable,
  });
}
