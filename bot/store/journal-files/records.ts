import type { Logger } from '../../logger.ts';
import { createCheckpointer, type Checkpointer } from './checkpoint.ts';
import { createDirtyTable, type DirtyEntry, type DirtyTable } from './dirty.ts';
import { encodeDeleteLine, encodeSetLine, type JournalRecord } from './journal-format.ts';
import type { Journal } from './journal.ts';
import type { KeyFiles, LoadedRecord } from './key-files.ts';
import { createValueCache, type ValueCache } from './value-cache.ts';

/**
 * Where a key's newest record is, and how a write reaches disk. Memory first: the dirty records
 * (written to the journal, not yet to their key file; deletions included), then the value cache of
 * clean records, and only then the key file. A write updates memory at once and resolves once its
 * journal line is written; checkpoints (checkpoint.ts) move dirty records into their key files, in
 * the background on a timer and at once when the dirty records or the journal segment grow too large.
 */
export interface Records {
  isLive(record: DirtyEntry): record is JournalRecord;
  /** A record for `json` stored now with `ttlMs` (undefined = no expiry). */
  makeRecord(json: string, ttlMs: number | undefined): JournalRecord;
  /**
   * Calls `fn` with the key's current record, synchronously after the last check (so check-and-set
   * in `fn` is atomic within the process). Files are read only for keys neither dirty nor cached;
   * a read that a checkpoint overlapped is repeated, so stale file content is never used.
   */
  withRecord<T>(key: string, fn: (record: DirtyEntry, loaded?: LoadedRecord) => T): Promise<T>;
  /** Applies a set (record) or delete (null): memory at once, then the journal line; resolves once it is written. */
  write(key: string, record: DirtyEntry): Promise<void>;
  /** A record replayed from the journal at open: dirty (its newest state), with its expiry noted. */
  replayed(key: string, record: DirtyEntry): void;
  /** Deletes the key when its record has expired; true when it did. */
  deleteIfExpired(key: string): Promise<boolean>;
  /** Expiry of every stored key that has a TTL (and only those): what the sweep needs. */
  readonly expiries: Map<string, number>;
  /** True when the key was written since open (the startup scan must not overwrite what it knows). */
  changedSinceOpen(key: string): boolean;
  /** The startup scan is over: stop remembering which keys changed. */
  endStartupScan(): void;
  checkpointInBackground(reason: string): Promise<void>;
  readonly checkpointer: Checkpointer;
  readonly dirty: DirtyTable;
  readonly cache: ValueCache;
  readonly fileReads: number;
}

export function createRecords(deps: {
  journal: Journal;
  files: KeyFiles;
  now: () => number;
  log: Logger | undefined;
  cacheMaxChars: number;
  checkpointIntervalMs: number;
  journalMaxBytes: number;
  dirtyMaxChars: number;
}): Records {
  const { journal, files, now, log } = deps;
  const dirty = createDirtyTable();
  const cache = createValueCache(deps.cacheMaxChars);
  const expiries = new Map<string, number>();
  let fileReads = 0;
  /** Bumped whenever a checkpoint forgets a dirty record: a file read that spans it reads again. */
  let settleCount = 0;
  /** Keys changed since open, so the background startup scan never overwrites fresher knowledge. */
  let touchedDuringScan: Set<string> | null = new Set();

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
    if (early || (dirty.chars <= deps.dirtyMaxChars && journal.currentBytes <= deps.journalMaxBytes)) return;
    // After a failure, wait for the next interval instead of retrying on every write.
    if (now() - lastFailureAtMs < deps.checkpointIntervalMs) return;
    early = true;
    void checkpointInBackground('size').finally(() => {
      early = false;
    });
  }

  /** The key's newest record if memory knows it: dirty first (incl. deletions), then the cache. */
  function inMemory(key: string): DirtyEntry | undefined {
    const d = dirty.get(key);
    return d !== undefined ? d : cache.get(key);
  }

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

  function write(key: string, record: DirtyEntry): Promise<void> {
    dirty.set(key, record);
    cache.drop(key);
    noteExpiry(key, record);
    const written = journal.append(record === null ? encodeDeleteLine(key) : encodeSetLine(key, record));
    checkpointIfLarge();
    return written;
  }

  return {
    isLive,
    makeRecord: (json, ttlMs) => ({ e: ttlMs === undefined ? null : now() + ttlMs, json }),
    withRecord,
    write,
    replayed(key, record) {
      dirty.set(key, record);
      noteExpiry(key, record);
    },
    async deleteIfExpired(key) {
      const pending = await withRecord(key, (r) => {
        if (r !== null && !isLive(r)) return write(key, null);
        if (r === null) expiries.delete(key);
        return null;
      });
      await pending;
      return pending !== null;
    },
    expiries,
    changedSinceOpen: (key) => touchedDuringScan?.has(key) ?? false,
    endStartupScan() {
      touchedDuringScan = null;
    },
    checkpointInBackground,
    checkpointer,
    dirty,
    cache,
    get fileReads() {
      return fileReads;
    },
  };
}
