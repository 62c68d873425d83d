/**
 * A bounded LRU of recently used key records of the journal-files store (value kept as JSON text), so the
 * hot keys of a turn (in-app session, conversation, chat log) are not read back from their files on
 * every turn. The store is single-instance by design: every write goes through it and updates or
 * drops the cached entry, so the cache is never stale. Bounded by total characters, not entries.
 */
export interface CachedRecord {
  e: number | null;
  json: string;
}

export interface ValueCache {
  get(key: string): CachedRecord | null | undefined;
  /** `null` remembers that the key has no file (saves the failed read of a missing key). */
  put(key: string, record: CachedRecord | null): void;
  drop(key: string): void;
  clear(): void;
  readonly size: number;
  readonly chars: number;
}

export function createValueCache(maxChars: number): ValueCache {
  const map = new Map<string, CachedRecord | null>();
  let chars = 0;
  const cost = (key: string, r: CachedRecord | null): number => key.length + (r ? r.json.length : 0) + 64;

  function drop(key: string): void {
    const old = map.get(key);
    if (old === undefined && !map.has(key)) return;
    chars -= cost(key, old ?? null);
    map.delete(key);
  }

  return {
    get(key) {
      const r = map.get(key);
      if (r === undefined) return undefined;
      // Touch: move to the most recently used end.
      map.delete(key);
      map.set(key, r);
      return r;
    },
    put(key, record) {
      if (maxChars <= 0) return;
      drop(key);
      const c = cost(key, record);
      if (c > maxChars / 4) return; // one huge value must not flush the whole cache
      map.set(key, record);
      chars += c;
      for (const [oldest, r] of map) {
        if (chars <= maxChars) break;
        chars -= cost(oldest, r);
        map.delete(oldest);
      }
    },
    drop,
    clear() {
      map.clear();
      chars = 0;
    },
    get size() {
      return map.size;
    },
    get chars() {
      return chars;
    },
  };
}
