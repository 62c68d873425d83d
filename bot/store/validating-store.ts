import type { StoreBackend } from './backend.ts';
import { StoreError } from './errors.ts';
import type { Store, Unsubscribe } from './types.ts';
import { retryUntil } from './wait.ts';

/** Keys are non-empty strings of reasonable length (they become file names, Redis keys, SQL rows). */
export const MAX_KEY_LENGTH = 512;

function assertKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StoreError('store_invalid_argument', `${what} must be a non-empty string`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new StoreError('store_invalid_argument', `${what} is longer than ${MAX_KEY_LENGTH} characters`);
  }
}

function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string') throw new StoreError('store_invalid_argument', 'prefix must be a string');
}

/** A TTL is a positive, finite number of milliseconds. */
function assertTtlMs(ttlMs: unknown, what = 'ttlMs'): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new StoreError('store_invalid_argument', `${what} must be a positive finite number of milliseconds`);
  }
}

function assertWaitMs(waitMs: unknown): asserts waitMs is number | undefined {
  if (waitMs === undefined) return;
  if (typeof waitMs !== 'number' || !Number.isFinite(waitMs) || waitMs < 0) {
    throw new StoreError('store_invalid_argument', 'waitMs must be a finite number of milliseconds >= 0');
  }
}

/** Serialises a value to JSON, refusing what JSON cannot carry (undefined, functions, bigint, cycles). */
export function encodeJson(value: unknown, what = 'value'): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError('store_invalid_argument', `${what} is not JSON-serialisable`, { cause: err });
  }
  if (text === undefined) {
    throw new StoreError('store_invalid_argument', `${what} is not JSON-serialisable (undefined or a function)`);
  }
  return text;
}

/**
 * The one place where store arguments are checked: wraps a backend (storage only, ./backend.ts)
 * into the `Store` every caller uses. Bad keys, channels, prefixes, TTLs, waits, values and handlers
 * reject with `store_invalid_argument`, and every call after `close()` with `store_closed`, whatever
 * the backend (a lock's release included); values and messages reach the backend as JSON text,
 * serialised once. Waiting for a lock (`waitMs`) is done here too, with the backend's single attempts.
 *
 * `extras` adds backend-specific members (the file store's `stats`, `checkpoint()`), given the
 * same open check; getters stay getters.
 */
export function validatingStore(name: string, backend: StoreBackend): Store;
export function validatingStore<X extends object>(
  name: string,
  backend: StoreBackend,
  extras: (ensureOpen: () => void) => X,
): Store & X;
export function validatingStore<X extends object>(
  name: string,
  backend: StoreBackend,
  extras?: (ensureOpen: () => void) => X,
): Store & Partial<X> {
  let closed = false;
  function ensureOpen(): void {
    if (closed) throw new StoreError('store_closed', `${name} store is closed`);
  }

  const store: Store = {
    async get<T>(key: string) {
      ensureOpen();
      assertKey(key);
      return (await backend.get(key)) as T | undefined;
    },
    async set(key, value, opts) {
      ensureOpen();
      assertKey(key);
      if (opts?.ttlMs !== undefined) assertTtlMs(opts.ttlMs);
      await backend.set(key, encodeJson(value), opts?.ttlMs);
    },
    async setIfAbsent(key, value, opts) {
      ensureOpen();
      assertKey(key);
      assertTtlMs(opts?.ttlMs);
      return backend.setIfAbsent(key, encodeJson(value), opts.ttlMs);
    },
    async delete(key) {
      ensureOpen();
      assertKey(key);
      await backend.delete(key);
    },
    async *keys(prefix) {
      ensureOpen();
      assertPrefix(prefix);
      for await (const key of backend.keys(prefix)) {
        yield key;
        // A listing that outlives close() stops as any other use after close would.
        ensureOpen();
      }
    },
    async lock(key, opts) {
      ensureOpen();
      assertKey(key);
      assertTtlMs(opts?.ttlMs, 'lock ttlMs');
      assertWaitMs(opts.waitMs);
      const onUnlock = backend.onUnlock?.bind(backend);
      const lock = await retryUntil(() => backend.tryLock(key, opts.ttlMs), {
        waitMs: opts.waitMs ?? 0,
        pollMs: backend.lockPollMs,
        ...(onUnlock ? { wake: (cb: () => void) => onUnlock(key, cb) } : {}),
      });
      if (!lock) return null;
      return {
        token: lock.token,
        // A lock outlives the call that took it: releasing it after close() is refused like any other use.
        release: async () => {
          ensureOpen();
          return lock.release();
        },
      };
    },
    async publish(channel, message) {
      ensureOpen();
      assertKey(channel, 'channel');
      await backend.publish(channel, encodeJson(message, 'message'));
    },
    async subscribe(channel, handler): Promise<Unsubscribe> {
      ensureOpen();
      assertKey(channel, 'channel');
      if (typeof handler !== 'function') throw new StoreError('store_invalid_argument', 'handler must be a function');
      // A new function per subscription: the same handler subscribed twice is unsubscribed independently.
      return backend.subscribe(channel, (message) => handler(message));
    },
    async ping() {
      ensureOpen();
      await backend.ping();
    },
    async close() {
      if (closed) return;
      closed = true;
      await backend.close();
    },
  };
  if (extras) Object.defineProperties(store, Object.getOwnPropertyDescriptors(extras(ensureOpen)));
  return store as Store & Partial<X>;
}
