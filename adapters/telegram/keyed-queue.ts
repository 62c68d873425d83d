/**
 * Runs tasks one at a time per key (in arrival order) and any number of keys in parallel.
 * Used so that a chat's updates reach the engine in the order the customer sent them.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();

  return {
    run(key: string, task: () => Promise<void>): Promise<void> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task, task);
      const settled = next.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, settled);
      running.add(settled);
      void settled.then(() => {
        running.delete(settled);
        if (tails.get(key) === settled) tails.delete(key);
      });
      return next;
    },
    /** Resolves when every task queued so far has finished. */
    async idle(): Promise<void> {
      while (running.size) await Promise.all([...running]);
    },
    get size(): number {
      return running.size;
    },
  };
}

export type KeyedQueue = ReturnType<typeof createKeyedQueue>;
