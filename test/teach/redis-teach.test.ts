/**
 * Two instances on one Redis (a key prefix of this test's own, dropped afterwards): a change taught on instance
 * A is retrained and answered by instance B without a restart (pub/sub, with the version poll behind it).
 * Fails, never skips, when the local Redis is absent.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createRedisStore } from '../../bot/store/redis.ts';
import type { Store } from '../../bot/store/types.ts';
import { dropRedisPrefix } from '../support/redis.ts';
import { eventIn } from '../engine/fakes.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY_PREFIX = `test:teach:${randomUUID()}:`;
/** Parsed as app_problems by the files. */
const FRIDGE = 'does upay work on a smart fridge';

let work: string;
const stores: Store[] = [];
const apps: App[] = [];

async function instance(dataDir: string): Promise<App> {
  const store = await createRedisStore({ url: REDIS_URL, keyPrefix: KEY_PREFIX });
  stores.push(store);
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      KNOWLEDGE_DIR: path.resolve('knowledge'),
      DATA_DIR: path.join(work, dataDir),
      STORE_URL: REDIS_URL,
      NLU_THREAD: 'false',
      LOG_LEVEL: 'silent',
    }),
    { logger: silentLogger, store },
  );
  apps.push(app);
  return app;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'teach-redis-'));
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) await store.close();
  await dropRedisPrefix(REDIS_URL, KEY_PREFIX);
  await rm(work, { recursive: true, force: true });
});

describe('teaching on two instances (Redis)', () => {
  it('a change on instance A is answered by instance B without a restart; a third instance starts with it', async () => {
    const a = await instance('a');
    const b = await instance('b');
    expect(b.nlu.parse(FRIDGE).intent.name).toBe('app_problems');

    const change = await a.teacher.assign({
      intent: 'payment_methods',
      locale: 'en',
      groupId: 'g1',
      texts: [FRIDGE],
      by: 'ann',
    });
    expect((await b.teacher.changes()).map((c) => c.id)).toEqual([change.id]);
    // B hears of it through pub/sub (its poll is 30 s away), before anyone asks it to settle.
    const deadline = Date.now() + 5000;
    while (b.teacher.status().wanted !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(b.teacher.status().wanted).toBe(1);
    await b.teacher.settled();
    expect(b.teacher.status()).toMatchObject({ live: 1, wanted: 1, training: false });
    const reply = await b.engine.handle(eventIn('webchat:teach-redis', 'u', 'e1', FRIDGE));
    expect(reply.intent).toBe('payment_methods');
    await a.teacher.settled();
    expect(a.nlu.parse(FRIDGE).intent.name).toBe('payment_methods');

    // A restart builds the same knowledge from the store at start-up, and loads A's model from its DATA_DIR cache.
    const c = await instance('a');
    expect(c.teacher.status()).toMatchObject({ live: 1, wanted: 1 });
    expect(c.nlu.parse(FRIDGE).intent.name).toBe('payment_methods');
  }, 240_000);
});
