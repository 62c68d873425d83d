import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { StoreError } from './errors.ts';
import { safeUrl } from './safe-url.ts';
import type { Store } from './types.ts';

export { StoreError, type StoreErrorCode } from './errors.ts';
export type { Lock, LockOptions, SetOptions, Store, Unsubscribe } from './types.ts';

export interface CreateStoreOptions {
  /** STORE_URL: unset = lowdb under dataDir; `memory:`; `redis://…`/`rediss://…`; `postgres://…`/`postgresql://…`. */
  url?: string;
  /** DATA_DIR, used by the embedded lowdb store. */
  dataDir: string;
  /** Embedded lowdb store only: STORE_FSYNC, STORE_CHECKPOINT_INTERVAL_MS and STORE_IO_THREAD. */
  lowdb?: { fsync?: boolean; checkpointIntervalMs?: number; ioThread?: boolean };
  logger: Logger;
}

/** The store options the configuration gives (STORE_URL, DATA_DIR, STORE_FSYNC, STORE_CHECKPOINT_INTERVAL_MS, STORE_IO_THREAD). */
export function storeOptionsOf(
  config: Pick<Config, 'STORE_URL' | 'DATA_DIR' | 'STORE_FSYNC' | 'STORE_CHECKPOINT_INTERVAL_MS' | 'STORE_IO_THREAD'>,
  logger: Logger,
): CreateStoreOptions {
  return {
    url: config.STORE_URL,
    dataDir: config.DATA_DIR,
    logger,
    lowdb: {
      fsync: config.STORE_FSYNC,
      checkpointIntervalMs: config.STORE_CHECKPOINT_INTERVAL_MS,
      ioThread: config.STORE_IO_THREAD,
    },
  };
}

export type StoreKind = 'lowdb' | 'memory' | 'redis' | 'postgres';

/** Which backend a STORE_URL selects (throws store_invalid_argument for anything else). */
export function storeKindFor(url: string | undefined): StoreKind {
  if (url === undefined || url.trim() === '') return 'lowdb';
  if (/^memory:/i.test(url)) return 'memory';
  if (/^rediss?:\/\//i.test(url)) return 'redis';
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  throw new StoreError(
    'store_invalid_argument',
    `STORE_URL ${safeUrl(url)} is not supported: use redis://, rediss://, postgres://, postgresql:// or memory:`,
  );
}

/**
 * Opens the configured store. Throws StoreError `store_unavailable` when the server cannot be
 * reached (or the data directory cannot be used), so startup fails with a clear message.
 */
export async function createStore(opts: CreateStoreOptions): Promise<Store> {
  const kind = storeKindFor(opts.url);
  const log = opts.logger.child({ component: 'store', store: kind });
  let store: Store;
  // Each backend (and its client library) is loaded only when selected: a faster start.
  switch (kind) {
    case 'lowdb':
      store = await (
        await import('./journal-files/store.ts')
      ).createJournalFilesStore({ dataDir: opts.dataDir, logger: log, ...opts.lowdb });
      break;
    case 'memory':
      store = (await import('./memory.ts')).createMemoryStore();
      break;
    case 'redis':
      store = await (await import('./redis.ts')).createRedisStore({ url: opts.url as string, logger: log });
      break;
    case 'postgres':
      store = await (await import('./postgres.ts')).createPostgresStore({ url: opts.url as string, logger: log });
      break;
  }
  log.info({ store: kind, ...(kind === 'lowdb' ? { dataDir: opts.dataDir } : {}) }, 'store opened');
  return store;
}
