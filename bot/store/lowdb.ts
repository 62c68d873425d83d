import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile, TextFile } from 'lowdb/node';
import type { Logger } from '../logger.ts';
import { StoreError } from './errors.ts';
import { createLocalLockTable } from './local-locks.ts';
import { createLocalPubSub } from './local-pubsub.ts';
import { createValueCache } from './lowdb-cache.ts';
import {
  decodeKeyName,
  keyFilePath,
  LAYOUT_VERSION,
  parseRecordHeader,
  SHARD_DIRS,
  type KeyRecord,
} from './lowdb-layout.ts';
import { createVolatileTable } from './lowdb-volatile.ts';
import type { Store } from './types.ts';
import { assertKey, assertPrefix, assertTtlMs, encodeJson } from './validate.ts';

export interface LowdbStoreOptions {
  /** Root data directory (DATA_DIR); files go under `<dataDir>/store/`. */
  dataDir: string;
  logger?: Logger;
  /** Clock for TTLs and lock expiry (tests inject a fake one). Default Date.now. */
  now?: () => number;
  /** How often expired keys are deleted in the background. Default 60 s. */
  sweepIntervalMs?: number;
  /**
   * Key prefixes held in memory only, never one file per write: the engine's per-event dedupe
   * records (`dedupe:`), written twice per turn and needed for minutes. close() saves them to one
   * snapshot file and the next open loads it, so a graceful restart keeps them; a crash forgets them
   * (a retried message then runs its turn again, which flows make safe: they checkpoint idempotency
   * keys before every wallet write). Default ['dedupe:'].
   */
  volatilePrefixes?: readonly string[];
  /** Most in-memory keys kept; beyond it the oldest are dropped first. Default 20,000 (~40 MB of turn results). */
  volatileMaxEntries?: number;
  /** Characters of recently used values kept in memory to skip file reads (LRU). Default 8 M; 0 = none. */
  cacheMaxChars?: number;
}

interface Meta {
  layout: number;
  createdAt: string;
}

/** A key's record in memory: expiry and the value as JSON text (serialised once per write). */
interface StoredRecord {
  e: number | null;
  json: string;
}

/**
 * A key in use. It lives only while operations on the key are in flight. One lowdb TextFile (one
 * steno writer: temp file + rename) per file at a time; writes are coalesced: while one write runs,
 * later sets only replace `data` and a single follow-up write persists the newest value.
 */
interface Slot {
  readonly file: TextFile;
  readonly path: string;
  data: StoredRecord | null;
  users: number;
  loaded: Promise<void> | null;
  /** Bumped by every write, so a read that started earlier never replaces newer data. */
  version: number;
  dirty: boolean;
  flushing: Promise<void> | null;
}

const HEADER_BYTES = 4096;

/**
 * Default bound of the in-memory dedupe records: ~2 KB each (a turn's replies), so ~40 MB at most.
 * At up to ~33 turns/s the 10-minute dedupe window is kept whole; above that, memory stays flat and
 * the window shrinks (oldest records dropped first, with a warning).
 */
const VOLATILE_MAX_ENTRIES = 20_000;

/**
 * The embedded default store (single instance by design): lowdb JSON files under DATA_DIR, one
 * file per key (see lowdb-layout.ts and README.md). Locks, setIfAbsent atomicity and pub/sub are
 * in-process: running several bot instances needs the Redis or PostgreSQL store.
 */
export interface LowdbStore extends Store {
  /** Keys held in the in-memory value cache (for tests and diagnostics). */
  readonly cachedKeys: number;
}

