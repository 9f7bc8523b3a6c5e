import { cleanupError } from '@forced-cleanup/contract';
import { abortedError } from './abort.js';
import { DEFAULT_FAULT_CODE, selectFault, type FaultTarget, type PaperFault } from './paper-faults.js';

/*
 * Applies the `faults:` of a paper account to its contract calls. Counting is in memory, so a new process
 * starts from zero: that is what lets a test kill the CLI at call N and then rerun it cleanly.
 */

/** A fault chosen for one call, with what its messages name: the call and its 1-based count. */
export interface ArmedFault {
  /** The fault entry that matched. */
  readonly fault: PaperFault;
  /** The call it applies to. */
  readonly call: Exclude<FaultTarget, '*'>;
  /** This call's count under its own name (`placeMarketSell #2`). */
  readonly index: number;
}

/** The call counters of one connection: per method name, and over all methods (for `*`). */
export class FaultCounter {
  private readonly perCall = new Map<string, number>();
  private overall = 0;

  /** @param faults the account's fault list, in the order it was written */
  constructor(private readonly faults: readonly PaperFault[]) {}

  /**
   * Counts one call of `call` (every invocation counts, even one that is then aborted, so that "the nth
   * call" is simply the nth time the method was called) and returns the fault that applies to it.
   */
  count(call: Exclude<FaultTarget, '*' | 'connect'>): ArmedFault | null {
    if (this.faults.length === 0) return null;
    const index = (this.perCall.get(call) ?? 0) + 1;
    this.perCall.set(call, index);
    this.overall += 1;
    const fault = selectFault(this.faults, call, index, this.overall);
    return fault === undefined ? null : { fault, call, index };
  }
}

/**
 * Connect attempts per state file, in this process. A connect precedes the connection that counts calls,
 * so its attempts are counted per account instead: `nth: 1` on `connect` fails the first attempt and lets
 * a retry through, as a flaky exchange would.
 */
const connectAttempts = new Map<string, number>();

/** Counts one connect attempt on the account kept in `stateFile` and returns the fault that applies to it. */
export function countConnectAttempt(stateFile: string, faults: readonly PaperFault[]): ArmedFault | null {
  if (faults.length === 0) return null;
  const index = (connectAttempts.get(stateFile) ?? 0) + 1;
  connectAttempts.set(stateFile, index);
  const fault = selectFault(faults, 'connect', index, index);
  return fault === undefined ? null : { fault, call: 'connect', index };
}

/** The fill ratio a call runs with: below 1 only under a `partial_fill` fault. */
export function fillRatioOf(armed: ArmedFault | null): number {
  return armed?.fault.fault === 'partial_fill' ? (armed.fault.fillRatio ?? 1) : 1;
}

/**
 * A call that never answers: it settles only when the caller gives up, rejecting the way an aborted call
 * does. No timer is left behind, so a signal that never fires leaves a promise that simply never settles.
 */
export function waitForAbort(signal: AbortSignal, operation: string): Promise<never> {
  if (signal.aborted) return Promise.reject(abortedError(operation));
  return new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(abortedError(operation)), { once: true });
  });
}

/**
 * Ends this process the way a power cut or an OOM kill would: no exit handlers, no flushing, no cleanup.
 * SIGKILL to oneself is delivered before `kill` returns on POSIX; the promise that never settles makes
 * sure nothing after it runs on a platform where it is not.
 */
function killThisProcess(): Promise<never> {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => undefined);
}

/** Runs `work` to the end, whatever its outcome: the caller of a faulty call never sees that outcome. */
async function runToTheEnd(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch {
    // The answer is lost with the connection (timeout) or the process (kill): only its effect remains.
  }
}

/**
 * Runs one contract call under its fault (if any). `work` is the call itself: it is not run at all for
 * `error`, `rate_limit`, `timeout` and `kill_before`; it runs to completion, its state written (fsync +
 * rename) before `timeout_after_executing` starts waiting and before `kill_after` kills. `partial_fill`
 * is applied by `work` itself (see {@link fillRatioOf}).
 */
export async function runWithFault<T>(armed: ArmedFault | null, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (armed === null) return work();
  const { fault, call, index } = armed;
  switch (fault.fault) {
    case 'partial_fill':
      return work();
    case 'error': {
      const code = fault.code ?? DEFAULT_FAULT_CODE;
      throw cleanupError(code, `injected fault: ${call} #${index} failed with ${code}`);
    }
    case 'rate_limit':
      throw cleanupError(
        'rate_limited',
        `injected fault: ${call} #${index} failed with rate_limited`,
        fault.retryAfterMs === undefined ? {} : { retryAfterMs: fault.retryAfterMs },
      );
    case 'timeout':
      return waitForAbort(signal, call);
    case 'timeout_after_executing':
      await runToTheEnd(work);
      return waitForAbort(signal, call);
    case 'kill_before':
      return killThisProcess();
    case 'kill_after':
      await runToTheEnd(work);
      return killThisProcess();
  }
}
