import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Logger } from '../logger.ts';
import { StoreError } from './errors.ts';
import { encodeDeleteLine, encodeSetLine, type JournalRecord } from './journal-format.ts';
import { replayJournal } from './journal-replay.ts';
import { createJournal, type OpenSegment } from './journal.ts';
import { createLocalLockTable } from './local-locks.ts';
import { createLocalPubSub } from './local-pubsub.ts';
import { localCoordination } from './local-coordination.ts';
import { createValueCache } from './lowdb-cache.ts';
import { createCheckpointer, type CheckpointStats } from './lowdb-checkpoint.ts';
import { createDirtyTable, type DirtyEntry } from './lowdb-dirty.ts';
import { createKeyFiles, listKeyFiles, readRecordHeader, removeStaleTempFiles, type LoadedRecord } from './lowdb-files.ts';
import { createStoreIoThread } from './lowdb-io-thread.ts';
import { decodeKeyName, LAYOUT_VERSION, SHARD_DIRS } from './lowdb-layout.ts';
import { acquireDirLock, type DirLock } from './lowdb-lockfile.ts';
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
   * Key prefixes held in memory only, never journaled nor written to a file: the engine's per-event
   * dedupe records (`dedupe:`), written twice per turn and needed for minutes. close() saves them to
   * one snapshot file and the next open loads it, so a graceful restart keeps them; a crash forgets
   * them (a retried message then runs its turn again, which flows make safe: they checkpoint
   * idempotency keys before every wallet write). Default ['dedupe:'].
   */
  volatilePrefixes?: readonly string[];
  /** Most in-memory keys kept; beyond it the oldest are dropped first. Default 20,000 (~40 MB of turn results). */
  volatileMaxEntries?: number;
  /** Characters of recently used clean values kept in memory to skip file reads (LRU). Default 8 M; 0 = none. */
  cacheMaxChars?: number;
  /** How often the journal is checkpointed into the key files. Default 5 s. */
  checkpointIntervalMs?: number;
  /** A journal segment larger than this triggers a checkpoint at once. Default 64 MiB. */
  journalMaxBytes?: number;
  /** Dirty (not yet checkpointed) records above this many characters trigger a checkpoint at once. Default 32 M. */
  dirtyMaxChars?: number;
  /** fdatasync every journal write: a resolved set then also survives a power loss (slower). Default false. */
  fsync?: boolean;
  /** Opens journal segments (tests inject one that counts or holds writes). */
  openSegment?: OpenSegment;
  /**
   * Journal appends (with their UTF-8 encoding and fdatasync) and checkpoint key-file writes on a
   * worker thread (lowdb-io-thread.ts), so a busy server's turns do not pay for them. Same files,
   * same guarantees for a resolved write. Default false; the service turns it on (STORE_IO_THREAD).
   */
  ioThread?: boolean;
}

interface Meta {
  layout: number;
  createdAt: string;
}

/** Counters for tests, diagnostics and the benchmark. */
export interface LowdbStoreStats extends CheckpointStats {
  /** Journal write calls (one per group-commit batch) and lines (one per set/delete). */
  journalWrites: number;
  journalLines: number;
  journalBytes: number;
  /** Key files read (keys neither dirty nor cached). */
  fileReads: number;
  dirtyKeys: number;
  dirtyChars: number;
}

/**
 * Default bound of the in-memory dedupe records: ~2 KB each (a turn's replies), so ~40 MB at most.
 * At up to ~33 turns/s the 10-minute dedupe window is kept whole; above that, memory stays flat and
 * the window shrinks (oldest records dropped first, with a warning).
 */
const VOLATILE_MAX_ENTRIES = 20_000;

/**
 * The embedded default store (single instance by design): a write-ahead journal with group commit
 * in front of lowdb JSON files, one file per key (see README.md, journal.ts, lowdb-checkpoint.ts).
 * Locks, setIfAbsent atomicity and pub/sub are in-process: running several bot instances needs the
 * Redis or PostgreSQL store.
 */
export interface LowdbStore extends Store {
  /** Keys held in the in-memory value cache of clean records (for tests and diagnostics). */
  readonly cachedKeys: number;
  readonly stats: LowdbStoreStats;
  /** Checkpoints now: every write made so far goes to its key file and the journal is trimmed. */
  checkpoint(): Promise<void>;
}

