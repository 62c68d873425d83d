import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { fakeClock, storeContract } from './contract.ts';

storeContract('memory', async () => {
  const clock = fakeClock();
  const store = createMemoryStore({ now: clock.now });
  return { store, clock, cleanup: () => store.close() };
});

describe('memory store with an injected clock', () => {
  it('expires keys and locks by the injected clock', async () => {
    let t = 1_000;
    const store = createMemoryStore({ now: () => t });
    await store.set('a', 1, { ttlMs: 100 });
    const lock = await store.lock('l', { ttlMs: 100 });
    t += 99;
    expect(await store.get('a')).toBe(1);
    expect(await store.lock('l', { ttlMs: 100 })).toBeNull();
    t += 1;
    expect(await store.get('a')).toBeUndefined();
    const next = await store.lock('l', { ttlMs: 100 });
    expect(next).not.toBeNull();
    expect(await lock?.release()).toBe(false);
    expect(await next?.release()).toBe(true);
    await store.close();
  });
});
