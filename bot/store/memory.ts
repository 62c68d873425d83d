import { StoreError } from './errors.ts';
import { createLocalLockTable } from './local-locks.ts';
import { createLocalPubSub } from './local-pubsub.ts';
import { localCoordination } from './local-coordination.ts';
import type { Store } from './types.ts';
import { assertKey, assertPrefix, assertTtlMs, encodeJson } from './validate.ts';

export interface MemoryStoreOptions {
  /** Clock for TTLs and lock expiry (tests inject a fake one). Default Date.now. */
  now?: () => number;
  /** How often expired keys are swept in the background. Default 60 s. */
  sweepIntervalMs?: number;
}

interface Entry {
  /** JSON text: values are copied in and out, never shared with callers. */
  json: string;
  expiresAtMs: number | undefined;
}

/**
 * A process-local store for tests and single-process tooling: a Map with TTL (lazy expiry on
 * read plus a periodic sweep), in-process locks and an EventEmitter for publish/subscribe.
 * Nothing survives the process.
 */
export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  const now = opts.now ?? Date.now;
  const data = new Map<string, Entry>();
  const locks = createLocalLockTable({ now });
  const pubsub = createLocalPubSub();
  let closed = false;

  const isLive = (e: Entry): boolean => e.expiresAtMs === undefined || e.expiresAtMs > now();

  function live(key: string): Entry | undefined {
    const e = data.get(key);
    if (!e) return undefined;
    if (isLive(e)) return e;
    data.delete(key);
    return undefined;
  }

  function sweep(): void {
    for (const [key, e] of data) if (!isLive(e)) data.delete(key);
  }
  const sweeper = setInterval(sweep, opts.sweepIntervalMs ?? 60_000);
  sweeper.unref();

  function open(): void {
    if (closed) throw new StoreError('store_closed', 'memory store is closed');
  }

  return {
    async get<T>(key: string) {
      open();
      assertKey(key);
      const e = live(key);
      return e ? (JSON.parse(e.json) as T) : undefined;
    },
    async set(key, value, setOpts) {
      open();
      assertKey(key);
      if (setOpts?.ttlMs !== undefined) assertTtlMs(setOpts.ttlMs);
      const json = encodeJson(value);
      data.set(key, { json, expiresAtMs: setOpts?.ttlMs !== undefined ? now() + setOpts.ttlMs : undefined });
    },
    async setIfAbsent(key, value, setOpts) {
      open();
      assertKey(key);
      assertTtlMs(setOpts?.ttlMs);
      const json = encodeJson(value);
      if (live(key)) return false;
      data.set(key, { json, expiresAtMs: now() + setOpts.ttlMs });
      return true;
    },
    async delete(key) {
      open();
      assertKey(key);
      data.delete(key);
    },
    async *keys(prefix) {
      open();
      assertPrefix(prefix);
      const found: string[] = [];
      for (const [key, e] of data) if (key.startsWith(prefix) && isLive(e)) found.push(key);
      yield* found;
    },
    ...localCoordination(locks, pubsub, open),
    async ping() {
      open();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      locks.clear();
      pubsub.clear();
      data.clear();
    },
  };
}
