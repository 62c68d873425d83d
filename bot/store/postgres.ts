import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { StoreBackend } from './backend.ts';
import { createChannelSubscribers } from './channel-subscribers.ts';
import { lazyConnection } from './lazy-connection.ts';
import { StoreError } from './errors.ts';
import { safeUrl } from './safe-url.ts';
import { assertSchemaName, migrate, quoteIdent } from './postgres-schema.ts';
import { serverCall } from './server-call.ts';
import { startSweeper } from './sweeper.ts';
import type { Store } from './types.ts';
import { validatingStore } from './validating-store.ts';

export interface PostgresStoreOptions {
  /** postgres://user[:password]@host:port/db or postgresql://… */
  url: string;
  /** Schema holding the store tables (tests use their own). Default `upay_store`. */
  schema?: string;
  logger?: Logger;
  /** Connection and statement timeout. Default 5 s. */
  timeoutMs?: number;
  /** Pool size. Default 10. */
  poolSize?: number;
  /** How often expired rows are deleted. Default 60 s. */
  sweepIntervalMs?: number;
  /** How often a waiting lock() retries. Default 20 ms. */
  lockPollMs?: number;
}

/** NOTIFY payloads are limited to 8000 bytes by PostgreSQL. */
const MAX_NOTIFY_BYTES = 7900;
const KEYS_PAGE = 1000;

/** The NOTIFY channel for a store channel: a hash of schema + channel (identifiers are at most 63 bytes). */
export function postgresNotifyChannel(schema: string, channel: string): string {
  return `us_${createHash('sha256').update(`${schema}\0${channel}`).digest('hex').slice(0, 48)}`;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * PostgreSQL store (pg) for several bot instances: tables `kv` and `locks` in its own schema,
 * created by versioned migrations (`store_migrations`). All expiry uses the database clock.
 * Pub/sub is LISTEN/NOTIFY on a dedicated connection; channel names are hashed (NOTIFY channels
 * are identifiers of at most 63 bytes) and the payload carries the real channel name.
 */
export async function createPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  if (typeof opts?.url !== 'string' || !/^postgres(ql)?:\/\//.test(opts.url)) {
    throw new StoreError('store_invalid_argument', 'postgres store needs a postgres:// or postgresql:// url');
  }
  return validatingStore('postgres', await postgresBackend(opts));
}

