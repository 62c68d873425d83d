import { Redis } from 'ioredis';

/** Deletes every Redis key under `prefix` (SCAN + UNLINK in batches): cleanup after a test or benchmark that used a key prefix of its own. */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  try {
    let cursor = '0';
    do {
      const [next, batch] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (batch.length > 0) await admin.unlink(...batch);
    } while (cursor !== '0');
  } finally {
    await admin.quit();
  }
}
