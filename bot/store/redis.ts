import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { StoreError } from './errors.ts';
import { safeUrl } from './safe-url.ts';
import type { Lock, Store, Unsubscribe } from './types.ts';
import { assertKey, assertPrefix, assertTtlMs, assertWaitMs, encodeJson } from './validate.ts';
import { retryUntil } from './wait.ts';

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss://… */
  url: string;
  /** Namespace for every key and channel, so several apps or test files can share one Redis. Default `upay:`. */
  keyPrefix?: string;
  logger?: Logger;
  /** Connection and command timeout. Default 5 s. */
  timeoutMs?: number;
  /** How often a waiting lock() retries. Default 20 ms. */
  lockPollMs?: number;
}

/** Deletes the lock only if it still holds our token (a lock lost to expiry is someone else's). */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const globEscape = (s: string): string => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * Redis store (ioredis) for several bot instances. Layout under `keyPrefix`:
 * `kv:<key>` values as JSON (TTL via PX), `lock:<key>` lock owner tokens, `ch:<channel>` pub/sub.
 * Subscriptions use a duplicate connection (a subscribed connection cannot run other commands).
 */
export async function createRedisStore(opts: RedisStoreOptions): Promise<Store> {
  if (typeof opts?.url !== 'string' || !/^rediss?:\/\//.test(opts.url)) {
    throw new StoreError('store_invalid_argument', 'redis store needs a redis:// or rediss:// url');
  }
  const prefix = opts.keyPrefix ?? 'upay:';
  const timeoutMs = opts.timeoutMs ?? 5000;
  const lockPollMs = opts.lockPollMs ?? 20;
  const log = opts.logger;
  const where = safeUrl(opts.url);
  let everConnected = false;
  let closed = false;

  const client = new Redis(opts.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // Fail fast on the first connection; afterwards reconnect with backoff (commands fail meanwhile).
    retryStrategy: (attempt) => (everConnected && !closed ? Math.min(attempt * 200, 2000) : null),
  });
  client.on('error', (err: Error) => {
    if (everConnected && !closed) log?.warn({ err: { message: err.message }, store: 'redis' }, 'redis connection error');
  });
  try {
    await client.connect();
    everConnected = true;
  } catch (err) {
    client.disconnect();
    throw new StoreError('store_unavailable', `cannot reach Redis at ${where}: ${(err as Error).message}`, { cause: err });
  }

  const kvKey = (key: string): string => `${prefix}kv:${key}`;
  const lockKey = (key: string): string => `${prefix}lock:${key}`;
  const channelName = (channel: string): string => `${prefix}ch:${channel}`;

  let subscriber: Redis | undefined;
  let subscriberReady: Promise<Redis> | undefined;
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  /** One SUBSCRIBE per channel, shared by everyone subscribing to it concurrently. */
  const subscribed = new Map<string, Promise<void>>();

  function ensureOpen(): void {
    if (closed) throw new StoreError('store_closed', 'redis store is closed');
  }

  async function run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    ensureOpen();
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('store_unavailable', `redis ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  function decode<T>(raw: string | null, key: string): T | undefined {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch (err) {
      throw new StoreError('store_corrupt', `redis value under ${prefix}kv: is not JSON (key length ${key.length})`, { cause: err });
    }
  }

  function getSubscriber(): Promise<Redis> {
    subscriberReady ??= (async () => {
      const sub = client.duplicate({ lazyConnect: true });
      sub.on('error', (err: Error) => {
        if (!closed) log?.warn({ err: { message: err.message }, store: 'redis' }, 'redis subscriber connection error');
      });
      sub.on('message', (rawChannel: string, raw: string) => {
        const channel = rawChannel.slice(`${prefix}ch:`.length);
        const set = handlers.get(channel);
        if (!set || set.size === 0) return;
        let message: unknown;
        try {
          message = JSON.parse(raw);
        } catch {
          log?.warn({ channel, store: 'redis' }, 'dropped a pub/sub message that is not JSON');
          return;
        }
        for (const handler of set) {
          try {
            handler(structuredClone(message));
          } catch (err) {
            log?.error({ err, channel }, 'store subscriber threw');
          }
        }
      });
      await sub.connect();
      subscriber = sub;
      return sub;
    })();
    subscriberReady.catch(() => {
      subscriberReady = undefined;
    });
    return subscriberReady;
  }

  async function tryLock(key: string, ttlMs: number): Promise<Lock | null> {
    const token = randomUUID();
    const ok = await client.set(lockKey(key), token, 'PX', Math.ceil(ttlMs), 'NX');
    if (ok !== 'OK') return null;
    return {
      token,
      release: () =>
        run('lock release', async () => (await client.eval(RELEASE_SCRIPT, 1, lockKey(key), token)) === 1),
    };
  }

  return {
    get<T>(key: string) {
      return run('get', async () => {
        assertKey(key);
        return decode<T>(await client.get(kvKey(key)), key);
      });
    },
    set(key, value, setOpts) {
      return run('set', async () => {
        assertKey(key);
        const json = encodeJson(value);
        if (setOpts?.ttlMs !== undefined) {
          assertTtlMs(setOpts.ttlMs);
          await client.set(kvKey(key), json, 'PX', Math.ceil(setOpts.ttlMs));
        } else {
          await client.set(kvKey(key), json);
        }
      });
    },
    setIfAbsent(key, value, setOpts) {
      return run('setIfAbsent', async () => {
        assertKey(key);
        assertTtlMs(setOpts?.ttlMs);
        const json = encodeJson(value);
        return (await client.set(kvKey(key), json, 'PX', Math.ceil(setOpts.ttlMs), 'NX')) === 'OK';
      });
    },
    delete(key) {
      return run('delete', async () => {
        assertKey(key);
        await client.del(kvKey(key));
      });
    },
    async *keys(keyPrefix) {
      ensureOpen();
      assertPrefix(keyPrefix);
      const base = `${prefix}kv:`;
      const match = `${globEscape(base)}${globEscape(keyPrefix)}*`;
      const seen = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await run('scan', () => client.scan(cursor, 'MATCH', match, 'COUNT', 500));
        cursor = next;
        for (const full of batch) {
          const key = full.slice(base.length);
          // SCAN may return a key more than once.
          if (seen.has(key)) continue;
          seen.add(key);
          yield key;
        }
      } while (cursor !== '0');
    },
    async lock(key, lockOpts) {
      ensureOpen();
      assertKey(key);
      assertTtlMs(lockOpts?.ttlMs, 'lock ttlMs');
      assertWaitMs(lockOpts.waitMs);
      return run('lock', () =>
        retryUntil(() => tryLock(key, lockOpts.ttlMs), { waitMs: lockOpts.waitMs ?? 0, pollMs: lockPollMs }),
      );
    },
    publish(channel, message) {
      return run('publish', async () => {
        assertKey(channel, 'channel');
        await client.publish(channelName(channel), encodeJson(message, 'message'));
      });
    },
    async subscribe(channel, handler): Promise<Unsubscribe> {
      ensureOpen();
      assertKey(channel, 'channel');
      if (typeof handler !== 'function') throw new StoreError('store_invalid_argument', 'handler must be a function');
      const wrapped = (m: unknown): void => handler(m);
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(wrapped);
      try {
        let ready = subscribed.get(channel);
        if (!ready) {
          ready = run('subscribe', async () => {
            const sub = await getSubscriber();
            await sub.subscribe(channelName(channel));
          });
          subscribed.set(channel, ready);
          ready.catch(() => subscribed.delete(channel));
        }
        await ready;
      } catch (err) {
        set.delete(wrapped);
        throw err;
      }
      return async () => {
        const current = handlers.get(channel);
        if (!current?.delete(wrapped)) return;
        if (current.size === 0) {
          handlers.delete(channel);
          subscribed.delete(channel);
          const sub = subscriber;
          if (!closed && sub) await run('unsubscribe', () => sub.unsubscribe(channelName(channel)));
        }
      };
    },
    ping() {
      return run('ping', async () => {
        await client.ping();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      const sub = await subscriberReady?.catch(() => undefined);
      await Promise.allSettled([client.quit(), sub?.quit()]);
      client.disconnect();
      sub?.disconnect();
    },
  };
}