export async function createLowdbStore(opts: LowdbStoreOptions): Promise<LowdbStore> {
  if (typeof opts?.dataDir !== 'string' || opts.dataDir === '') {
    throw new StoreError('store_invalid_argument', 'lowdb store needs a dataDir');
  }
  const now = opts.now ?? Date.now;
  const log = opts.logger;
  const root = join(opts.dataDir, 'store');
  const kvDir = join(root, 'kv');

  try {
    await mkdir(kvDir, { recursive: true });
    for (let i = 0; i < SHARD_DIRS; i++) await mkdir(join(kvDir, i.toString(16).padStart(2, '0')), { recursive: true });
    const meta = new Low<Meta | null>(new JSONFile<Meta | null>(join(root, 'meta.json')), null);
    await meta.read();
    if (meta.data === null) {
      meta.data = { layout: LAYOUT_VERSION, createdAt: new Date(now()).toISOString() };
      await meta.write();
    } else if (meta.data.layout !== LAYOUT_VERSION) {
      throw new StoreError('store_corrupt', `${root} has store layout ${String(meta.data.layout)}, expected ${LAYOUT_VERSION}`);
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError('store_unavailable', `cannot open lowdb store under ${root}: ${(err as Error).message}`, { cause: err });
  }

  const slots = new Map<string, Slot>();
  /** Expiry of every stored key that has a TTL (and only those): what the sweep needs. */
  const expiries = new Map<string, number>();
  const cache = createValueCache(opts.cacheMaxChars ?? 8_000_000);
  const volatile = createVolatileTable({
    prefixes: opts.volatilePrefixes ?? ['dedupe:'],
    maxEntries: opts.volatileMaxEntries ?? VOLATILE_MAX_ENTRIES,
    snapshotPath: join(root, 'volatile.json'),
    now,
  });
  try {
    const loaded = await volatile.load();
    if (loaded > 0) log?.info({ keys: loaded }, 'store loaded in-memory keys saved at the last shutdown');
  } catch (err) {
    log?.warn({ err }, 'store could not load the in-memory key snapshot; starting without it');
  }
  /** Keys changed since open, so the background startup scan never overwrites fresher knowledge. */
  let touchedDuringScan: Set<string> | null = new Set();
  const locks = createLocalLockTable({ now });
  const pubsub = createLocalPubSub({
    onHandlerError: (err, channel) => log?.error({ err, channel }, 'store subscriber threw'),
  });
  let closed = false;
  /** Lazy-expiry deletions started by get(); close() waits for them. */
  const background = new Set<Promise<void>>();

  function ensureOpen(): void {
    if (closed) throw new StoreError('store_closed', 'lowdb store is closed');
  }

  function noteExpiry(key: string, record: StoredRecord | null): void {
    touchedDuringScan?.add(key);
    if (record !== null && record.e !== null) expiries.set(key, record.e);
    else expiries.delete(key);
  }

  const isLive = (r: StoredRecord | null): r is StoredRecord => r !== null && (r.e === null || r.e > now());

  /**
   * Runs `fn` with the key's slot, loaded from disk unless `blindWrite` (set/delete replace the value
   * without reading it, saving a file read per turn); the slot is dropped when nobody uses it.
   */
  async function withSlot<T>(key: string, fn: (slot: Slot) => Promise<T> | T, blindWrite = false): Promise<T> {
    let slot = slots.get(key);
    if (!slot) {
      const path = keyFilePath(kvDir, key);
      slot = { file: new TextFile(path), path, data: null, users: 0, loaded: null, version: 0, dirty: false, flushing: null };
      slots.set(key, slot);
    }
    const s = slot;
    s.users++;
    try {
      if (blindWrite) {
        // The value is about to be replaced: no need to read it (a read in flight keeps running but
        // will not overwrite the newer data, see load()).
        s.loaded ??= Promise.resolve();
      } else if (s.loaded === null) {
        const cached = cache.get(key);
        if (cached !== undefined) {
          s.data = cached;
          s.loaded = Promise.resolve();
        } else {
          s.loaded = load(key, s);
        }
        await s.loaded;
      } else {
        await s.loaded;
      }
      return await fn(s);
    } finally {
      s.users--;
      if (s.users === 0 && !s.flushing && slots.get(key) === s) slots.delete(key);
    }
  }

  async function load(key: string, slot: Slot): Promise<void> {
    const versionAtStart = slot.version;
    let data: KeyRecord | null;
    try {
      const text = await slot.file.read();
      data = text === null ? null : (JSON.parse(text) as KeyRecord);
    } catch (err) {
      if (slot.version !== versionAtStart) return; // written meanwhile: the newer data stands
      slot.loaded = null; // nothing newer in memory: let the next caller read again
      if (err instanceof SyntaxError) {
        throw new StoreError('store_corrupt', `store file for a key is not valid JSON: ${slot.path}`, { cause: err });
      }
      throw new StoreError('store_unavailable', `cannot read store file ${slot.path}: ${(err as Error).message}`, { cause: err });
    }
    if (slot.version !== versionAtStart) return; // written meanwhile: the newer data stays
    if (data !== null && (typeof data !== 'object' || data.k !== key || !('v' in data))) {
      throw new StoreError('store_corrupt', `store file does not hold the expected key: ${slot.path}`);
    }
    slot.data = data === null ? null : { e: data.e, json: JSON.stringify(data.v) };
    cache.put(key, slot.data);
  }

  /** Persists the slot's current data (or deletes the file for null); resolves once it is on disk. */
  function persist(slot: Slot, key: string): Promise<void> {
    slot.dirty = true;
    if (!slot.flushing) {
      slot.flushing = (async () => {
        try {
          while (slot.dirty) {
            slot.dirty = false;
            const data = slot.data;
            if (data === null) {
              await unlink(slot.path).catch((err: NodeJS.ErrnoException) => {
                if (err.code !== 'ENOENT') throw err;
              });
            } else {
              // `e` first, so the startup scan reads the expiry from the file's first bytes.
              await slot.file.write(`{"e":${data.e === null ? 'null' : String(data.e)},"k":${JSON.stringify(key)},"v":${data.json}}`);
            }
          }
        } catch (err) {
          throw new StoreError('store_unavailable', `cannot write store file ${slot.path}: ${(err as Error).message}`, { cause: err });
        } finally {
          slot.flushing = null;
        }
      })();
    }
    return slot.flushing;
  }

  function writeRecord(slot: Slot, key: string, record: StoredRecord | null): Promise<void> {
    slot.version++;
    slot.data = record;
    noteExpiry(key, record);
    // A deleted key is dropped, not remembered as missing: keys that come and go (archived chat-log
    // pages, expired records) would otherwise pile up in the cache as tombstones until its cap.
    if (record === null) cache.drop(key);
    else cache.put(key, record);
    return persist(slot, key);
  }

  function makeRecord(json: string, ttlMs: number | undefined): StoredRecord {
    return { e: ttlMs === undefined ? null : now() + ttlMs, json };
  }

  async function deleteIfExpired(key: string): Promise<void> {
    await withSlot(key, async (slot) => {
      const r = slot.data;
      if (r !== null && !isLive(r)) await writeRecord(slot, key, null);
      else if (r === null) expiries.delete(key);
    });
  }

  // Startup: list the files once (also removing temp files a crash may have left behind), then learn
  // the expiry of TTL keys in the background from each file's first bytes.
  async function listKeyFiles(): Promise<Array<{ dir: string; name: string }>> {
    const files: Array<{ dir: string; name: string }> = [];
    const dirs = await readdir(kvDir);
    for (const dir of dirs) {
      let names: string[];
      try {
        names = await readdir(join(kvDir, dir));
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.') && name.endsWith('.tmp')) continue;
        if (name.endsWith('.json')) files.push({ dir, name: name.slice(0, -'.json'.length) });
      }
    }
    return files;
  }

  async function removeStaleTempFiles(): Promise<number> {
    let removed = 0;
    for (const dir of await readdir(kvDir)) {
      const names = await readdir(join(kvDir, dir)).catch(() => [] as string[]);
      for (const name of names) {
        if (name.startsWith('.') && name.endsWith('.tmp')) {
          await unlink(join(kvDir, dir, name)).catch(() => undefined);
          removed++;
        }
      }
    }
    return removed;
  }

  async function readHeader(path: string): Promise<{ e: number | null; k?: string } | undefined> {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEADER_BYTES, 0);
      const parsed = parseRecordHeader(buf.subarray(0, bytesRead).toString('utf8'));
      if (parsed?.k !== undefined || bytesRead < HEADER_BYTES) return parsed;
      const whole = JSON.parse((await fh.readFile()).toString('utf8')) as KeyRecord;
      return { e: whole.e, k: whole.k };
    } finally {
      await fh.close();
    }
  }

  const staleTemps = await removeStaleTempFiles().catch(() => 0);
  if (staleTemps > 0) log?.warn({ staleTemps }, 'removed temp files left by an interrupted write');

  const startupScan = (async () => {
    const files = await listKeyFiles();
    for (const { dir, name } of files) {
      if (closed) return;
      try {
        const header = await readHeader(join(kvDir, dir, `${name}.json`));
        const key = header?.k ?? decodeKeyName(name);
        if (key !== undefined && volatile.matches(key)) {
          // Written by an older version (one file per dedupe record): these keys now live in memory.
          if (!touchedDuringScan?.has(key)) await withSlot(key, (slot) => writeRecord(slot, key, null), true);
          continue;
        }
        if (!header || key === undefined || header.e === null) continue;
        if (!touchedDuringScan?.has(key)) expiries.set(key, header.e);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log?.warn({ err, file: `${dir}/${name}` }, 'store startup scan skipped an unreadable file');
      }
    }
  })()
    .catch((err: unknown) => log?.error({ err }, 'store startup scan failed'))
    .finally(() => {
      touchedDuringScan = null;
    });

  async function sweep(): Promise<number> {
    await startupScan;
    const volatileExpired = volatile.sweep();
    const evicted = volatile.takeEvicted();
    if (evicted > 0) log?.warn({ evicted, maxEntries: opts.volatileMaxEntries ?? VOLATILE_MAX_ENTRIES }, 'store dropped live in-memory keys (dedupe records) because the table was full: raise volatileMaxEntries or use Redis');
    const t = now();
    const due = [...expiries].filter(([, e]) => e <= t).map(([k]) => k);
    for (const key of due) {
      if (closed) break;
      await deleteIfExpired(key);
    }
    return due.length + volatileExpired;
  }

  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping || closed) return;
    sweeping = true;
    sweep()
      .then((n) => {
        if (n > 0) log?.debug({ expired: n }, 'store sweep removed expired keys');
      })
      .catch((err: unknown) => log?.error({ err }, 'store sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }, opts.sweepIntervalMs ?? 60_000);
  sweeper.unref();

  async function flushAll(): Promise<void> {
    for (;;) {
      const pending = [...slots.values()].map((s) => s.flushing).filter((p): p is Promise<void> => p !== null);
      if (pending.length === 0) return;
      await Promise.allSettled(pending);
    }
  }

  return {
    get cachedKeys() {
      return cache.size;
    },
    async get<T>(key: string) {
      ensureOpen();
      assertKey(key);
      if (volatile.matches(key)) {
        const v = volatile.get(key);
        return v === undefined ? undefined : (JSON.parse(v.json) as T);
      }
      const record = await withSlot(key, (slot) => slot.data);
      if (record === null) return undefined;
      if (!isLive(record)) {
        const p = deleteIfExpired(key)
          .catch((err: unknown) => log?.warn({ err }, 'store lazy expiry failed'))
          .finally(() => background.delete(p));
        background.add(p);
        return undefined;
      }
      // The value is kept as JSON text: parsing it gives the caller its own copy.
      return JSON.parse(record.json) as T;
    },
    async set(key, value, setOpts) {
      ensureOpen();
      assertKey(key);
      if (setOpts?.ttlMs !== undefined) assertTtlMs(setOpts.ttlMs);
      const record = makeRecord(encodeJson(value), setOpts?.ttlMs);
      if (volatile.matches(key)) {
        volatile.set(key, record);
        return;
      }
      await withSlot(key, (slot) => writeRecord(slot, key, record), true);
    },
    async setIfAbsent(key, value, setOpts) {
      ensureOpen();
      assertKey(key);
      assertTtlMs(setOpts?.ttlMs);
      const json = encodeJson(value);
      if (volatile.matches(key)) {
        // Synchronous check and set: atomic within this process.
        if (volatile.get(key) !== undefined) return false;
        volatile.set(key, makeRecord(json, setOpts.ttlMs));
        return true;
      }
      return withSlot(key, async (slot) => {
        // Check and claim happen synchronously after the load: atomic within this process.
        if (isLive(slot.data)) return false;
        await writeRecord(slot, key, makeRecord(json, setOpts.ttlMs));
        return true;
      });
    },
    async delete(key) {
      ensureOpen();
      assertKey(key);
      if (volatile.matches(key)) {
        volatile.delete(key);
        return;
      }
      await withSlot(key, (slot) => writeRecord(slot, key, null), true);
    },
    async *keys(prefix) {
      ensureOpen();
      assertPrefix(prefix);
      await flushAll();
      await startupScan;
      const found = new Set<string>();
      for (const { dir, name } of await listKeyFiles()) {
        let key = decodeKeyName(name);
        if (key === undefined) {
          key = (await readHeader(join(kvDir, dir, `${name}.json`)).catch(() => undefined))?.k;
        }
        if (key === undefined || !key.startsWith(prefix)) continue;
        const e = expiries.get(key);
        if (e !== undefined && e <= now()) continue;
        if (volatile.matches(key)) continue;
        found.add(key);
      }
      for (const key of volatile.keys(prefix)) found.add(key);
      yield* [...found].sort();
    },
    async lock(key, lockOpts) {
      ensureOpen();
      return locks.lock(key, lockOpts);
    },
    async publish(channel, message) {
      ensureOpen();
      pubsub.publish(channel, message);
    },
    async subscribe(channel, handler) {
      ensureOpen();
      return pubsub.subscribe(channel, handler);
    },
    async ping() {
      ensureOpen();
      try {
        const fh = await open(join(root, 'meta.json'), 'r');
        await fh.close();
      } catch (err) {
        throw new StoreError('store_unavailable', `lowdb store directory is not readable: ${(err as Error).message}`, { cause: err });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      await Promise.allSettled([...background]);
      await flushAll();
      await startupScan;
      try {
        const saved = await volatile.save();
        if (saved > 0) log?.info({ keys: saved }, 'store saved its in-memory keys for the next start');
      } catch (err) {
        log?.warn({ err }, 'store could not save its in-memory keys (dedupe records are forgotten)');
      }
      cache.clear();
      locks.clear();
      pubsub.clear();
    },
  };
}
