import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreBackend } from '../backend.ts';
import { StoreError } from '../errors.ts';
import { localCoordination } from '../local-coordination.ts';
import { startSweeper } from '../sweeper.ts';
import { validatingStore } from '../validating-store.ts';
import { startExpiry } from './expiry.ts';
import { createStoreIoThread } from './io-thread.ts';
import { createJournal } from './journal.ts';
import { createKeyFiles, listKeyFiles, readRecordHeader } from './key-files.ts';
import { decodeKeyName } from './layout.ts';
import { openStoreDir, type OpenedDir } from './open-dir.ts';
import { VOLATILE_MAX_ENTRIES, type JournalFilesStore, type JournalFilesStoreOptions } from './options.ts';
import { createRecords } from './records.ts';
import { createVolatileTable } from './volatile.ts';

export type { JournalFilesStore, JournalFilesStoreOptions, JournalFilesStoreStats } from './options.ts';

/**
 * Opens the embedded store under `<dataDir>/store/`: a write-ahead journal (journal.ts) in front of
 * one JSON file per key (key-files.ts, written through lowdb), checkpointed every few seconds
 * (checkpoint.ts). See ../README.md for the layout and guarantees. Its kind is still `lowdb` (the
 * `STORE_URL`-unset store's name in configuration, logs and errors).
 */
export async function createJournalFilesStore(opts: JournalFilesStoreOptions): Promise<JournalFilesStore> {
  if (typeof opts?.dataDir !== 'string' || opts.dataDir === '') {
    throw new StoreError('store_invalid_argument', 'lowdb store needs a dataDir');
  }
  const now = opts.now ?? Date.now;
  const dir = await openStoreDir(opts.dataDir, now, opts.logger);
  try {
    return await openStore(opts, now, dir);
  } catch (err) {
    await dir.dirLock.release();
    throw err;
  }
}

