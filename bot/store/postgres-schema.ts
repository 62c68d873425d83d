import type { PoolClient } from 'pg';
import { StoreError } from './errors.ts';

/** PostgreSQL schema names the store accepts (also the identifier it is quoted as). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: unknown): asserts schema is string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new StoreError('store_invalid_argument', 'postgres schema must match [a-z_][a-z0-9_]{0,62}');
  }
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

/**
 * Versioned migrations, applied in order at start inside one transaction guarded by an advisory
 * lock, so several instances starting together apply each migration exactly once. Append only.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'kv and locks',
    sql: (s) => `
      CREATE TABLE ${s}.kv (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        expires_at timestamptz
      );
      CREATE INDEX kv_expires_at_idx ON ${s}.kv (expires_at) WHERE expires_at IS NOT NULL;
      -- Locks are short-lived: UNLOGGED skips the WAL flush per lock/release (PostgreSQL empties the
      -- table after a crash, which only frees locks whose TTL would soon have expired anyway).
      CREATE UNLOGGED TABLE ${s}.locks (
        key text PRIMARY KEY,
        token text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX locks_expires_at_idx ON ${s}.locks (expires_at);
    `,
  },
];

export async function migrate(client: PoolClient, schema: string): Promise<number[]> {
  const s = quoteIdent(schema);
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    // Serialises concurrent starts on the same schema.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`upay-store-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.store_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.store_migrations`);
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    if (newest > known) {
      throw new StoreError(
        'store_corrupt',
        `schema ${schema} is at store migration ${newest}, newer than this code (${known})`,
      );
    }
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql(s));
      await client.query(`INSERT INTO ${s}.store_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return applied;
}
