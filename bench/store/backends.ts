import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createJournalFilesStore } from '../../bot/store/journal-files/store.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createPostgresStore } from '../../bot/store/postgres.ts';
import { createRedisStore } from '../../bot/store/redis.ts';
import type { Store } from '../../bot/store/types.ts';
import { dropRedisPrefix } from '../../test/support/redis.ts';
import { conversationState } from './state.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One opened store of the benchmark, with how to fill and remove it. */
export interface Instance {
  store: Store;
  /** Bulk loader for backends where one INSERT per conversation would dominate the run time. */
  bulkFill?: (from: number, to: number) => Promise<void>;
  /** Brings the filled store to its steady state (lowdb: checkpoint the fill's journal into the key files). */
  afterFill?: () => Promise<void>;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: string;
  largeN: number;
  /** File-backed: flush the page cache after filling so neither side measures delayed allocation. */
  syncAfterFill?: boolean;
  open(): Promise<Instance>;
}

/** The stores bench:store compares: lowdb (journal + key files), memory, redis, postgres. */
export const backends: Backend[] = [
  {
    name: 'lowdb',
    largeN: 50_000,
    syncAfterFill: true,
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'upay-bench-store-'));
      const store = await createJournalFilesStore({ dataDir });
      return {
        store,
        afterFill: () => store.checkpoint(),
        cleanup: async () => {
          await store.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'memory',
    largeN: 100_000,
    async open() {
      const store = createMemoryStore();
      return { store, cleanup: () => store.close() };
    },
  },
  {
    name: 'redis',
    largeN: 100_000,
    async open() {
      const keyPrefix = `bench:store:${randomUUID()}:`;
      const store = await createRedisStore({ url: REDIS_URL, keyPrefix, timeoutMs: 2000 });
      return {
        store,
        // Same keys and JSON the store writes (`<prefix>kv:<key>`), pipelined 2,000 at a time.
        bulkFill: async (from, to) => {
          const admin = new Redis(REDIS_URL);
          try {
            for (let start = from; start < to; start += 2000) {
              const pipeline = admin.pipeline();
              for (let i = start; i < Math.min(to, start + 2000); i++) {
                pipeline.set(`${keyPrefix}kv:conv:${i}`, JSON.stringify(conversationState(i)));
              }
              await pipeline.exec();
            }
          } finally {
            await admin.quit();
          }
        },
        cleanup: async () => {
          await store.close();
          await dropRedisPrefix(REDIS_URL, keyPrefix);
        },
      };
    },
  },
  {
    name: 'postgres',
    largeN: 100_000,
    async open() {
      const schema = `bench_store_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const store = await createPostgresStore({ url: PG_URL, schema, timeoutMs: 10_000, poolSize: 16 });
      return {
        store,
        // Same rows the store writes (kv.key, kv.value jsonb, no expiry), generated server-side.
        bulkFill: async (from, to) => {
          const admin = new pg.Client({ connectionString: PG_URL });
          await admin.connect();
          try {
            for (let start = from; start < to; start += 10_000) {
              await admin.query(
                `INSERT INTO "${schema}".kv (key, value)
                 SELECT 'conv:' || i, $1::jsonb || jsonb_build_object('conversationId', 'telegram:' || i)
                 FROM generate_series($2::int, $3::int) AS i`,
                [JSON.stringify(conversationState(0)), start, Math.min(to, start + 10_000) - 1],
              );
            }
          } finally {
            await admin.end();
          }
        },
        cleanup: async () => {
          await store.close();
          const admin = new pg.Client({ connectionString: PG_URL });
          await admin.connect();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end();
        },
      };
    },
  },
];
