import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '../../bot/store/redis.ts';
import { serverStoreContract } from './server-contract.ts';
import { dropRedisPrefix } from '../support/redis.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function dropPrefix(prefix: string): Promise<void> {
  return dropRedisPrefix(REDIS_URL, prefix);
}

serverStoreContract('redis', {
  newNamespace: () => `test:store:${randomUUID()}:`,
  open: (keyPrefix) => createRedisStore({ url: REDIS_URL, keyPrefix }),
  drop: dropPrefix,
  openUnreachable: () => createRedisStore({ url: 'redis://127.0.0.1:1', timeoutMs: 1000 }),
  openWrongScheme: () => createRedisStore({ url: 'http://127.0.0.1:6379' }),
});

describe('redis store specifics', () => {
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