export async function createLowdbStore(opts: LowdbStoreOptions): Promise<LowdbStore> {
  if (typeof opts?.dataDir !== 'string' || opts.dataDir === '') {
    throw new StoreError('store_invalid_argument', 'lowdb store needs a dataDir');
  }
  const now = opts.now ?? Date.now;
  const log = opts.logger;
  const root = join(opts.dataDir, 'store');
  const kvDir = join(root, 'kv');
  const journalDir = join(root, 'journal');

  let dirLock: DirLock;
  try {
    await mkdir(journalDir, { recursive: true });
    dirLock = await acquireDirLock(root);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError('store_unavailable', `cannot open lowdb store under ${root}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return await openLocked();
  } catch (err) {
    await dirLock.release();
    throw err;
  }

  async function openLocked(): Promise<LowdbStore> {
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
    const staleTemps = await removeStaleTempFiles(kvDir).catch(() => 0);
    if (staleTemps > 0) log?.warn({ staleTemps }, 'removed temp files left by an interrupted write');
    const replay = await replayJournal(journalDir, log).catch((err: unknown) => {
      if (err instanceof StoreError) throw err;
      throw new StoreError('store_unavailable', `cannot read the store journal under ${journalDir}: ${(err as Error).message}`, { cause: err });
    });
    return openStore(replay);
  }

  async function openStore(replay: Awaited<ReturnType<typeof replayJournal>>): Promise<LowdbStore> {
    const io = opts.ioThread ? createStoreIoThread(log ? { logger: log } : {}) : undefined;
    const files = createKeyFiles(kvDir, io?.keyFileWrites);
    const dirty = createDirtyTable();
    /** Expiry of every stored key that has a TTL (and only those): what the sweep needs. */
    const expiries = new Map<string, number>();
    const cache = createValueCache(opts.cacheMaxChars ?? 8_000_000);
    const volatile = createVolatileTable({
      prefixes: opts.volatilePrefixes ?? ['dedupe:'],
      maxEntries: opts.volatileMaxEntries ?? VOLATILE_MAX_ENTRIES,
      snapshotPath: join(root, 'volatile.json'),
      now,
    });
    const journal = createJournal({
      dir: journalDir,
      firstSeq: (replay.segments.at(-1)?.seq ?? 0) + 1,
      existing: replay.segments,
      ...(opts.fsync ? { fsync: true } : {}),
      ...(opts.openSegment ? { openSegment: opts.openSegment } : io ? { openSegment: io.openSegment } : {}),
    });
    const checkpointIntervalMs = opts.checkpointIntervalMs ?? 5000;
    const journalMaxBytes = opts.journalMaxBytes ?? 64 * 1024 * 1024;
    const dirtyMaxChars = opts.dirtyMaxChars ?? 32_000_000;
    let fileReads = 0;
    /** Bumped whenever a checkpoint forgets a dirty record: a file read that spans it reads again. */
    let settleCount = 0;
    /** Keys changed since open, so the background startup scan never overwrites fresher knowledge. */
    let touchedDuringScan: Set<string> | null = new Set();
    let closed = false;
    /** Lazy-expiry deletions started by get(); close() waits for them. */
    const background = new Set<Promise<void>>();

    const isLive = (r: DirtyEntry): r is JournalRecord => r !== null && (r.e === null || r.e > now());

    function noteExpiry(key: string, record: DirtyEntry): void {
      touchedDuringScan?.add(key);
      if (record !== null && record.e !== null) expiries.set(key, record.e);
      else expiries.delete(key);
    }

    const checkpointer = createCheckpointer({
      journal,
      dirty,
      files,
      isLive,
      onSettled(key, entry, written) {
        settleCount++;
        if (written && entry !== null) cache.put(key, entry);
        else if (entry !== null) expiries.delete(key); // expired: its file is gone now
      },
    });
    let lastFailureAtMs = -Infinity;
    function checkpointInBackground(reason: string): Promise<void> {
      return checkpointer.run().catch((err: unknown) => {
        lastFailureAtMs = now();
        log?.error({ err, reason }, 'store checkpoint failed; the journal keeps the data and it is retried');
      });
    }
    let early = false;
    /** Bounds dirty memory and segment size: checkpoints at once when either grows past its limit. */
    function checkpointIfLarge(): void {
      if (early || (dirty.chars <= dirtyMaxChars && journal.currentBytes <= journalMaxBytes)) return;
      // After a failure, wait for the next interval instead of retrying on every write.
      if (now() - lastFailureAtMs < checkpointIntervalMs) return;
      early = true;
      void checkpointInBackground('size').finally(() => {
        early = false;
      });
    }

    // Replayed records become dirty (newest state), then go to their files right away.
    for (const [key, record] of replay.records) {
      if (record !== null && volatile.matches(key)) continue;
      dirty.set(key, record);
      noteExpiry(key, record);
    }
    if (replay.segments.length > 0) {
      log?.info({ segments: replay.segments.length, lines: replay.lines, keys: replay.records.size }, 'store replayed its journal (the last run did not close cleanly)');
      await checkpointer.run().catch((err: unknown) => log?.error({ err }, 'store could not checkpoint the replayed journal; it stays and is retried'));
    }

    try {
      const loaded = await volatile.load();
      if (loaded > 0) log?.info({ keys: loaded }, 'store loaded in-memory keys saved at the last shutdown');
    } catch (err) {
      log?.warn({ err }, 'store could not load the in-memory key snapshot; starting without it');
    }
    const locks = createLocalLockTable({ now });
    const pubsub = createLocalPubSub({
      onHandlerError: (err, channel) => log?.error({ err, channel }, 'store subscriber threw'),
    });

    function ensureOpen(): void {
      if (closed) throw new StoreError('store_closed', 'lowdb store is closed');
    }

    /** The key's newest record if memory knows it: dirty first (incl. deletions), then the cache. */
    function inMemory(key: string): DirtyEntry | undefined {
      const d = dirty.get(key);
      return d !== undefined ? d : cache.get(key);
    }

    /**
     * Calls `fn` with the key's current record, synchronously after the last check (so check-and-set
     * in `fn` is atomic within the process). Files are read only for keys neither dirty nor cached;
     * a read that a checkpoint overlapped is repeated, so stale file content is never used.
     */
    async function withRecord<T>(key: string, fn: (record: DirtyEntry, loaded?: LoadedRecord) => T): Promise<T> {
      for (;;) {
        const known = inMemory(key);
        if (known !== undefined) return fn(known);
        const settledBefore = settleCount;
        fileReads++;
        const loaded = await files.read(key);
        const meanwhile = inMemory(key);
        if (meanwhile !== undefined) return fn(meanwhile);
        if (settleCount !== settledBefore) continue;
        cache.put(key, loaded?.record ?? null);
        return fn(loaded?.record ?? null, loaded ?? undefined);
      }
    }

    /** Applies a set or delete: memory at once, then the journal line; resolves once it is written. */
    function write(key: string, record: DirtyEntry): Promise<void> {
      dirty.set(key, record);
      cache.drop(key);
      noteExpiry(key, record);
      const written = journal.append(record === null ? encodeDeleteLine(key) : encodeSetLine(key, record));
      checkpointIfLarge();
      return written;
    }

    const makeRecord = (json: string, ttlMs: number | undefined): JournalRecord => ({ e: ttlMs === undefined ? null : now() + ttlMs, json });

    async function deleteIfExpired(key: string): Promise<boolean> {
      const pending = await withRecord(key, (r) => {
        if (r !== null && !isLive(r)) return write(key, null);
        if (r === null) expiries.delete(key);
        return null;
      });
      await pending;
      return pending !== null;
    }

    // Startup: learn the expiry of TTL keys in the background from each file's first bytes.
    const startupScan = (async () => {
      for (const { dir, name } of await listKeyFiles(kvDir)) {
        if (closed) return;
        try {
          const header = await readRecordHeader(join(kvDir, dir, `${name}.json`));
          const key = header?.k ?? decodeKeyName(name);
          if (key !== undefined && volatile.matches(key)) {
            // Written by an older version (one file per dedupe record): these keys now live in memory.
            if (!touchedDuringScan?.has(key)) await files.remove(key);
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
      let deleted = 0;
      for (const key of due) {
        if (closed) break;
        if (await deleteIfExpired(key)) deleted++;
      }
      // Expired data leaves the disk now rather than at the next interval.
      if (deleted > 0) void checkpointInBackground('sweep');
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

    // A run with nothing dirty and no segment returns at once (lowdb-checkpoint.ts).
    const checkpointTimer = setInterval(() => {
      if (!closed) void checkpointInBackground('interval');
    }, checkpointIntervalMs);
    checkpointTimer.unref();

    return {
      get cachedKeys() {
        return cache.size;
      },
      get stats() {
        return {
          ...checkpointer.stats,
          journalWrites: journal.stats.writes,
          journalLines: journal.stats.lines,
          journalBytes: journal.stats.bytes,
          fileReads,
          dirtyKeys: dirty.size,
          dirtyChars: dirty.chars,
        };
      },
      async checkpoint() {
        ensureOpen();
        await checkpointer.run();
      },
      async get<T>(key: string) {
        ensureOpen();
        assertKey(key);
        if (volatile.matches(key)) {
          const v = volatile.get(key);
          return v === undefined ? undefined : (JSON.parse(v.json) as T);
        }
        return withRecord(key, (record, loaded): T | undefined => {
          if (record === null) return undefined;
          if (!isLive(record)) {
            const p = deleteIfExpired(key)
              .then(() => undefined)
              .catch((err: unknown) => log?.warn({ err }, 'store lazy expiry failed'))
              .finally(() => background.delete(p));
            background.add(p);
            return undefined;
          }
          // Just parsed from the file, or parsed now from the JSON text: the caller gets its own copy.
          return (loaded ? loaded.value : JSON.parse(record.json)) as T;
        });
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
        await write(key, record);
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
        // Check and claim happen synchronously after the read: atomic within this process.
        const written = await withRecord(key, (r) => (isLive(r) ? null : write(key, makeRecord(json, setOpts.ttlMs))));
        if (written === null) return false;
        await written;
        return true;
      },
      async delete(key) {
        ensureOpen();
        assertKey(key);
        if (volatile.matches(key)) {
          volatile.delete(key);
          return;
        }
        await write(key, null);
      },
      async *keys(prefix) {
        ensureOpen();
        assertPrefix(prefix);
        await startupScan;
        // Memory first: a key a checkpoint moves to its file (or unlinks) while the directories are
        // listed is still counted right.
        const found = new Set<string>();
        const deleted = new Set<string>();
        for (const [key, entry] of dirty.entries()) {
          if (!key.startsWith(prefix)) continue;
          if (isLive(entry)) found.add(key);
          else deleted.add(key);
        }
        for (const { dir, name } of await listKeyFiles(kvDir)) {
          let key = decodeKeyName(name);
          if (key === undefined) key = (await readRecordHeader(join(kvDir, dir, `${name}.json`)).catch(() => undefined))?.k;
          if (key === undefined || !key.startsWith(prefix) || deleted.has(key) || volatile.matches(key)) continue;
          const d = dirty.get(key);
          if (d !== undefined && !isLive(d)) continue;
          const e = expiries.get(key);
          if (e !== undefined && e <= now()) continue;
          found.add(key);
        }
        for (const key of volatile.keys(prefix)) found.add(key);
        yield* [...found].sort();
      },
      ...localCoordination(locks, pubsub, ensureOpen),
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
        clearInterval(checkpointTimer);
        await Promise.allSettled([...background]);
        await startupScan;
        try {
          // Every pending journal line is written, every dirty key goes to its file, the segments go.
          await checkpointer.run();
        } catch (err) {
          log?.error({ err }, 'store could not checkpoint at close; the journal is kept and replayed at the next start');
        }
        try {
          const saved = await volatile.save();
          if (saved > 0) log?.info({ keys: saved }, 'store saved its in-memory keys for the next start');
        } catch (err) {
          log?.warn({ err }, 'store could not save its in-memory keys (dedupe records are forgotten)');
        }
        cache.clear();
        locks.clear();
        pubsub.clear();
        await io?.close();
        await dirLock.release();
      },
    };
  }
}
