import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTurnEventLog, dayOfKey, type TurnEventLogOptions } from '../../bot/analytics/event-log.ts';
import { TURN_EVENT_VERSION, type TurnEvent } from '../../bot/analytics/turn-event.ts';
import type { TurnEventLog } from '../../bot/analytics/types.ts';
import { silentLogger, type Logger } from '../../bot/logger.ts';
import { createStore } from '../../bot/store/index.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { StoreError } from '../../bot/store/errors.ts';
import type { Store } from '../../bot/store/types.ts';

const DAY_MS = 24 * 3600_000;

function ev(at: string, conversationId = 'webchat:a', extra: Partial<TurnEvent> = {}): TurnEvent {
  return {
    v: TURN_EVENT_VERSION,
    at,
    conversationId,
    channel: 'webchat',
    language: 'en',
    input: 'text',
    text: 'hello',
    replyIds: ['fallback'],
    replies: ['Sorry'],
    handoff: 'none',
    ms: 3,
    ...extra,
  };
}

async function keysOf(store: Store, prefix = 'turnlog:'): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of store.keys(prefix)) keys.push(k);
  return keys.sort();
}

/** A store whose `set` calls are seen (key, TTL) and can be made to fail. */
function spyStore(inner: Store): Store & { sets: { key: string; ttlMs?: number; n: number }[]; failSets: boolean } {
  const spy = Object.create(inner) as Store & { sets: { key: string; ttlMs?: number; n: number }[]; failSets: boolean };
  spy.sets = [];
  spy.failSets = false;
  spy.set = async (key, value, opts) => {
    if (spy.failSets && key.startsWith('turnlog:')) throw new StoreError('store_unavailable', 'down');
    spy.sets.push({ key, n: Array.isArray(value) ? value.length : -1, ...(opts?.ttlMs ? { ttlMs: opts.ttlMs } : {}) });
    return inner.set(key, value, opts);
  };
  spy.get = (key) => inner.get(key);
  spy.keys = (prefix) => inner.keys(prefix);
  spy.delete = (key) => inner.delete(key);
  return spy;
}

const open: TurnEventLog[] = [];
function log(opts: Partial<TurnEventLogOptions> & { store: Store }): TurnEventLog {
  const l = createTurnEventLog({ logger: silentLogger, retentionDays: 90, ...opts });
  open.push(l);
  return l;
}

afterEach(async () => {
  vi.useRealTimers();
  for (const l of open.splice(0)) await l.close();
});

