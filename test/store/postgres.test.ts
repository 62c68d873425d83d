import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore, postgresNotifyChannel } from '../../bot/store/postgres.ts';
import { serverStoreContract } from './server-contract.ts';

const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const newSchema = (): string => `test_store_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const dropSchema = (schema: string): Promise<unknown> =>
  admin((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

serverStoreContract('postgres', {
  newNamespace: newSchema,
  open: (schema) => createPostgresStore({ url: PG_URL, schema, poolSize: 4 }),
  drop: dropSchema,
  openUnreachable: () => createPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/test', timeoutMs: 1000 }),
  openWrongScheme: () => createPostgresStore({ url: 'mysql://x' }),
});

describe('postgres store specifics', () => {
  it('rejects a bad schema name', async () => {
    await expect(createPostgresStore({ url: PG_URL, schema: 'x"; drop table y; --' })).rejects.toMatchObject({
      code: 'store_invalid_argument',
    });
  });

  it('creates the schema by versioned migrations, once, even when instances start together', async () => {
    const schema = newSchema();
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresStore({ url: PG_URL, schema, poolSize: 2 })));
    try {
      const rows = await admin(
        async (c) => (await c.query(`SELECT version, name FROM "${schema}".store_migrations`)).rows,
      );
      expect(rows).toEqual([{ version: 1, name: 'kv and locks' }]);
      const tables = await admin(
        async (c) =>
          (
            await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [
              schema,
            ])
          ).rows,
      );
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['kv', 'locks', 'store_migrations']);
    } finally {
      for (const s of stores) await s.close();
      await dropSchema(schema);
    }
  });

  it('refuses a schema migrated by newer code', async () => {
    const schema = newSchema();
    const s = await createPostgresStore({ url: PG_URL, schema });
    await s.close();
    await admin((c) => c.query(`INSERT INTO "${schema}".store_migrations (version, name) VALUES (99, 'future')`));
    try {
      await expect(createPostgresStore({ url: PG_URL, schema })).rejects.toMatchObject({ code: 'store_corrupt' });
    } finally {
      await dropSchema(schema);
    }
  });

  it('sweeps expired rows in the background', async () => {
    const schema = newSchema();
    const s = await createPostgresStore({ url: PG_URL, schema, sweepIntervalMs: 50 });
    try {
      await s.set('gone', 1, { ttlMs: 20 });
      await s.set('kept', 1);
      const deadline = Date.now() + 3000;
      let keys: string[] = [];
      while (Date.now() < deadline) {
        keys = await admin(async (c) =>
          (await c.query(`SELECT key FROM "${schema}".kv ORDER BY key`)).rows.map((r: { key: string }) => r.key),
        );
        if (keys.length === 1) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(keys).toEqual(['kept']);
    } finally {
      await s.close();
      await dropSchema(schema);
    }
  });

  it('isolates pub/sub by schema and refuses oversized NOTIFY payloads', async () => {
    const a = await createPostgresStore({ url: PG_URL, schema: newSchema() });
    const schemaB = newSchema();
    const b = await createPostgresStore({ url: PG_URL, schema: schemaB });
    try {
      const got: unknown[] = [];
      await b.subscribe('relay', (m) => got.push(m));
      await a.publish('relay', 'for a only');
      await b.publish('relay', 'for b');
      const deadline = Date.now() + 3000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual(['for b']);
      await expect(b.publish('relay', 'x'.repeat(9000))).rejects.toMatchObject({ code: 'store_invalid_argument' });
    } finally {
      await a.close();
      await b.close();
      await dropSchema(schemaB);
    }
  });

  it('re-listens after the listening connection is lost', async () => {
    const schema = newSchema();
    const a = await createPostgresStore({ url: PG_URL, schema });
    const b = await createPostgresStore({ url: PG_URL, schema });
    try {
      const got: unknown[] = [];
      await b.subscribe('relay:lost', (m) => got.push(m));
      const killed = await admin(async (c) => {
        const r = await c.query(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
          [`LISTEN "${postgresNotifyChannel(schema, 'relay:lost')}"`],
        );
        return r.rowCount;
      });
      expect(killed).toBe(1);
      const deadline = Date.now() + 8000;
      let n = 0;
      while (got.length === 0 && Date.now() < deadline) {
        await a.publish('relay:lost', { n: n++ });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(got.length).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
      await dropSchema(schema);
    }
  });
});
