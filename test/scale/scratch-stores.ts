/** Stores on the shared local Redis and PostgreSQL, each under a key prefix or schema of its own, dropped afterwards. */
import pg from 'pg';
import { createPostgresStore } from '../../bot/store/postgres.ts';
import { createRedisStore } from '../../bot/store/redis.ts';
import type { Store } from '../../bot/store/types.ts';
import { dropRedisPrefix as dropPrefixAt } from '../support/redis.ts';
import { uniqueName } from './helpers.ts';
import { PG_URL, REDIS_URL } from './service-urls.ts';

export interface ScratchStore {
  name: 'redis' | 'postgres';
  /** Opens one more connection to the same data (several instances share it). */
  open(): Promise<Store>;
  /** Drops everything the stores wrote. */
  cleanup(): Promise<void>;
}

export async function dropRedisPrefix(prefix: string): Promise<void> {
  await dropPrefixAt(REDIS_URL, prefix);
}

export async function dropPgSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

/** Redis under a fresh key prefix; `openAt` reaches it through another address (a proxy in front of it). */
export function scratchRedis(label: string): ScratchStore & { openAt(url: string, timeoutMs: number): Promise<Store> } {
  const keyPrefix = `${uniqueName(label)}:`;
  return {
    name: 'redis',
    open: () => createRedisStore({ url: REDIS_URL, keyPrefix }),
    openAt: (url, timeoutMs) => createRedisStore({ url, keyPrefix, timeoutMs }),
    cleanup: () => dropRedisPrefix(keyPrefix),
  };
}

export function scratchPostgres(label: string): ScratchStore {
  const schema = uniqueName(label);
  return {
    name: 'postgres',
    open: () => createPostgresStore({ url: PG_URL, schema, poolSize: 10 }),
    cleanup: () => dropPgSchema(schema),
  };
}
