import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../bot/store/types.ts';
import { expectCode, expectEveryCallClosed } from './expect-closed.ts';

/**
 * How the suite lets time pass for TTLs and lock expiry. Backends that read an injected clock
 * (memory, journal files: `now`) get `fakeClock()`, so expiry is tested without waiting; Redis and
 * PostgreSQL keep time on the server and get `realClock` (real sleeps). Waits *inside* the store
 * (lock `waitMs`, its polling) always run on real time.
 */
export interface TestClock {
  now(): number;
  advance(ms: number): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const realClock: TestClock = { now: () => Date.now(), advance: sleep };

/** A clock that moves only when told; `now` is what the backend under test is given. */
export function fakeClock(startMs = Date.now()): TestClock {
  let t = startMs;
  return {
    now: () => t,
    async advance(ms) {
      // Let what is already running see the old time first (a lock attempt, a write in flight).
      await new Promise<void>((resolve) => setImmediate(resolve));
      t += ms;
    },
  };
}

/** What a backend's test file hands the contract suite; `make` is called once per test. */
export interface StoreUnderTest {
  store: Store;
  /** The clock the backend reads; default realClock. */
  clock?: TestClock;
  /** Closes the current instance and opens a new one on the same backend (persistent stores). */
  restart?: () => Promise<Store>;
  /** Opens a second instance sharing the backend (cross-instance pub/sub: redis, postgres). */
  peer?: () => Promise<Store>;
  /** Closes every instance and removes the test's data (directory, key prefix, schema). */
  cleanup(): Promise<void>;
}

/**
 * The usual harness for a persistent backend: `open` makes a new instance on the same data,
 * `restart` closes the current one and opens another, `peer` (shared backends only) opens a second
 * live instance, and `cleanup` closes every instance and then removes the data with `drop`.
 */
export async function persistentBackend(opts: {
  open: () => Promise<Store>;
  drop: () => Promise<unknown>;
  shared: boolean;
  /** The clock `open` gives every instance (default: real time). */
  clock?: TestClock;
}): Promise<StoreUnderTest> {
  const opened: Store[] = [];
  const openStore = async (): Promise<Store> => {
    const s = await opts.open();
    opened.push(s);
    return s;
  };
  let current = await openStore();
  return {
    store: current,
    ...(opts.clock ? { clock: opts.clock } : {}),
    restart: async () => {
      await current.close();
      current = await openStore();
      return current;
    },
    ...(opts.shared ? { peer: openStore } : {}),
    cleanup: async () => {
      for (const s of opened) await s.close();
      await opts.drop();
    },
  };
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out.sort();
}

async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let sut: StoreUnderTest | undefined;
    async function open(): Promise<Required<Pick<StoreUnderTest, 'clock'>> & StoreUnderTest> {
      sut = await make();
      return { clock: realClock, ...sut };
    }
    afterEach(async () => {
      await sut?.cleanup();
      sut = undefined;
    });

    it('round-trips JSON values, overwrites and deletes', async () => {
      const { store } = await open();
      const values: Array<[string, unknown]> = [
        ['conv:telegram:1', { step: 'ask_phone', n: 3, nested: { list: [1, 'two', null, true] } }],
        ['v:string', '你好, upay'],
        ['v:number', 42.5],
        ['v:false', false],
        ['v:null', null],
        ['v:array', [{ a: 1 }, { b: [2] }]],
      ];
      for (const [k, v] of values) await store.set(k, v);
      for (const [k, v] of values) expect(await store.get(k)).toEqual(v);
      expect(await store.get('v:missing')).toBeUndefined();

      await store.set('v:string', 'second');
      expect(await store.get('v:string')).toBe('second');
      await store.delete('v:string');
      expect(await store.get('v:string')).toBeUndefined();
      await store.delete('v:never-existed');
    });

    it('never shares mutable state with callers', async () => {
      const { store } = await open();
      const value = { items: [1, 2] };
      await store.set('iso', value);
      value.items.push(3);
      const read = await store.get<{ items: number[] }>('iso');
      expect(read).toEqual({ items: [1, 2] });
      read?.items.push(9);
      expect(await store.get('iso')).toEqual({ items: [1, 2] });
    });

