/**
 * The storage seam. One contract suite (test/store/contract.ts) runs against every implementation:
 * memory (tests), journal files (the embedded default, kind `lowdb`), redis and postgres (several
 * instances); open one with `createStore()` from `./index.ts` (see ./README.md). Each implements the
 * storage-only `StoreBackend` (./backend.ts) and is wrapped by `validatingStore()`, which checks
 * every argument once for all of them.
 * Values are JSON-serialisable (copied in and out: callers never share objects with the store).
 * Keys and channels are non-empty namespaced strings of at most 512 characters, such as `conv:telegram:42`.
 * Failures reject with `StoreError` (./errors.ts): `store_invalid_argument` (bad key, value, TTL),
 * `store_unavailable` (backend unreachable), `store_closed` (used after close), `store_corrupt`.
 */

export interface Lock {
  /** Random owner token; a lock lost to expiry cannot be released by its old holder. */
  readonly token: string;
  /** Releases the lock if still held by this owner; returns false when it had been lost (expired, whether or not someone else took it). */
  release(): Promise<boolean>;
}

export interface SetOptions {
  /** Time to live; absent = keep until deleted. */
  ttlMs?: number;
}

export interface LockOptions {
  /** The lock expires on its own after this long, so a crashed holder cannot block forever. */
  ttlMs: number;
  /** How long to keep trying to acquire before giving up with null; 0 = one attempt. */
  waitMs?: number;
}

export type Unsubscribe = () => Promise<void>;

export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, opts?: SetOptions): Promise<void>;
  /** Atomically sets the key only when absent (or expired). True = this caller won. Used for dedupe. */
  setIfAbsent<T = unknown>(key: string, value: T, opts: { ttlMs: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Live keys starting with `prefix`, in no particular order (for retention and `forget`; not on a hot path). */
  keys(prefix: string): AsyncIterable<string>;
  lock(key: string, opts: LockOptions): Promise<Lock | null>;
  /**
   * Cross-instance messages (handoff relay to a customer connected to another instance). Delivery is
   * asynchronous and at-most-once (a subscriber that is offline misses messages); messages are JSON.
   * PostgreSQL limits a message to about 7.9 KB.
   */
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;
  /** Throws when the backend is unreachable (readiness probe). */
  ping(): Promise<void>;
  /** Flushes pending writes and closes connections. */
  close(): Promise<void>;
}
