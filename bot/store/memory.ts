import type { StoreBackend } from './backend.ts';
import { localCoordination } from './local-coordination.ts';
import { startSweeper } from './sweeper.ts';
import type { Store } from './types.ts';
import { validatingStore } from './validating-store.ts';

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
 * read plus a periodic sweep), in-process locks and publish/subscribe. Nothing survives the process.
 */
export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  return validatingStore('memory', memoryBackend(opts));
}

function memoryBackend(opts: MemoryStoreOptions): StoreBackend {
  const now = opts.now ?? Date.now;
  const data = new Map<string, Entry>();
  const coordination = localCoordination({ now });

  const isLive = (e: Entry): boolean => e.expiresAtMs === undefined || e.expiresAtMs > now();
  const expiresAt = (ttlMs: number | undefined): number | undefined =>
    ttlMs === undefined ? undefined : now() + ttlMs;

  function live(key: string): Entry | undefined {
    const e = data.get(key);
    if (!e) return undefined;
    if (isLive(e)) return e;
    data.delete(key);
    return undefined;
  }

  const stopSweeper = startSweeper(
    opts.sweepIntervalMs ?? 60_000,
    () => {
      for (const [key, e] of data) if (!isLive(e)) data.delete(key);
    },
    () => undefined,
  );

  return {
    async get(key) {
      const e = live(key);
      return e ? JSON.parse(e.json) : undefined;
    },
    async set(key, json, ttlMs) {
      data.set(key, { json, expiresAtMs: expiresAt(ttlMs) });
    },
    async setIfAbsent(key, json, ttlMs) {
      if (live(key)) return false;
      data.set(key, { json, expiresAtMs: expiresAt(ttlMs) });
      return true;
    },
    async delete(key) {
      data.delete(key);
    },
    async *keys(prefix) {
      const found: string[] = [];
      for (const [key, e] of data) if (key.startsWith(prefix) && isLive(e)) found.push(key);
      yield* found;
    },
    ...coordination,
    async ping() {},
    async close() {
      stopSweeper();
      coordination.clear();
      data.clear();
    },
  };
}
