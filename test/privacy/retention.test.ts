import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { silentLogger } from '../../bot/logger.ts';
import { startRetentionSweeper, sweepRetention } from '../../bot/privacy/retention.ts';
import { loadConfig } from '../../bot/config.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 3600_000).toISOString();

async function seed(store: Store): Promise<void> {
  for (const [id, age] of [
    ['old', 120],
    ['recent', 10],
  ] as const) {
    await store.set(`conv:webchat:${id}`, {
      conversationId: `webchat:${id}`,
      createdAt: daysAgo(age + 1),
      updatedAt: daysAgo(age),
      identity: { verified: false },
      handoff: { state: 'none' },
    });
    await store.set(`webchat:log:webchat:${id}`, {
      nextId: 3,
      entries: [
        { id: 1, at: daysAgo(age + 1) },
        { id: 2, at: daysAgo(age) },
      ],
    });
    // An archive page of the log (older entries): judged by its own entries' times.
    await store.set(`webchat:logpage:webchat:${id}:0`, { entries: [{ id: 0, at: daysAgo(age + 1) }] });
    await store.set(`webchat:session:${id}`, {
      sessionId: id,
      conversationId: `webchat:${id}`,
      createdAt: daysAgo(age + 1),
      expiresAt: daysAgo(age),
    });
    await store.set(`case:${id}`, {
      caseId: id,
      conversationId: `webchat:${id}`,
      openedAt: daysAgo(age + 2),
      closedAt: daysAgo(age),
    });
    await store.set(`ticket:${id}`, { reference: id, conversationId: `webchat:${id}`, createdAt: daysAgo(age) });
    await store.set(`privacy:customer:C1001:webchat:${id}`, { at: daysAgo(age) });
  }
  // A case opened long ago but closed recently is still in use.
  await store.set('case:reopened', {
    caseId: 'reopened',
    conversationId: 'webchat:x',
    openedAt: daysAgo(200),
    closedAt: daysAgo(1),
  });
  // Records without a readable time are left to their TTL.
  await store.set('conv:webchat:odd', { conversationId: 'webchat:odd' });
  // Keys that are not customer records are never touched.
  await store.set('dedupe:webchat:x:1', { at: daysAgo(400) });
}

async function keys(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const k of store.keys('')) out.push(k);
  return out.sort();
}

describe('sweepRetention', () => {
  it('deletes every kind of customer record older than RETENTION_DAYS and keeps the rest', async () => {
    const store = createMemoryStore();
    await seed(store);
    const result = await sweepRetention(store, { retentionDays: 90, now: NOW });
    expect(result.deleted).toEqual({ conversations: 1, cases: 1, sessions: 1, logs: 2, tickets: 1, other: 1 });
    expect(result.cutoff).toBe(daysAgo(90));
    const left = await keys(store);
    expect(left.filter((k) => k.includes(':old'))).toEqual([]);
    expect(left).toEqual(
      [
        'case:reopened',
        'case:recent',
        'conv:webchat:odd',
        'conv:webchat:recent',
        'dedupe:webchat:x:1',
        'privacy:customer:C1001:webchat:recent',
        'ticket:recent',
        'webchat:log:webchat:recent',
        'webchat:logpage:webchat:recent:0',
        'webchat:session:recent',
      ].sort(),
    );
  });

  it('a shorter retention deletes more; a bad value is refused', async () => {
    const store = createMemoryStore();
    await seed(store);
    const result = await sweepRetention(store, { retentionDays: 5, now: NOW });
    expect(result.deleted.conversations).toBe(2);
    await expect(sweepRetention(store, { retentionDays: 0, now: NOW })).rejects.toThrow(RangeError);
  });

  it('RETENTION_DAYS defaults to 90 and is validated', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBe(90);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
  });
});

describe('startRetentionSweeper', () => {
  it('sweeps periodically with RETENTION_DAYS, one instance at a time, and stops', async () => {
    const store = createMemoryStore();
    await seed(store);
    const config = { RETENTION_DAYS: 90 };
    const stopA = startRetentionSweeper(store, config, silentLogger, {
      firstDelayMs: 5,
      intervalMs: 30,
      now: () => NOW,
    });
    const stopB = startRetentionSweeper(store, config, silentLogger, {
      firstDelayMs: 5,
      intervalMs: 30,
      now: () => NOW,
    });
    const deadline = Date.now() + 3000;
    while ((await store.get('conv:webchat:old')) !== undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(await store.get('conv:webchat:old')).toBeUndefined();
    await Promise.all([stopA(), stopB()]);
    await store.set('conv:webchat:old', { conversationId: 'webchat:old', updatedAt: daysAgo(200) });
    await new Promise((r) => setTimeout(r, 100));
    expect(await store.get('conv:webchat:old')).toBeDefined(); // stopped: nothing swept any more
  });
});

describe('createRetentionPlugin', () => {
  it('sweeps the server store while the server runs and stops with it', async () => {
    const { createRetentionPlugin } = await import('../../bot/privacy/plugin.ts');
    const { startInstance, testConfig } = await import('../scale/helpers.ts');
    const store = createMemoryStore();
    await seed(store);
    const server = await startInstance(testConfig({ STORE_URL: 'memory:' }), {
      store,
      plugins: [createRetentionPlugin({ firstDelayMs: 5, intervalMs: 50, now: () => NOW })],
    });
    try {
      const deadline = Date.now() + 5000;
      while ((await store.get('conv:webchat:old')) !== undefined && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(await store.get('conv:webchat:old')).toBeUndefined();
      expect(await store.get('conv:webchat:recent')).toBeDefined();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
