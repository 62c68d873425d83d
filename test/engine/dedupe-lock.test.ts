import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../../bot/core/messages.ts';
import type { Flow } from '../../bot/flows/types.ts';
import { allText, createHarness, eventIn, fakePaymentFlow, fakeUnfreezeFlow } from './fakes.ts';

/** Handles two events that share an event id on one engine and expects neither to count as a retry. */
async function expectBothNew(first: IncomingEvent, second: IncomingEvent) {
  const h = createHarness();
  const a = await h.engine.handle(first);
  const b = await h.engine.handle(second);
  expect(a.duplicate).toBeUndefined();
  expect(b.duplicate).toBeUndefined();
  return { h, a, b };
}

describe('engine: dedupe', () => {
  it('a retried event id returns the same replies and runs nothing again', async () => {
    const h = createHarness({ customerId: 'C1', channel: 'webchat' });
    await h.say('my account is frozen');
    const first = await h.press('yes');
    expect(allText(first)).toContain('active again');
    expect(h.wallet.unfreezes).toBe(1);

    const retry = await h.retry({ kind: 'action', value: 'yes' });
    expect(retry.duplicate).toBe(true);
    expect(retry.replies).toEqual(first.replies);
    expect(h.wallet.calls.unfreeze).toBe(1);
    expect(h.metrics.turns).toBe(2);
  });

  it('the same event id on another channel is a different event', async () => {
    await expectBothNew(eventIn('telegram:1', '1', 'x', 'hello'), eventIn('wechat:1', '1', 'x', 'hello'));
  });

  it("two users' colliding event ids on one channel are two events: neither message is dropped", async () => {
    // Bot Framework activity ids and in-app client message ids are chosen by the caller, so they can collide.
    const { h, a, b } = await expectBothNew(
      eventIn('botframework:webchat:alice', 'alice', 'msg-1', 'hello'),
      eventIn('botframework:webchat:bob', 'bob', 'msg-1', 'my account is frozen'),
    );
    expect(b.replies).not.toEqual(a.replies);
    expect(h.metrics.turns).toBe(2);
  });

  it('a retry that arrives while the first attempt is still running waits for its result', async () => {
    const log: string[] = [];
    const h = createHarness({ flows: { payment_failed: fakePaymentFlow({ slowMs: 150, log }) as unknown as Flow } });
    await h.say('payment failed');
    const event = eventIn('telegram:42', 'u42', 'slow-1', 'T1');
    const [first, second] = await Promise.all([h.engine.handle(event), h.engine.handle(event)]);
    expect(log.filter((l) => l.startsWith('begin'))).toHaveLength(1);
    expect(second.replies).toEqual(first.replies);
    expect([first.duplicate, second.duplicate].filter(Boolean)).toHaveLength(1);
  });

  it('rejects an event without an id with a clear error', async () => {
    const h = createHarness();
    await expect(h.engine.handle(eventIn('telegram:1', '1', '', { kind: 'start' }))).rejects.toThrow(/eventId/);
  });
});

describe('engine: conversation lock', () => {
  it('two concurrent turns on one conversation run one after the other', async () => {
    const log: string[] = [];
    const h = createHarness({ flows: { payment_failed: fakePaymentFlow({ slowMs: 80, log }) as unknown as Flow } });
    const other = createHarness({
      store: h.store,
      flows: { payment_failed: fakePaymentFlow({ slowMs: 80, log }) as unknown as Flow },
    });
    await h.say('payment failed');
    // Two engines on one store (two instances): the second turn starts after the first ends.
    const [a, b] = await Promise.all([
      h.engine.handle(eventIn('telegram:42', 'u', 'p1', 'A')),
      other.engine.handle(eventIn('telegram:42', 'u', 'p2', 'B')),
    ]);
    expect(log.slice(0, 2)).toEqual(['begin:A', 'end:A']);
    // The first turn finished the flow; the second is routed afresh (no flow), so it never begins a step.
    expect(allText(a)).toContain('Looked at A');
    expect(b.flow).toBeNull();
  });

  it('a turn that throws gives a friendly apology, never the error, and releases the lock', async () => {
    const h = createHarness();
    await h.say('payment failed');
    const failed = await h.say('boom');
    expect(allText(failed)).toMatch(/something went wrong/i);
    expect(failed.replies.map((r) => r.id)).toEqual(['error']);
    expect(allText(failed)).not.toMatch(/exploded|secret|Error/);
    const next = await h.say('hello');
    expect(allText(next)).toContain('EN answer greeting');
  });

  it('a busy conversation (lock not acquired in time) says so and lets the retry run', async () => {
    const h = createHarness({ overrides: { options: { lockWaitMs: 20 } } });
    const held = await h.store.lock('lock:conv:telegram:42', { ttlMs: 5_000 });
    const busy = await h.say('hello');
    expect(allText(busy)).toMatch(/[\u4e00-\u9fff]|previous message/);
    expect(busy.replies.map((r) => r.id)).toEqual(['busy']);
    await held?.release();
    const retry = await h.retry({ kind: 'text', text: 'hello' });
    expect(retry.duplicate).toBeUndefined();
    expect(allText(retry)).toContain('EN answer greeting');
  });

  it('checkpointed idempotency keys survive a failed write: the retry reuses the same key', async () => {
    const h = createHarness({
      customerId: 'C1',
      channel: 'webchat',
      flows: { account_frozen: fakeUnfreezeFlow as unknown as Flow },
    });
    await h.say('account frozen');
    const { WalletError } = await import('../../bot/wallet/types.ts');
    h.wallet.failNext(new WalletError('timeout', 'slow'));
    const failed = await h.press('yes');
    expect(allText(failed)).toMatch(/not responding/);
    expect(failed.handoff).toBe('requested');
    expect(failed.flow).toBe('account_frozen');
    const again = await h.press('yes');
    expect(allText(again)).toContain('active again');
    expect(h.wallet.keys.unfreeze).toHaveLength(2);
    expect(new Set(h.wallet.keys.unfreeze).size).toBe(1);
    expect(h.wallet.unfreezes).toBe(1);
    expect(h.metrics.walletErrors).toEqual(['timeout']);
  });

  it('many concurrent messages on one conversation are each handled exactly once, one at a time', async () => {
    const h = createHarness();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.engine.handle(eventIn('telegram:42', 'u', `c${i}`, `hello ${i}`))),
    );
    expect(results.every((r) => r.duplicate === undefined && r.replies.length > 0)).toBe(true);
    const { loadConversation, loadTranscript } = await import('../../bot/engine/conversation.ts');
    const { silentLogger } = await import('../../bot/logger.ts');
    const conv = await loadConversation(h.store, 'telegram:42', silentLogger);
    // The whole transcript: archived pages and the newest lines in the record.
    const lines = conv ? await loadTranscript(h.store, conv, 50, silentLogger) : [];
    const customerLines = lines.filter((l) => l.from === 'customer').map((l) => l.text);
    expect(customerLines).toHaveLength(20);
    expect(new Set(customerLines).size).toBe(20);
  });
});