describe.each([
  ['memory', async () => ({ store: createMemoryStore(), done: async () => undefined })],
  [
    'embedded lowdb',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'upay-turnlog-'));
      const store = await createStore({ dataDir, logger: silentLogger });
      return {
        store,
        done: async () => {
          await store.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  ],
])('turn event log on the %s store', (_name, makeStore) => {
  it('writes one key per batch and UTC day with TTL retention + 1 day; reads across days and instances in time order', async () => {
    const { store: inner, done } = await makeStore();
    try {
      const store = spyStore(inner);
      const a = log({ store, instanceId: 'a', retentionDays: 30, maxBatch: 3 });
      const b = log({ store, instanceId: 'b', retentionDays: 30 });
      a.record(ev('2026-03-01T23:59:58.000Z', 'c1'));
      a.record(ev('2026-03-02T00:00:01.000Z', 'c1'));
      b.record(ev('2026-03-01T12:00:00.000Z', 'c2'));
      b.record(ev('2026-03-02T08:00:00.000Z', 'c2'));
      a.record(ev('2026-03-03T00:00:00.000Z', 'c3'));
      await a.flush();
      await b.flush();

      const keys = await keysOf(inner);
      expect(keys).toHaveLength(5);
      for (const k of keys) expect(k).toMatch(/^turnlog:2026-03-0[123]:[ab]:[0-9a-z]+\.\d+$/u);
      expect(keys.map((k) => `${dayOfKey(k)}/${k.split(':')[2]}`).sort()).toEqual([
        '2026-03-01/a',
        '2026-03-01/b',
        '2026-03-02/a',
        '2026-03-02/b',
        '2026-03-03/a',
      ]);
      for (const s of store.sets) expect(s.ttlMs).toBe(31 * DAY_MS);

      // Another instance (a reader that recorded nothing) sees everything, oldest first; [from, to) is honoured.
      const reader = log({ store, instanceId: 'r' });
      const all = await reader.read(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-04T00:00:00Z'));
      expect(all.map((e) => e.at)).toEqual([
        '2026-03-01T12:00:00.000Z',
        '2026-03-01T23:59:58.000Z',
        '2026-03-02T00:00:01.000Z',
        '2026-03-02T08:00:00.000Z',
        '2026-03-03T00:00:00.000Z',
      ]);
      const day2 = await reader.read(new Date('2026-03-02T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
      expect(day2.map((e) => e.conversationId)).toEqual(['c1', 'c2']);
      const none = await reader.read(new Date('2026-02-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
      expect(none).toEqual([]);
      // A second read is served from the cache: no new writes, same answer.
      expect(await reader.read(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-04T00:00:00Z'))).toEqual(all);
    } finally {
      await done();
    }
  });

  it('forget rewrites the batches holding those conversations (deletes emptied ones) and reports the count', async () => {
    const { store, done } = await makeStore();
    try {
      const now = () => new Date('2026-03-05T00:00:00Z');
      const a = log({ store, instanceId: 'a', now });
      a.record(ev('2026-03-01T10:00:00.000Z', 'gone'));
      a.record(ev('2026-03-01T10:00:01.000Z', 'kept'));
      a.record(ev('2026-03-01T10:00:02.000Z', 'gone'));
      a.record(ev('2026-03-02T10:00:00.000Z', 'gone'));
      await a.flush();
      expect(await keysOf(store)).toHaveLength(2);
      const reader = log({ store, instanceId: 'r' });
      const range = [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-03T00:00:00Z')] as const;
      expect(await reader.read(...range)).toHaveLength(4); // now cached by the reader

      a.record(ev('2026-03-02T11:00:00.000Z', 'gone')); // still queued: forgotten too
      expect(await a.forget(new Set(['gone', 'nobody']))).toBe(4);
      const keys = await keysOf(store);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^turnlog:2026-03-01:a:/u);
      // The reader's cache does not resurrect them: the old keys are gone.
      expect((await reader.read(...range)).map((e) => e.conversationId)).toEqual(['kept']);
      expect((await a.read(...range)).map((e) => e.conversationId)).toEqual(['kept']);
      expect(await a.forget(new Set(['gone']))).toBe(0);
    } finally {
      await done();
    }
  });
});

describe('turn event log: batching', () => {
  it('a full batch is written at once; the rest waits for the timer (unref’d, 2 s by default)', async () => {
    vi.useFakeTimers();
    const store = spyStore(createMemoryStore());
    const l = log({ store, instanceId: 'a', maxBatch: 4 });
    for (let i = 0; i < 6; i++) l.record(ev(`2026-03-01T10:00:0${i}.000Z`, `c${i}`));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.sets.map((s) => s.n)).toEqual([4]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(store.sets.map((s) => s.n)).toEqual([4]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.sets.map((s) => s.n)).toEqual([4, 2]);
    // Nothing queued: the timer is not re-armed and nothing else is written.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.sets).toHaveLength(2);
  });

  it('read includes this instance’s events not yet written; close flushes', async () => {
    const store = createMemoryStore();
    const l = createTurnEventLog({ store, logger: silentLogger, retentionDays: 7, flushIntervalMs: 60_000 });
    l.record(ev('2026-03-01T10:00:00.000Z'));
    expect(await l.read(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z'))).toHaveLength(1);
    l.record(ev('2026-03-01T11:00:00.000Z'));
    await l.close();
    expect(await keysOf(store)).toHaveLength(2);
  });

  it('a failed write keeps the batch for the next try (bounded, oldest dropped) and logs a warning without text', async () => {
    vi.useFakeTimers();
    const store = spyStore(createMemoryStore());
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const l = log({ store, logger, instanceId: 'a', maxBatch: 2, maxBuffered: 5, flushIntervalMs: 1000 });
    store.failSets = true;
    for (let i = 0; i < 3; i++) l.record(ev(`2026-03-01T10:00:0${i}.000Z`, `c${i}`, { text: 'my secret words' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.sets).toHaveLength(0);
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.stringify(warnings)).not.toContain('secret');
    // While the store is down, more events queue; past maxBuffered the oldest go.
    for (let i = 3; i < 8; i++) l.record(ev(`2026-03-01T10:00:0${i}.000Z`, `c${i}`));
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.sets).toHaveLength(0);

    store.failSets = false;
    await vi.advanceTimersByTimeAsync(1000);
    const stored = await l.read(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z'));
    expect(stored.map((e) => e.conversationId)).toEqual(['c3', 'c4', 'c5', 'c6', 'c7']);
    expect(JSON.stringify(warnings)).toContain('dropped');
    // Nothing lost silently and nothing written twice.
    expect(store.sets.reduce((n, s) => n + s.n, 0)).toBe(5);
  });

  it('recording is cheap: 100,000 events queue in well under a second', () => {
    const l = log({ store: createMemoryStore(), flushIntervalMs: 60_000, maxBatch: 1_000_000, maxBuffered: 1_000_000 });
    const e = ev('2026-03-01T10:00:00.000Z');
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) l.record(e);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects a bad instance id or retention', () => {
    const store = createMemoryStore();
    expect(() => createTurnEventLog({ store, logger: silentLogger, retentionDays: 1, instanceId: 'a:b' })).toThrow(
      RangeError,
    );
    expect(() => createTurnEventLog({ store, logger: silentLogger, retentionDays: 0 })).toThrow(RangeError);
  });
});