    it('rejects bad input with store_invalid_argument', async () => {
      const { store } = await open();
      await expectCode(store.get(''), 'store_invalid_argument');
      await expectCode(store.set('k', undefined), 'store_invalid_argument');
      await expectCode(
        store.set('k', () => 1),
        'store_invalid_argument',
      );
      await expectCode(store.set('k', 1, { ttlMs: 0 }), 'store_invalid_argument');
      await expectCode(store.set('k', 1, { ttlMs: Number.NaN }), 'store_invalid_argument');
      await expectCode(store.setIfAbsent('k', 1, { ttlMs: -5 }), 'store_invalid_argument');
      await expectCode(store.lock('k', { ttlMs: 0 }), 'store_invalid_argument');
      await expectCode(store.lock('k', { ttlMs: 100, waitMs: -1 }), 'store_invalid_argument');
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expectCode(store.set('k', cyclic), 'store_invalid_argument');
      await expectCode(store.publish('chan', undefined), 'store_invalid_argument');
    });

    it('expires keys after their TTL; a later set without TTL keeps the key', async () => {
      const { store, clock } = await open();
      // Generous TTLs for real clocks: on a loaded 2-core machine a few writes can take hundreds of milliseconds.
      await store.set('ttl:a', { a: 1 }, { ttlMs: 1500 });
      await store.set('ttl:b', 'b', { ttlMs: 1500 });
      await store.set('ttl:b', 'b2');
      await store.set('ttl:c', 'c', { ttlMs: 60_000 });
      expect(await store.get('ttl:a')).toEqual({ a: 1 });
      await clock.advance(1700);
      expect(await store.get('ttl:a')).toBeUndefined();
      expect(await store.get('ttl:b')).toBe('b2');
      expect(await store.get('ttl:c')).toBe('c');
      expect(await collect(store.keys('ttl:'))).toEqual(['ttl:b', 'ttl:c']);
    });

