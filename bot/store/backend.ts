import type { Lock, Unsubscribe } from './types.ts';

/**
 * What a storage backend (memory, journal files, Redis, PostgreSQL) implements: storage only.
 * `validatingStore()` (./validating-store.ts) turns one into a `Store`, so every argument a backend
 * receives has already been checked there: keys and channels are valid, TTLs are positive finite
 * milliseconds, values and messages arrive as JSON text, and the store is open. A backend maps its
 * own failures to `StoreError` (`store_unavailable`, `store_corrupt`); it never checks arguments.
 */
export interface StoreBackend {
  /** The stored value, parsed (a fresh copy each call), or undefined when absent or expired. */
  get(key: string): Promise<unknown>;
  /** Stores `json` under `key`; `ttlMs` undefined = keep until deleted. */
  set(key: string, json: string, ttlMs: number | undefined): Promise<void>;
  /** Atomically stores `json` only when the key is absent or expired; true = this caller won. */
  setIfAbsent(key: string, json: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Live keys starting with `prefix`. */
  keys(prefix: string): AsyncIterable<string>;
  /** One attempt to take the lock; null while someone else holds it (the wrapper retries for `waitMs`). */
  tryLock(key: string, ttlMs: number): Promise<Lock | null>;
  /** How long a waiting lock() sleeps between attempts. */
  readonly lockPollMs: number;
  /**
   * In-process backends: calls `wake` as soon as the lock on `key` is released, so a waiter takes it
   * at once instead of at its next poll. Returns a function that cancels the call.
   */
  onUnlock?(key: string, wake: () => void): () => void;
  /** Delivers `json` (the message's JSON text) to the channel's subscribers, asynchronously. */
  publish(channel: string, json: string): Promise<void>;
  /** `handler` is a new function for every subscription, so one unsubscribe never removes another. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;
  ping(): Promise<void>;
  /** Called once; releases connections, timers and files. */
  close(): Promise<void>;
}