async function postgresBackend(opts: PostgresStoreOptions): Promise<StoreBackend> {
  const schema = opts.schema ?? 'upay_store';
  assertSchemaName(schema);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const log = opts.logger;
  const where = safeUrl(opts.url);
  const s = quoteIdent(schema);
  let closed = false;

  const connection = { connectionString: opts.url, connectionTimeoutMillis: timeoutMs };
  const pool = new pg.Pool({
    ...connection,
    max: opts.poolSize ?? 10,
    statement_timeout: timeoutMs,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (err) =>
    log?.warn({ err: { message: err.message }, store: 'postgres' }, 'idle postgres client error'),
  );

  try {
    const client = await pool.connect();
    try {
      const applied = await migrate(client, schema);
      if (applied.length > 0) log?.info({ schema, applied }, 'store migrations applied');
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    throw new StoreError('store_unavailable', `cannot use PostgreSQL at ${where}: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const sql = {
    get: `SELECT value FROM ${s}.kv WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())`,
    set: `INSERT INTO ${s}.kv (key, value, expires_at)
          VALUES ($1, $2::jsonb, now() + $3::double precision * interval '1 millisecond')
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    setIfAbsent: `INSERT INTO ${s}.kv (key, value, expires_at)
          VALUES ($1, $2::jsonb, now() + $3::double precision * interval '1 millisecond')
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
          WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= now()
          RETURNING key`,
    delete: `DELETE FROM ${s}.kv WHERE key = $1`,
    keysPage: `SELECT key FROM ${s}.kv
          WHERE key LIKE $1 ESCAPE '\\' AND key COLLATE "C" > $2 AND (expires_at IS NULL OR expires_at > now())
          ORDER BY key COLLATE "C" LIMIT ${KEYS_PAGE}`,
    lock: `INSERT INTO ${s}.locks (key, token, expires_at)
          VALUES ($1, $2, now() + $3::double precision * interval '1 millisecond')
          ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
          WHERE locks.expires_at <= now()
          RETURNING token`,
    release: `DELETE FROM ${s}.locks WHERE key = $1 AND token = $2 AND expires_at > now()`,
    sweepKv: `DELETE FROM ${s}.kv WHERE ctid IN (SELECT ctid FROM ${s}.kv WHERE expires_at <= now() LIMIT 5000)`,
    sweepLocks: `DELETE FROM ${s}.locks WHERE expires_at <= now()`,
  };

  // 22P05: \u0000 cannot be stored in jsonb; 54000: value too large.
  const run = serverCall('postgres', (err) => ['22P05', '54000'].includes((err as { code?: string }).code ?? ''));

  // ---- pub/sub -------------------------------------------------------------------------------
  const notifyChannel = (channel: string): string => postgresNotifyChannel(schema, channel);
  let reconnectTimer: NodeJS.Timeout | undefined;
  const subscribers = createChannelSubscribers({
    listen: (channel) =>
      run('subscribe', async () => {
        await (await listener.get()).query(`LISTEN ${quoteIdent(notifyChannel(channel))}`);
      }),
    unlisten: async (channel) => {
      const client = listener.current;
      if (!closed && client)
        await run('unsubscribe', () => client.query(`UNLISTEN ${quoteIdent(notifyChannel(channel))}`));
    },
    log,
  });

  function onNotification(msg: pg.Notification): void {
    if (!msg.payload) return;
    let parsed: { c?: unknown; m?: unknown };
    try {
      parsed = JSON.parse(msg.payload) as { c?: unknown; m?: unknown };
    } catch {
      log?.warn({ store: 'postgres' }, 'dropped a NOTIFY payload that is not JSON');
      return;
    }
    if (typeof parsed.c !== 'string' || notifyChannel(parsed.c) !== msg.channel) return;
    subscribers.deliver(parsed.c, parsed.m);
  }

  const listener = lazyConnection(async () => {
    const client = new pg.Client(connection);
    client.on('notification', onNotification);
    client.on('error', (err) => {
      if (!closed) log?.warn({ err: { message: err.message }, store: 'postgres' }, 'postgres listener error');
    });
    client.on('end', () => {
      if (closed || listener.current !== client) return;
      // Connection lost: reconnect and LISTEN again to every channel that still has handlers.
      listener.reset();
      scheduleRelisten(1);
    });
    await client.connect();
    return client;
  });

  function scheduleRelisten(attempt: number): void {
    if (closed) return;
    reconnectTimer = setTimeout(
      () => {
        subscribers.relisten().catch(() => {
          log?.warn({ store: 'postgres', attempt }, 'postgres listener reconnect failed, retrying');
          scheduleRelisten(attempt + 1);
        });
      },
      Math.min(attempt * 250, 5000),
    );
    reconnectTimer.unref();
  }

  // ---- sweep ---------------------------------------------------------------------------------
  const stopSweeper = startSweeper(
    opts.sweepIntervalMs ?? 60_000,
    async () => {
      if (closed) return;
      let removed = 0;
      for (;;) {
        const r = await pool.query(sql.sweepKv);
        removed += r.rowCount ?? 0;
        if ((r.rowCount ?? 0) < 5000 || closed) break;
      }
      await pool.query(sql.sweepLocks);
      if (removed > 0) log?.debug({ expired: removed }, 'store sweep removed expired keys');
    },
    (err) => {
      if (!closed) log?.warn({ err: { message: (err as Error).message } }, 'store sweep failed');
    },
  );

  return {
    get: (key) => run('get', async () => (await pool.query<{ value: unknown }>(sql.get, [key])).rows[0]?.value),
    set: (key, json, ttlMs) =>
      run('set', async () => {
        await pool.query(sql.set, [key, json, ttlMs ?? null]);
      }),
    setIfAbsent: (key, json, ttlMs) =>
      run('setIfAbsent', async () => (await pool.query(sql.setIfAbsent, [key, json, ttlMs])).rowCount === 1),
    delete: (key) =>
      run('delete', async () => {
        await pool.query(sql.delete, [key]);
      }),
    async *keys(prefix) {
      const pattern = `${likeEscape(prefix)}%`;
      let after = '';
      for (;;) {
        const r = await run('keys', () => pool.query<{ key: string }>(sql.keysPage, [pattern, after]));
        for (const row of r.rows) yield row.key;
        const last = r.rows.at(-1);
        if (r.rows.length < KEYS_PAGE || !last) return;
        after = last.key;
      }
    },
    tryLock: (key, ttlMs) =>
      run('lock', async () => {
        const token = randomUUID();
        const r = await pool.query(sql.lock, [key, token, ttlMs]);
        if (r.rowCount !== 1) return null;
        return {
          token,
          release: () => run('lock release', async () => (await pool.query(sql.release, [key, token])).rowCount === 1),
        };
      }),
    lockPollMs: opts.lockPollMs ?? 20,
    publish: (channel, json) =>
      run('publish', async () => {
        const payload = `{"c":${JSON.stringify(channel)},"m":${json}}`;
        if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
          throw new StoreError(
            'store_invalid_argument',
            `message is too large for NOTIFY (max ${MAX_NOTIFY_BYTES} bytes)`,
          );
        }
        await pool.query('SELECT pg_notify($1, $2)', [notifyChannel(channel), payload]);
      }),
    subscribe: (channel, handler) => subscribers.subscribe(channel, handler),
    ping: () =>
      run('ping', async () => {
        await pool.query('SELECT 1');
      }),
    async close() {
      closed = true;
      stopSweeper();
      clearTimeout(reconnectTimer);
      subscribers.clear();
      const client = await listener.settled();
      await client?.end().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
