import { describe, expect, it } from 'vitest';
import type { StoreBackend } from '../../bot/store/backend.ts';
import type { Lock } from '../../bot/store/types.ts';
import { validatingStore } from '../../bot/store/validating-store.ts';
import { expectCode, expectEveryCallClosed } from './expect-closed.ts';

/** A backend that records what reaches it; `held` makes tryLock fail until it is set to false. */
function recordingBackend(): StoreBackend & { calls: unknown[][]; held: boolean; wakes: Array<() => void> } {
  const calls: unknown[][] = [];
  const backend = {
    calls,
    held: false,
    wakes: [] as Array<() => void>,
    async get(key: string) {
      calls.push(['get', key]);
      return { from: key };
    },
    async set(key: string, json: string, ttlMs: number | undefined) {
      calls.push(['set', key, json, ttlMs]);
    },
    async setIfAbsent(key: string, json: string, ttlMs: number) {
      calls.push(['setIfAbsent', key, json, ttlMs]);
      return true;
    },
    async delete(key: string) {
      calls.push(['delete', key]);
    },
    async *keys(prefix: string) {
      calls.push(['keys', prefix]);
      yield `${prefix}a`;
      yield `${prefix}b`;
    },
    async tryLock(key: string, ttlMs: number): Promise<Lock | null> {
      calls.push(['tryLock', key, ttlMs]);
      if (backend.held) return null;
      return { token: 't1', release: async () => true };
    },
    lockPollMs: 10_000,
    onUnlock(_key: string, wake: () => void) {
      backend.wakes.push(wake);
      return () => undefined;
    },
    async publish(channel: string, json: string) {
      calls.push(['publish', channel, json]);
    },
    async subscribe(channel: string, handler: (m: unknown) => void) {
      calls.push(['subscribe', channel, handler]);
      return async () => undefined;
    },
    async ping() {
      calls.push(['ping']);
    },
    async close() {
      calls.push(['close']);
    },
  };
  return backend;
}

describe('validatingStore', () => {
  it('hands the backend checked arguments and values as JSON text, serialised once', async () => {
    const backend = recordingBackend();
    const store = validatingStore('test', backend);
    expect(await store.get('k')).toEqual({ from: 'k' });
    await store.set('k', { a: [1, '二'] }, { ttlMs: 50 });
    await store.set('k', 'plain');
    expect(await store.setIfAbsent('k', null, { ttlMs: 10 })).toBe(true);
    await store.delete('k');
    await store.publish('ch', { n: 1 });
    const keys: string[] = [];
    for await (const k of store.keys('p:')) keys.push(k);
    expect(keys).toEqual(['p:a', 'p:b']);
    await store.ping();
    expect(backend.calls).toEqual([
      ['get', 'k'],
      ['set', 'k', '{"a":[1,"二"]}', 50],
      ['set', 'k', '"plain"', undefined],
      ['setIfAbsent', 'k', 'null', 10],
      ['delete', 'k'],
      ['publish', 'ch', '{"n":1}'],
      ['keys', 'p:'],
      ['ping'],
    ]);
  });

  it('refuses bad arguments with store_invalid_argument before the backend sees them', async () => {
    const backend = recordingBackend();
    const store = validatingStore('test', backend);
    const long = 'k'.repeat(513);
    await expectCode(store.get(''), 'store_invalid_argument');
    await expectCode(store.get(long), 'store_invalid_argument');
    await expectCode(store.get(42 as unknown as string), 'store_invalid_argument');
    await expectCode(store.set('k', undefined), 'store_invalid_argument');
    await expectCode(store.set('k', 10n), 'store_invalid_argument');
    await expectCode(store.set('k', 1, { ttlMs: Infinity }), 'store_invalid_argument');
    await expectCode(store.setIfAbsent('k', 1, {} as { ttlMs: number }), 'store_invalid_argument');
    await expectCode(store.delete(''), 'store_invalid_argument');
    const badListing = store.keys(7 as unknown as string);
    await expectCode(badListing[Symbol.asyncIterator]().next(), 'store_invalid_argument');
    await expectCode(store.lock('k', { ttlMs: -1 }), 'store_invalid_argument');
    await expectCode(store.lock('k', { ttlMs: 10, waitMs: Number.NaN }), 'store_invalid_argument');
    await expectCode(store.publish('', 1), 'store_invalid_argument');
    await expectCode(
      store.publish('ch', () => 1),
      'store_invalid_argument',
    );
    await expectCode(store.subscribe('ch', 'nope' as unknown as () => void), 'store_invalid_argument');
    expect(backend.calls).toEqual([]);
  });

  it("refuses every call after close with store_closed, a held lock's release included, and closes the backend once", async () => {
    const backend = recordingBackend();
    const store = validatingStore('test', backend);
    const lock = await store.lock('k', { ttlMs: 100 });
    const iterating = store.keys('p:')[Symbol.asyncIterator]();
    expect((await iterating.next()).value).toBe('p:a');
    await store.close();
    await store.close();
    backend.calls.length = 0;
    await expectEveryCallClosed(store);
    await expectCode(iterating.next(), 'store_closed');
    await expectCode(lock?.release() ?? Promise.resolve(), 'store_closed');
    await expect(store.get('k')).rejects.toThrow('test store is closed');
    expect(backend.calls).toEqual([]);
  });

  it('waits for a lock with single backend attempts, woken by onUnlock', async () => {
    const backend = recordingBackend();
    const store = validatingStore('test', backend);
    backend.held = true;
    expect(await store.lock('k', { ttlMs: 100 })).toBeNull();
    const waiting = store.lock('k', { ttlMs: 100, waitMs: 5000 });
    await new Promise((r) => setTimeout(r, 20));
    backend.held = false;
    for (const wake of backend.wakes.splice(0)) wake();
    const lock = await waiting;
    expect(lock?.token).toBe('t1');
    expect(await lock?.release()).toBe(true);
    expect(backend.calls.filter(([op]) => op === 'tryLock')).toEqual([
      ['tryLock', 'k', 100],
      ['tryLock', 'k', 100],
      ['tryLock', 'k', 100],
    ]);
  });

  it('gives each subscription its own handler and adds extras with live getters and the open check', async () => {
    const backend = recordingBackend();
    let n = 0;
    const store = validatingStore('test', backend, (ensureOpen) => ({
      get counter() {
        return ++n;
      },
      async poke() {
        ensureOpen();
        return 'ok';
      },
    }));
    const handler = (): void => undefined;
    await store.subscribe('ch', handler);
    await store.subscribe('ch', handler);
    const [first, second] = backend.calls.map((c) => c[2]);
    expect(first).not.toBe(second);
    expect(first).not.toBe(handler);
    expect([store.counter, store.counter]).toEqual([1, 2]);
    expect(await store.poke()).toBe('ok');
    await store.close();
    await expectCode(store.poke(), 'store_closed');
  });
});
