/*
 * Every request of every Coinbase account waiting for its turn may hold the same AbortSignal (a run's
 * signal is shared by all its accounts). One `abort` listener per waiter would pile up on that signal —
 * Node warns past 10 (MaxListenersExceededWarning) and each listener lives as long as its wait. Instead,
 * each signal gets at most one listener, shared by all the waits on it, and removed when the last wait ends.
 */

/** The callbacks waiting on one signal, and the single listener that fans an abort out to them. */
interface Watch {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const watches = new WeakMap<AbortSignal, Watch>();

/**
 * Calls `callback` once when `signal` aborts; returns the function that stops watching (call it when the
 * wait ends, however it ends). A signal already aborted calls `callback` at once and watches nothing.
 */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let watch = watches.get(signal);
  if (watch === undefined) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      watches.delete(signal);
      // A copy: a callback may stop watching (its own or another's) while the abort is being handed out.
      for (const waiting of [...callbacks]) waiting();
      callbacks.clear();
    };
    watch = { callbacks, listener };
    watches.set(signal, watch);
    signal.addEventListener('abort', listener, { once: true });
  }
  const current = watch;
  const entry = () => callback();
  current.callbacks.add(entry);
  return () => {
    if (!current.callbacks.delete(entry) || current.callbacks.size > 0) return;
    // The last wait on this signal ended: nothing is left listening.
    if (watches.get(signal) === current) watches.delete(signal);
    signal.removeEventListener('abort', current.listener);
  };
}

