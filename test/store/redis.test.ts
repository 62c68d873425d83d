import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../../bot/store/redis.ts';
import { persistentBackend, storeContract } from './contract.ts';
import { dropRedisPrefix } from '../support/redis.ts';

// These tests need the local Redis (CI starts one) and FAIL when it is absent: never skipped.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function dropPrefix(prefix: string): Promise<void> {
  return dropRedisPrefix(REDIS_URL, prefix);
}

storeContract('redis', async () => {
  const keyPrefix = `test:store:${randomUUID()}:`;
  return persistentBackend({
    open: () => createRedisStore({ url: REDIS_URL, keyPrefix }),
    drop: () => dropPrefix(keyPrefix),
    shared: true,
  });
});

describe('redis store specifics', () => {
  it('throws store_unavailable for an unreachable server', async () => {
    await expect(createRedisStore({ url: 'redis://127.0.0.1:1', timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'store_unavailable',
    });
  });

  it('rejects a non-redis url', async () => {
    await expect(createRedisStore({ url: 'http://127.0.0.1:6379' })).rejects.toMatchObject({ code: 'store_invalid_argument' });
  });

  it('sets TTLs on the Redis key and isolates data by keyPrefix', async () => {
    const a = `test:store:${randomUUID()}:`;
    const b = `test:store:${randomUUID()}:`;
    const sa = await createRedisStore({ url: REDIS_URL, keyPrefix: a });
    const sb = await createRedisStore({ url: REDIS_URL, keyPrefix: b });
    try {
      await sa.set('k', 1, { ttlMs: 10_000 });
      expect(await sb.get('k')).toBeUndefined();
      const admin = new Redis(REDIS_URL);
      const pttl = await admin.pttl(`${a}kv:k`);
      await admin.quit();
      expect(pttl).toBeGreaterThan(9000);
      expect(pttl).toBeLessThanOrEqual(10_000);
    } finally {
      await sa.close();
      await sb.close();
      await dropPrefix(a);
      await dropPrefix(b);
    }
  });
});
