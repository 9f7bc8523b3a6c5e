/**
 * Runs tasks one at a time per key (here: per state file), in the order they were queued, within this
 * process. Read-modify-write of a state file must not interleave, or two sells would both start from the
 * same balance and one would be lost. Other processes are not covered: see docs/broker-paper.md.
 */
const tails = new Map<string, Promise<unknown>>();

/** Runs `task` after every task queued earlier under `key` has settled; resolves or rejects like `task`. */
export function serialisePerKey<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  // A failed task must not block the queue: the next one starts whatever the previous one did.
  const run = previous.then(task, task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  // Forget the key once the queue drains, so that a long run over many accounts does not grow the map.
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
