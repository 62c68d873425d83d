import { describe, expect, it } from 'vitest';
import { dedupeKey, type EventRecord } from '../../bot/engine/dedupe.ts';
import type { Flow } from '../../bot/flows/types.ts';
import { allText, createHarness, eventIn, fakePaymentFlow } from './fakes.ts';

const event = (eventId: string, text: string) => eventIn('telegram:42', 'u42', eventId, text);

describe('engine: dedupe claim with an owner lease', () => {
  it('a retry of an event whose first attempt died mid-turn (claim running, lease expired) runs the turn and answers', async () => {
    const h = createHarness();
    // What a process killed in the middle of the turn leaves behind: a running claim nobody renews.
    const dead: EventRecord = { state: 'running', owner: 'dead-process', leaseUntil: Date.now() - 1 };
    await h.store.set(dedupeKey('telegram:42', 'crashed-1'), dead, { ttlMs: 600_000 });

    const started = Date.now();
    const retry = await h.engine.handle(event('crashed-1', 'hello'));
    expect(Date.now() - started).toBeLessThan(2000); // not the 15 s duplicate wait
    expect(retry.duplicate).toBeUndefined();
    expect(allText(retry)).toContain('EN answer greeting');
    expect(await h.store.get(dedupeKey('telegram:42', 'crashed-1'))).toEqual({ state: 'done', result: retry });

    // And the event is now answered once: a further retry gets the stored replies.
    const again = await h.engine.handle(event('crashed-1', 'hello'));
    expect(again.duplicate).toBe(true);
    expect(again.replies).toEqual(retry.replies);
  });

  it('a retry waits while the owner lease is live and takes over as soon as it expires', async () => {
    const h = createHarness({ overrides: { options: { lockTtlMs: 3000 } } }); // lease = 1 s
    const stuck: EventRecord = { state: 'running', owner: 'dead-process', leaseUntil: Date.now() + 300 };
    await h.store.set(dedupeKey('telegram:42', 'crashed-2'), stuck, { ttlMs: 600_000 });
    const started = Date.now();
    const retry = await h.engine.handle(event('crashed-2', 'hello'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(retry.duplicate).toBeUndefined();
    expect(allText(retry)).toContain('EN answer greeting');
  });

  it('one result key per event: the claim is replaced by the result, no separate turn:* key', async () => {
    const h = createHarness();
    const result = await h.engine.handle(event('one-key', 'hello'));
    expect(await h.store.get(dedupeKey('telegram:42', 'one-key'))).toEqual({ state: 'done', result });
    const keys: string[] = [];
    for await (const k of h.store.keys('turn:')) keys.push(k);
    expect(keys).toEqual([]);
  });

  it('a live owner slower than its lease renews it, so a concurrent retry does not run the turn twice', async () => {
    const log: string[] = [];
    // lockTtlMs 3000 → lease 1000 ms; the turn takes 1500 ms, so it must renew at least once.
    const h = createHarness({
      flows: { payment_failed: fakePaymentFlow({ slowMs: 1500, log }) as unknown as Flow },
      overrides: { options: { lockTtlMs: 3000 } },
    });
    await h.say('payment failed');
    const first = h.engine.handle(event('slow-lease', 'T1'));
    await new Promise((r) => setTimeout(r, 50));
    const second = h.engine.handle(event('slow-lease', 'T1'));
    const [a, b] = await Promise.all([first, second]);
    expect(log.filter((l) => l.startsWith('begin'))).toHaveLength(1);
    expect(b.duplicate).toBe(true);
    expect(b.replies).toEqual(a.replies);
  });
});