async function openStore(
  opts: JournalFilesStoreOptions,
  now: () => number,
  dir: OpenedDir,
): Promise<JournalFilesStore> {
  const log = opts.logger;
  const { root, kvDir, journalDir, replay } = dir;
  const io = opts.ioThread ? createStoreIoThread(log ? { logger: log } : {}) : undefined;
  const files = createKeyFiles(kvDir, io?.keyFileWrites);
  const volatileMaxEntries = opts.volatileMaxEntries ?? VOLATILE_MAX_ENTRIES;
  const volatile = createVolatileTable({
    prefixes: opts.volatilePrefixes ?? ['dedupe:'],
    maxEntries: volatileMaxEntries,
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
  const records = createRecords({
    journal,
    files,
    now,
    log,
    cacheMaxChars: opts.cacheMaxChars ?? 8_000_000,
    checkpointIntervalMs,
    journalMaxBytes: opts.journalMaxBytes ?? 64 * 1024 * 1024,
    dirtyMaxChars: opts.dirtyMaxChars ?? 32_000_000,
  });
  const { isLive, dirty, cache, checkpointer } = records;
  let closed = false;
  /** Lazy-expiry deletions started by get(); close() waits for them. */
  const background = new Set<Promise<void>>();

  // Replayed records become dirty (newest state), then go to their files right away.
  for (const [key, record] of replay.records) {
    if (record !== null && volatile.matches(key)) continue;
    records.replayed(key, record);
  }
  if (replay.segments.length > 0) {
    log?.info(
      { segments: replay.segments.length, lines: replay.lines, keys: replay.records.size },
      'store replayed its journal (the last run did not close cleanly)',
    );
    await checkpointer
      .run()
      .catch((err: unknown) =>
        log?.error({ err }, 'store could not checkpoint the replayed journal; it stays and is retried'),
      );
  }
  try {
    const loaded = await volatile.load();
    if (loaded > 0) log?.info({ keys: loaded }, 'store loaded in-memory keys saved at the last shutdown');
  } catch (err) {
    log?.warn({ err }, 'store could not load the in-memory key snapshot; starting without it');
  }
  const coordination = localCoordination({
    now,
    onHandlerError: (err, channel) => log?.error({ err, channel }, 'store subscriber threw'),
  });

  const expiry = startExpiry({ kvDir, records, files, volatile, volatileMaxEntries, now, isClosed: () => closed, log });
  const stopSweeper = startSweeper(
    opts.sweepIntervalMs ?? 60_000,
    async () => {
      if (closed) return;
      const n = await expiry.sweep();
      if (n > 0) log?.debug({ expired: n }, 'store sweep removed expired keys');
    },
    (err) => log?.error({ err }, 'store sweep failed'),
  );
  // A run with nothing dirty and no segment returns at once (checkpoint.ts).
  const checkpointTimer = setInterval(() => {
    if (!closed) void records.checkpointInBackground('interval');
  }, checkpointIntervalMs);
  checkpointTimer.unref();

  const backend: StoreBackend = {
    async get(key) {
      if (volatile.matches(key)) {
        const v = volatile.get(key);
        return v === undefined ? undefined : JSON.parse(v.json);
      }
      return records.withRecord(key, (record, loaded): unknown => {
        if (record === null) return undefined;
        if (!isLive(record)) {
          const p = records
            .deleteIfExpired(key)
            .then(() => undefined)
            .catch((err: unknown) => log?.warn({ err }, 'store lazy expiry failed'))
            .finally(() => background.delete(p));
          background.add(p);
          return undefined;
        }
        // Just parsed from the file, or parsed now from the JSON text: the caller gets its own copy.
        return loaded ? loaded.value : JSON.parse(record.json);
      });
    },
    async set(key, json, ttlMs) {
      const record = records.makeRecord(json, ttlMs);
      if (volatile.matches(key)) volatile.set(key, record);
      else await records.write(key, record);
    },
    async setIfAbsent(key, json, ttlMs) {
      if (volatile.matches(key)) {
        // Synchronous check and set: atomic within this process.
        if (volatile.get(key) !== undefined) return false;
        volatile.set(key, records.makeRecord(json, ttlMs));
        return true;
      }
      // Check and claim happen synchronously after the read: atomic within this process.
      const written = await records.withRecord(key, (r) =>
        isLive(r) ? null : records.write(key, records.makeRecord(json, ttlMs)),
      );
      if (written === null) return false;
      await written;
      return true;
    },
    async delete(key) {
      if (volatile.matches(key)) volatile.delete(key);
      else await records.write(key, null);
    },
    async *keys(prefix) {
      await expiry.startupScan;
      // Memory first: a key a checkpoint moves to its file (or unlinks) while the directories are
      // listed is still counted right.
      const found = new Set<string>();
      const deleted = new Set<string>();
      for (const [key, entry] of dirty.entries()) {
        if (!key.startsWith(prefix)) continue;
        if (isLive(entry)) found.add(key);
        else deleted.add(key);
      }
      for (const { dir: shard, name } of await listKeyFiles(kvDir)) {
        let key = decodeKeyName(name);
        if (key === undefined)
          key = (await readRecordHeader(join(kvDir, shard, `${name}.json`)).catch(() => undefined))?.k;
        if (key === undefined || !key.startsWith(prefix) || deleted.has(key) || volatile.matches(key)) continue;
        const d = dirty.get(key);
        if (d !== undefined && !isLive(d)) continue;
        const e = records.expiries.get(key);
        if (e !== undefined && e <= now()) continue;
        found.add(key);
      }
      for (const key of volatile.keys(prefix)) found.add(key);
      yield* [...found].sort();
    },
    ...coordination,
    async ping() {
      try {
        const fh = await open(join(root, 'meta.json'), 'r');
        await fh.close();
      } catch (err) {
        throw new StoreError('store_unavailable', `lowdb store directory is not readable: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    async close() {
      closed = true;
      stopSweeper();
      clearInterval(checkpointTimer);
      await Promise.allSettled([...background]);
      await expiry.startupScan;
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
      coordination.clear();
      await io?.close();
      await dir.dirLock.release();
    },
  };

  return validatingStore('lowdb', backend, (ensureOpen) => ({
    get cachedKeys() {
      return cache.size;
    },
    get stats() {
      return {
        ...checkpointer.stats,
        journalWrites: journal.stats.writes,
        journalLines: journal.stats.lines,
        journalBytes: journal.stats.bytes,
        fileReads: records.fileReads,
        dirtyKeys: dirty.size,
        dirtyChars: dirty.chars,
      };
    },
    async checkpoint() {
      ensureOpen();
      await checkpointer.run();
    },
  }));
}
