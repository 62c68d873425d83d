import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import {
  conversationOfLogPage,
  createConversationLog,
  logKey,
  logPageKey,
} from '../../adapters/webchat/conversation-log.ts';
import { forgetCustomer } from '../../bot/privacy/forget.ts';

const CID = 'webchat:s1';

async function keysOf(store: Store, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of store.keys(prefix)) out.push(k);
  return out;
}

function logOn(store: Store, maxEntries = 20, pageSize = 5) {
  let t = Date.parse('2026-11-01T00:00:00Z');
  return createConversationLog(store, { maxEntries, pageSize, ttlMs: 3600_000, now: () => new Date((t += 1000)) });
}

describe('conversation log (paged)', () => {
  it('keeps the last maxEntries entries with contiguous ids, oldest first, whatever the number of turns', async () => {
    const store = createMemoryStore();
    const log = logOn(store);
    for (let i = 1; i <= 137; i++) await log.append(CID, [{ from: 'customer', text: `m${i}` }]);
    const history = await log.history(CID);
    expect(history.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => 118 + i));
    expect(history.at(-1)?.text).toBe('m137');
    expect(await log.lastId(CID)).toBe(137);
  });

  it('a turn rewrites at most 2 × pageSize entries; older ones live in pages, extra pages are deleted', async () => {
    const store = createMemoryStore();
    const log = logOn(store);
    for (let i = 1; i <= 137; i++) await log.append(CID, [{ from: 'customer', text: `m${i}` }]);
    const tail = await store.get<{ entries: unknown[]; pages: number[] }>(logKey(CID));
    expect(tail?.entries.length).toBeLessThanOrEqual(10);
    // 20 entries in all: the tail plus at most ceil(20 / 5) - 1 = 3 pages.
    expect(tail?.pages.length).toBeLessThanOrEqual(3);
    expect((await keysOf(store, 'webchat:logpage:')).length).toBe(tail?.pages.length);
  });

  it('appends several entries at once and computes them from the recent entries (button labels)', async () => {
    const store = createMemoryStore();
    const log = logOn(store);
    await log.append(CID, [{ from: 'bot', text: 'pick one', buttons: [{ label: 'Yes', value: 'y' }] }]);
    const added = await log.append(CID, (recent) => [
      { from: 'customer', text: recent.at(-1)?.buttons?.[0]?.label ?? '?' },
      { from: 'bot', text: 'ok' },
    ]);
    expect(added.map((e) => [e.id, e.text])).toEqual([
      [2, 'Yes'],
      [3, 'ok'],
    ]);
    expect(await log.append(CID, () => [])).toEqual([]);
    expect(await log.lastId(CID)).toBe(3);
  });

  it('pushedSince finds pushed entries in archived pages as well as in the tail', async () => {
    const store = createMemoryStore();
    const log = logOn(store, 40, 4);
    for (let i = 1; i <= 30; i++)
      await log.append(CID, [
        { from: i % 5 === 0 ? 'agent' : 'bot', text: `m${i}`, ...(i % 5 === 0 ? { pushed: true } : {}) },
      ]);
    expect((await log.pushedSince(CID, 0)).map((e) => e.id)).toEqual([5, 10, 15, 20, 25, 30]);
    expect((await log.pushedSince(CID, 12)).map((e) => e.id)).toEqual([15, 20, 25, 30]);
    expect((await log.pushedSince(CID, 30)).map((e) => e.id)).toEqual([]);
  });

  it('an empty conversation has no history and lastId 0', async () => {
    const log = logOn(createMemoryStore());
    expect(await log.history(CID)).toEqual([]);
    expect(await log.lastId(CID)).toBe(0);
    expect(await log.pushedSince(CID, 0)).toEqual([]);
  });

  it('pages a log written before pages existed (every entry in one record) on its next append', async () => {
    const store = createMemoryStore();
    const entries = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1,
      from: 'bot' as const,
      text: `old${i + 1}`,
      at: '2026-10-01T00:00:00.000Z',
    }));
    await store.set(logKey(CID), { nextId: 201, entries });
    const log = logOn(store, 200, 25);
    expect((await log.history(CID)).length).toBe(200);
    await log.append(CID, [{ from: 'customer', text: 'new' }]);
    const history = await log.history(CID);
    expect(history.map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(((await store.get<{ entries: unknown[] }>(logKey(CID)))?.entries.length ?? 0) <= 50).toBe(true);
  });

  it('a page removed by retention leaves the rest of the history readable', async () => {
    const store = createMemoryStore();
    const log = logOn(store);
    for (let i = 1; i <= 30; i++) await log.append(CID, [{ from: 'bot', text: `m${i}` }]);
    const [oldest, next] = (await store.get<{ pages: number[] }>(logKey(CID)))?.pages ?? [];
    const gone =
      (await store.get<{ entries: { id: number }[] }>(logPageKey(CID, next as number)))?.entries.map((e) => e.id) ?? [];
    expect(gone.length).toBe(5);
    await store.delete(logPageKey(CID, next as number));
    const ids = (await log.history(CID)).map((e) => e.id);
    expect(ids.at(-1)).toBe(30);
    expect(ids.some((id) => gone.includes(id))).toBe(false);
    expect(ids.length).toBe(new Set(ids).size);
    expect(oldest).toBeDefined();
  });

  it('conversationOfLogPage reads the conversation id back from a page key', () => {
    expect(conversationOfLogPage(logPageKey('webchat:abc', 7))).toBe('webchat:abc');
    expect(conversationOfLogPage('webchat:log:webchat:abc')).toBeUndefined();
    expect(conversationOfLogPage('webchat:logpage:')).toBeUndefined();
  });

  it('forgetCustomer deletes a conversation log with all its pages', async () => {
    const store = createMemoryStore();
    await store.set(`webchat:session:s1`, {
      sessionId: 's1',
      conversationId: CID,
      customerId: 'C1001',
      createdAt: '2026-11-01T00:00:00Z',
      expiresAt: '2026-11-02T00:00:00Z',
    });
    const log = logOn(store);
    for (let i = 1; i <= 40; i++) await log.append(CID, [{ from: 'customer', text: `m${i}` }]);
    expect((await keysOf(store, 'webchat:logpage:')).length).toBeGreaterThan(0);
    const result = await forgetCustomer(store, 'C1001', { lockWaitMs: 100 });
    expect(await keysOf(store, 'webchat:log')).toEqual([]);
    expect(result.counts.logs).toBeGreaterThan(1);
  });
});
