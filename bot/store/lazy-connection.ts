/**
 * A second connection of a shared-server store (the Redis subscriber, the PostgreSQL listener),
 * opened on first use and shared by everyone asking meanwhile. A failed open is forgotten, so the
 * next use tries again; `reset()` forgets a connection that was lost.
 */
export interface LazyConnection<T> {
  get(): Promise<T>;
  /** The open connection, if any (undefined while opening, after a failure or a reset). */
  readonly current: T | undefined;
  reset(): void;
  /** The connection being opened or open, or undefined (for close()). */
  settled(): Promise<T | undefined>;
}

export function lazyConnection<T>(open: () => Promise<T>): LazyConnection<T> {
  let current: T | undefined;
  let ready: Promise<T> | undefined;
  return {
    get() {
      if (!ready) {
        const opening = open().then((connection) => {
          if (ready === opening) current = connection;
          return connection;
        });
        ready = opening;
        opening.catch(() => {
          if (ready === opening) ready = undefined;
        });
      }
      return ready;
    },
    get current() {
      return current;
    },
    reset() {
      current = undefined;
      ready = undefined;
    },
    settled: () => (ready ? ready.catch(() => undefined) : Promise.resolve(undefined)),
  };
}
