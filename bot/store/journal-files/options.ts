import type { Logger } from '../../logger.ts';
import type { Store } from '../types.ts';
import type { CheckpointStats } from './checkpoint.ts';
import type { OpenSegment } from './journal.ts';

export interface JournalFilesStoreOptions {
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
   * worker thread (io-thread.ts), so a busy server's turns do not pay for them. Same files, same
   * guarantees for a resolved write. Default false; the service turns it on (STORE_IO_THREAD).
   */
  ioThread?: boolean;
}

/**
 * Default bound of the in-memory dedupe records: ~2 KB each (a turn's replies), so ~40 MB at most.
 * At up to ~33 turns/s the 10-minute dedupe window is kept whole; above that, memory stays flat and
 * the window shrinks (oldest records dropped first, with a warning).
 */
export const VOLATILE_MAX_ENTRIES = 20_000;

/** Counters for tests, diagnostics and the benchmark. */
export interface JournalFilesStoreStats extends CheckpointStats {
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
 * The embedded default store (`STORE_URL` unset, kind `lowdb`; single instance by design): a
 * write-ahead journal with group commit in front of one JSON file per key, which lowdb writes (see
 * ../README.md, journal.ts, checkpoint.ts). Locks, setIfAbsent atomicity and pub/sub are in-process:
 * running several bot instances needs the Redis or PostgreSQL store.
 */
export interface JournalFilesStore extends Store {
  /** Keys held in the in-memory value cache of clean records (for tests and diagnostics). */
  readonly cachedKeys: number;
  readonly stats: JournalFilesStoreStats;
  /** Checkpoints now: every write made so far goes to its key file and the journal is trimmed. */
  checkpoint(): Promise<void>;
}