    it('setIfAbsent admits exactly one of 20 concurrent callers, and again after expiry', async () => {
      const { store, clock } = await open();
      // The TTL must outlast the 20 calls queueing for (possibly cold) pooled connections.
      const ttlMs = 400;
      const round = async (tag: string): Promise<number> => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.setIfAbsent('dedupe:evt-1', { tag, i }, { ttlMs })),
        );
        const winners = results.flatMap((won, i) => (won ? [i] : []));
        expect(winners).toHaveLength(1);
        expect(await store.get('dedupe:evt-1')).toEqual({ tag, i: winners[0] });
        return winners.length;
      };
      await round('first');
      expect(await store.setIfAbsent('dedupe:evt-1', 'late', { ttlMs })).toBe(false);
      await clock.advance(ttlMs + 100);
      await round('second');

      await store.set('dedupe:plain', 'kept');
      expect(await store.setIfAbsent('dedupe:plain', 'x', { ttlMs: 1000 })).toBe(false);
      expect(await store.get('dedupe:plain')).toBe('kept');
    });

    it('a lock is exclusive under concurrency (one turn at a time)', async () => {
      const { store } = await open();
      await store.set('counter', 0);
      let active = 0;
      let maxActive = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          const lock = await store.lock('lock:conv:1', { ttlMs: 5000, waitMs: 10_000 });
          expect(lock).not.toBeNull();
          active++;
          maxActive = Math.max(maxActive, active);
          const n = (await store.get<number>('counter')) ?? 0;
          await sleep(5);
          await store.set('counter', n + 1);
          active--;
          expect(await lock?.release()).toBe(true);
        }),
      );
      expect(maxActive).toBe(1);
      expect(await store.get('counter')).toBe(8);
    });

    it('lock with waitMs 0 gives null while held; waitMs acquires soon after release', async () => {
      const { store } = await open();
      const first = await store.lock('lock:w', { ttlMs: 10_000 });
      expect(first).not.toBeNull();
      expect(await store.lock('lock:w', { ttlMs: 10_000 })).toBeNull();
      expect(await store.lock('lock:w', { ttlMs: 10_000, waitMs: 60 })).toBeNull();
      expect(await store.lock('lock:other', { ttlMs: 10_000 })).not.toBeNull();

      const started = Date.now();
      setTimeout(() => void first?.release(), 50);
      const second = await store.lock('lock:w', { ttlMs: 10_000, waitMs: 5000 });
      const elapsedMs = Date.now() - started;
      expect(second).not.toBeNull();
      expect(second?.token).not.toBe(first?.token);
      expect(elapsedMs).toBeGreaterThanOrEqual(40);
      expect(elapsedMs).toBeLessThan(2000);
      expect(await second?.release()).toBe(true);
      expect(await second?.release()).toBe(false);
    });

    it('a lock expires after ttlMs (crashed holder) and a late holder cannot release the new owner', async () => {
      const { store, clock } = await open();
      const crashed = await store.lock('lock:x', { ttlMs: 1000 });
      expect(crashed).not.toBeNull();
      expect(await store.lock('lock:x', { ttlMs: 1000 })).toBeNull();
      await clock.advance(1200);
      const next = await store.lock('lock:x', { ttlMs: 10_000 });
      expect(next).not.toBeNull();
      expect(await crashed?.release()).toBe(false);
      // The new holder still holds it.
      expect(await store.lock('lock:x', { ttlMs: 10_000 })).toBeNull();
      expect(await next?.release()).toBe(true);
      expect(await store.lock('lock:x', { ttlMs: 10_000 })).not.toBeNull();
    });

    it('a waiter takes over a lock whose holder crashed, once it expires', async () => {
      const { store, clock } = await open();
      await store.lock('lock:y', { ttlMs: 100 });
      const lockedAt = clock.now();
      let takenAt = Number.NaN;
      const taken = store.lock('lock:y', { ttlMs: 1000, waitMs: 3000 }).then((lock) => {
        takenAt = clock.now();
        return lock;
      });
      await clock.advance(150);
      expect(await taken).not.toBeNull();
      expect(takenAt - lockedAt).toBeGreaterThanOrEqual(60);
    });

    it('lists keys by prefix, treating % and _ literally', async () => {
      const { store } = await open();
      for (const k of ['conv:a', 'conv:b', 'conv_x', 'convXa', 'conv%a', 'user:1', 'conv:c:deep'])
        await store.set(k, k);
      await store.delete('conv:b');
      expect(await collect(store.keys('conv:'))).toEqual(['conv:a', 'conv:c:deep']);
      expect(await collect(store.keys('conv_'))).toEqual(['conv_x']);
      expect(await collect(store.keys('conv%'))).toEqual(['conv%a']);
      expect(await collect(store.keys('nothing:'))).toEqual([]);
      expect(await collect(store.keys(''))).toEqual(
        ['conv%a', 'conv:a', 'conv:c:deep', 'convXa', 'conv_x', 'user:1'].sort(),
      );
    });

    it('delivers published messages to subscribers until they unsubscribe', async () => {
      const { store } = await open();
      const got: unknown[] = [];
      const other: unknown[] = [];
      const unsubscribe = await store.subscribe('relay:conv:1', (m) => got.push(m));
      await store.subscribe('relay:conv:2', (m) => other.push(m));
      await store.publish('relay:conv:1', { text: '你好', n: 1 });
      await waitFor(() => got.length === 1);
      expect(got[0]).toEqual({ text: '你好', n: 1 });
      await unsubscribe();
      await store.publish('relay:conv:1', { n: 2 });
      await store.publish('relay:conv:2', { n: 3 });
      await waitFor(() => other.length === 1);
      await sleep(50);
      expect(got).toHaveLength(1);
    });

    it('relays published messages across instances when the backend is shared', async (ctx) => {
      const sutNow = await open();
      if (!sutNow.peer) {
        ctx.skip();
        return;
      }
      const peer = await sutNow.peer();
      const got: unknown[] = [];
      await peer.subscribe('relay:x', (m) => got.push(m));
      await sutNow.store.publish('relay:x', { from: 'a' });
      await waitFor(() => got.length === 1);
      expect(got).toEqual([{ from: 'a' }]);
      // Data is shared too.
      await sutNow.store.set('shared', 1);
      expect(await peer.get('shared')).toBe(1);
    });

    it('keeps data across a restart', async (ctx) => {
      const sutNow = await open();
      const { clock } = sutNow;
      if (!sutNow.restart) {
        ctx.skip();
        return;
      }
      await sutNow.store.set('conv:web:7', { step: 'done', lang: 'zh-CN' });
      await sutNow.store.set('dedupe:e1', true, { ttlMs: 60_000 });
      await sutNow.store.set('short', true, { ttlMs: 50 });
      await sutNow.store.delete('conv:web:7-gone');
      const again = await sutNow.restart();
      expect(await again.get('conv:web:7')).toEqual({ step: 'done', lang: 'zh-CN' });
      expect(await again.setIfAbsent('dedupe:e1', true, { ttlMs: 60_000 })).toBe(false);
      await clock.advance(100);
      expect(await again.get('short')).toBeUndefined();
      expect(await collect(again.keys(''))).toEqual(['conv:web:7', 'dedupe:e1']);
    });

    it('pings, and refuses use after close', async () => {
      const { store } = await open();
      await store.ping();
      const held = await store.lock('lock:closing', { ttlMs: 10_000 });
      await store.close();
      await expectEveryCallClosed(store);
      await expectCode(held?.release() ?? Promise.resolve(), 'store_closed');
      await store.close();
    });
  });
}
