import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { StoreBackend } from './backend.ts';
import { createChannelSubscribers } from './channel-subscribers.ts';
import { StoreError } from './errors.ts';
import { lazyConnection } from './lazy-connection.ts';
import { safeUrl } from './safe-url.ts';
import { serverCall } from './server-call.ts';
import type { Store } from './types.ts';
import { validatingStore } from './validating-store.ts';

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
  return validatingStore('redis', await redisBackend(opts));
}

async function redisBackend(opts: RedisStoreOptions): Promise<StoreBackend> {
  const prefix = opts.keyPrefix ?? 'upay:';
  const timeoutMs = opts.timeoutMs ?? 5000;
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
    if (everConnected && !closed)
      log?.warn({ err: { message: err.message }, store: 'redis' }, 'redis connection error');
  });
  try {
    await client.connect();
    everConnected = true;
  } catch (err) {
    client.disconnect();
    throw new StoreError('store_unavailable', `cannot reach Redis at ${where}: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const kvKey = (key: string): string => `${prefix}kv:${key}`;
  const lockKey = (key: string): string => `${prefix}lock:${key}`;
  const channelName = (channel: string): string => `${prefix}ch:${channel}`;
  const run = serverCall('redis');

  function decode(raw: string | null, key: string): unknown {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw);
    } catch (err) {
      throw new StoreError('store_corrupt', `redis value under ${prefix}kv: is not JSON (key length ${key.length})`, {
        cause: err,
      });
    }
  }

  const subscribers = createChannelSubscribers({
    listen: (channel) =>
      run('subscribe', async () => {
        await (await subscriber.get()).subscribe(channelName(channel));
      }),
    unlisten: async (channel) => {
      const sub = subscriber.current;
      if (!closed && sub) await run('unsubscribe', () => sub.unsubscribe(channelName(channel)));
    },
    log,
  });

  const subscriber = lazyConnection(async () => {
    const sub = client.duplicate({ lazyConnect: true });
    sub.on('error', (err: Error) => {
      if (!closed) log?.warn({ err: { message: err.message }, store: 'redis' }, 'redis subscriber connection error');
    });
    sub.on('message', (rawChannel: string, raw: string) => {
      const channel = rawChannel.slice(`${prefix}ch:`.length);
      if (!subscribers.has(channel)) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        log?.warn({ channel, store: 'redis' }, 'dropped a pub/sub message that is not JSON');
        return;
      }
      subscribers.deliver(channel, message);
    });
    await sub.connect();
    return sub;
  });

  return {
    get: (key) => run('get', async () => decode(await client.get(kvKey(key)), key)),
    set: (key, json, ttlMs) =>
      run('set', async () => {
        if (ttlMs !== undefined) await client.set(kvKey(key), json, 'PX', Math.ceil(ttlMs));
        else await client.set(kvKey(key), json);
      }),
    setIfAbsent: (key, json, ttlMs) =>
      run('setIfAbsent', async () => (await client.set(kvKey(key), json, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK'),
    delete: (key) =>
      run('delete', async () => {
        await client.del(kvKey(key));
      }),
    async *keys(keyPrefix) {
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
    tryLock: (key, ttlMs) =>
      run('lock', async () => {
        const token = randomUUID();
        const ok = await client.set(lockKey(key), token, 'PX', Math.ceil(ttlMs), 'NX');
        if (ok !== 'OK') return null;
        return {
          token,
          release: () =>
            run('lock release', async () => (await client.eval(RELEASE_SCRIPT, 1, lockKey(key), token)) === 1),
        };
      }),
    lockPollMs: opts.lockPollMs ?? 20,
    publish: (channel, json) =>
      run('publish', async () => {
        await client.publish(channelName(channel), json);
      }),
    subscribe: (channel, handler) => subscribers.subscribe(channel, handler),
    ping: () =>
      run('ping', async () => {
        await client.ping();
      }),
    async close() {
      closed = true;
      subscribers.clear();
      const sub = await subscriber.settled();
      await Promise.allSettled([client.quit(), sub?.quit()]);
      client.disconnect();
      sub?.disconnect();
    },
  };
}
