/**
 * The embedded store's old module path, kept for the callers outside bot/store and test/store that
 * still import it (test/privacy/forget.test.ts, bench/scale.bench.ts). New code imports
 * ./journal-files/store.ts: the store is a write-ahead journal plus per-key files (lowdb writes the
 * files), and `lowdb` remains only its kind's name in configuration and logs.
 */
export {
  createJournalFilesStore as createLowdbStore,
  type JournalFilesStore as LowdbStore,
  type JournalFilesStoreOptions as LowdbStoreOptions,
} from './journal-files/store.ts';
