import { rm } from 'node:fs/promises';
import { JSONFile } from 'lowdb/node';

/**
 * The journal-files store's in-memory keys (see `volatilePrefixes` in options.ts): the engine's dedupe
 * records are written twice per turn and live minutes, so one file per write made them the biggest
 * file-system cost of a turn. They live in a Map bounded by `maxEntries` (oldest dropped first,
 * expired ones swept), saved to one snapshot file by close() and loaded at the next open.
 */
export interface VolatileEntry {
  /** Expiry in ms since the epoch, or null = no TTL. */
  e: number | null;
  /** The value as JSON text. */
  json: string;
}

interface Snapshot {
  savedAt: number;
  entries: [key: string, e: number | null, json: string][];
}

export interface VolatileTable {
  matches(key: string): boolean;
  get(key: string): VolatileEntry | undefined;
  set(key: string, entry: VolatileEntry): void;
  delete(key: string): void;
  keys(prefix: string): string[];
  /** Deletes expired entries; returns how many. */
  sweep(): number;
  /** Live entries dropped because the table was full, since the last call. */
  takeEvicted(): number;
  load(): Promise<number>;
  save(): Promise<number>;
  readonly size: number;
}

export function createVolatileTable(opts: {
  prefixes: readonly string[];
  maxEntries: number;
  snapshotPath: string;
  now: () => number;
}): VolatileTable {
  const map = new Map<string, VolatileEntry>();
  const { prefixes, now } = opts;
  const maxEntries = Math.max(1, opts.maxEntries);
  let evicted = 0;
  const isLive = (v: VolatileEntry): boolean => v.e === null || v.e > now();

  return {
    matches: (key) => prefixes.some((p) => key.startsWith(p)),
    get(key) {
      const v = map.get(key);
      if (v === undefined) return undefined;
      if (isLive(v)) return v;
      map.delete(key);
      return undefined;
    },
    set(key, entry) {
      // Re-inserted at the newest end: a claim replaced by its result counts from now.
      map.delete(key);
      map.set(key, entry);
      if (map.size <= maxEntries) return;
      for (const [oldest, v] of map) {
        if (map.size <= maxEntries) break;
        map.delete(oldest);
        if (isLive(v)) evicted++;
      }
    },
    delete: (key) => void map.delete(key),
    keys(prefix) {
      const out: string[] = [];
      for (const [k, v] of map) if (k.startsWith(prefix) && isLive(v)) out.push(k);
      return out;
    },
    sweep() {
      let n = 0;
      for (const [k, v] of map) {
        if (!isLive(v)) {
          map.delete(k);
          n++;
        }
      }
      return n;
    },
    takeEvicted() {
      const n = evicted;
      evicted = 0;
      return n;
    },
    async load() {
      const file = new JSONFile<Snapshot | null>(opts.snapshotPath);
      const snap = await file.read();
      if (snap === null) return 0;
      if (!snap || !Array.isArray(snap.entries))
        throw new SyntaxError(`${opts.snapshotPath} is not a volatile-key snapshot`);
      let n = 0;
      for (const [k, e, json] of snap.entries) {
        if (typeof k !== 'string' || typeof json !== 'string' || (e !== null && typeof e !== 'number')) continue;
        const entry = { e, json };
        if (!isLive(entry)) continue;
        this.set(k, entry);
        n++;
      }
      // Loaded once: a crash after this start must not bring back these (possibly replaced) records.
      await rm(opts.snapshotPath, { force: true });
      return n;
    },
    async save() {
      const entries: Snapshot['entries'] = [];
      for (const [k, v] of map) if (isLive(v)) entries.push([k, v.e, v.json]);
      if (entries.length === 0) return 0;
      await new JSONFile<Snapshot>(opts.snapshotPath).write({ savedAt: now(), entries });
      return entries.length;
    },
    get size() {
      return map.size;
    },
  };
}
