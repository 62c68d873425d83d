/**
 * One-time codes against the real sandbox wallet (its own limits: 5 attempts per code, 3 resends,
 * 10 codes per customer per hour): a registered and an unknown phone number must get the same
 * replies at every step, and the per-identifier / per-client limits hold across conversations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import type { EngineOptions } from '../../bot/engine/types.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { createInProcessWallet, type InProcessWallet } from '../../bot/wallet/index.ts';
import type { WalletApi } from '../../bot/wallet/types.ts';
import { allText, createHarness, type Harness } from './fakes.ts';

const REGISTERED = '+8613800001001';
const UNKNOWN = '+8613800009999';
const START = new Date('2026-11-25T10:00:00Z');

let wallet: InProcessWallet;
const walletClock = { now: START };

// A fresh sandbox per test: its hourly code limit per customer must not carry over.
beforeEach(async () => {
  walletClock.now = START;
  wallet = await createInProcessWallet({
    fixedOtp: '123456',
    now: () => walletClock.now,
    client: { timeoutMs: 2000, retries: 0 },
  });
});
afterEach(async () => {
  await wallet.close();
});

interface Side {
  store: Store;
  clock: { now: Date };
  /** A new conversation of the same customer (same store, same clock). */
  conversation(n: number, extra?: { userId?: string; clientIp?: string }): Harness;
}

function side(options: Partial<EngineOptions> = {}, api: WalletApi = wallet.api): Side {
  const store = createMemoryStore();
  const clock = { now: START };
  let events = 0;
  return {
    store,
    clock,
    conversation(n, extra = {}) {
      const h = createHarness({
        store,
        conversationId: `telegram:c${n}-${extra.userId ?? 'u42'}`,
        overrides: { wallet: api, options },
      });
      // All conversations of a side share one clock (the harness's own clock object is replaced).
      Object.defineProperty(h.clock, 'now', { get: () => clock.now, set: (v: Date) => (clock.now = v) });
      const user = { id: extra.userId ?? 'u42' };
      const more: Partial<IncomingEvent> = { user, ...(extra.clientIp ? { clientIp: extra.clientIp } : {}) };
      const say = h.say;
      const press = h.press;
      // Event ids unique across the side's conversations (they share one store and its dedupe keys).
      const id = () => ({ eventId: `c${n}-${user.id}-${(events += 1)}` });
      h.say = (text, e) => say(text, { ...more, ...id(), ...e });
      h.press = (value, e) => press(value, { ...more, ...id(), ...e });
      return h;
    },
  };
}

/** What the customer sees, with the masked number replaced so both sides compare. */
function seen(replies: Reply[]): { text: string; buttons?: string[] }[] {
  return replies.map((r) => ({
    text: r.text.replace(/138\*{4}(1001|9999)/gu, '<number>'),
    ...(r.buttons ? { buttons: r.buttons.map((b) => b.label) } : {}),
  }));
}

type Script = (h: (n: number) => Harness, number: string) => Promise<{ text: string; buttons?: string[] }[][]>;

async function both(
  script: Script,
  options: Partial<EngineOptions> = {},
): Promise<{ registered: string[]; unknown: string[]; steps: number }> {
  const run = async (number: string) => {
    const s = side(options);
    const convs = new Map<number, Harness>();
    const at = (n: number) => {
      let h = convs.get(n);
      if (!h) convs.set(n, (h = s.conversation(n)));
      return h;
    };
    return (await script(at, number)).map((step) => JSON.stringify(step));
  };
  const registered = await run(REGISTERED);
  const unknown = await run(UNKNOWN);
  return { registered, unknown, steps: registered.length };
}

/** Asks for a code in conversations 1..`count` in turn (the customer's reply to giving the number in each). */
function codeInEachConversation(count: number): Script {
  return async (h, number) => {
    const steps: Reply[][] = [];
    for (let n = 1; n <= count; n++) {
      const c = h(n);
      await c.say('check my balance');
      steps.push((await c.say(number)).replies);
    }
    return steps.map(seen);
  };
}

function expectSame(r: { registered: string[]; unknown: string[] }): void {
  for (const [i, reply] of r.registered.entries()) {
    expect(r.unknown[i], `step ${i + 1}: same reply for a registered and an unknown number`).toBe(reply);
  }
  expect(r.unknown.length).toBe(r.registered.length);
}

describe('one-time codes: registered and unknown numbers look the same', () => {
  it('identifier, wrong codes, resend, more wrong codes, resend limit: identical replies at every step', async () => {
    const r = await both(async (h, number) => {
      const c = h(1);
      const steps: Reply[][] = [];
      steps.push((await c.say('check my balance')).replies);
      steps.push((await c.say(number)).replies);
      steps.push((await c.say('111111')).replies);
      steps.push((await c.say('222222')).replies);
      steps.push((await c.press('verify:resend')).replies);
      steps.push((await c.say('333333')).replies);
      steps.push((await c.say('444444')).replies);
      steps.push((await c.press('verify:resend')).replies);
      steps.push((await c.say('555555')).replies);
      steps.push((await c.press('verify:resend')).replies);
      return steps.map(seen);
    });
    expectSame(r);
    expect(r.registered[2]).toContain('4 attempt');
    expect(r.registered.at(-1)).toMatch(/cannot send more codes/);
  });

  it('asking for codes again and again: the same replies even past the wallet’s own hourly limit', async () => {
    // Engine limits above the sandbox's 10 codes per customer per hour: only the wallet says no.
    const r = await both(codeInEachConversation(12), {
      otpMaxChallengesPerIdentifier: 100,
      otpMaxChallengesPerClient: 1000,
      otpMaxAttemptsPerIdentifier: 100,
    });
    expectSame(r);
  });

  it('codes per phone number are limited across conversations (5 an hour by default), for both alike', async () => {
    const r = await both(codeInEachConversation(7));
    expectSame(r);
    expect(r.registered[4]).toContain('we have just sent');
    expect(r.registered[5]).toMatch(/cannot send more codes/);
    expect(r.registered[6]).toMatch(/cannot send more codes/);
  });

  it('wrong codes count per phone number across resends and conversations; beyond the limit no code is checked until the window passes', async () => {
    const s = side();
    const outboxBefore = (await wallet.control.outbox({ kind: 'otp' })).length;
    const a = s.conversation(1);
    await a.say('check my balance');
    await a.say(REGISTERED);
    for (const code of ['111111', '222222', '333333']) await a.say(code);
    await a.press('verify:resend');
    for (const code of ['444444', '555555', '666666', '777777']) await a.say(code);
    // 7 wrong codes so far (the resend gave this code 5 attempts of its own); 10 allowed per number.
    const b = s.conversation(2);
    await b.say('check my balance');
    await b.say(REGISTERED);
    expect(allText(await b.say('888888'))).toContain('2 attempt');
    expect(allText(await b.say('999999'))).toContain('1 attempt');
    expect(allText(await b.say('000000'))).toMatch(/Too many wrong codes/);
    // A third conversation: no code is sent and the right code is not even checked.
    const c = s.conversation(3);
    await c.say('check my balance');
    const refused = await c.say(REGISTERED);
    expect(allText(refused)).toMatch(/Too many wrong codes/);
    expect((await wallet.control.outbox({ kind: 'otp' })).length - outboxBefore).toBe(3);
    const right = await c.say('123456');
    expect(allText(right)).not.toContain('Balance');
    // After the window (60 minutes) the number may try again.
    s.clock.now = new Date(START.getTime() + 61 * 60_000);
    walletClock.now = s.clock.now;
    try {
      const d = s.conversation(4);
      await d.say('check my balance');
      expect(allText(await d.say(REGISTERED))).toContain('we have just sent');
      expect(allText(await d.say('123456'))).toContain('Balance 1280.50');
    } finally {
      walletClock.now = START;
    }
  });

  it('codes per client are limited: the platform user, or the client address when the channel gives one', async () => {
    const s = side({ otpMaxChallengesPerClient: 3 });
    const c = s.conversation(1);
    await c.say('check my balance');
    for (const n of [1, 2, 3]) expect(allText(await c.say(`+861380000999${n}`))).toContain('we have just sent');
    expect(allText(await c.say('+8613800009994'))).toMatch(/cannot send more codes/);

    // In-app chat: the address counts, whatever the session.
    const ip = (user: string, clientIp: string) => s.conversation(9, { userId: user, clientIp });
    for (const [user, number] of [
      ['a', '+8613800008801'],
      ['b', '+8613800008802'],
      ['c', '+8613800008803'],
    ] as const) {
      const h = ip(user, '203.0.113.7');
      await h.say('check my balance');
      expect(allText(await h.say(number))).toContain('we have just sent');
    }
    const fourth = ip('d', '203.0.113.7');
    await fourth.say('check my balance');
    expect(allText(await fourth.say('+8613800008810'))).toMatch(/cannot send more codes/);
    const other = ip('e', '198.51.100.4');
    await other.say('check my balance');
    expect(allText(await other.say('+8613800008811'))).toContain('we have just sent');
  });

  it('an unknown number takes about as long as a registered one (the send is imitated)', async () => {
    const SEND_MS = 150;
    const slow: WalletApi = {
      ...wallet.api,
      findCustomer: (q) => wallet.api.findCustomer(q),
      sendOtp: async (id, o) => {
        await new Promise((r) => setTimeout(r, SEND_MS));
        return wallet.api.sendOtp(id, o);
      },
    };
    const s = side({}, slow);
    const timed = async (h: Harness, text: string) => {
      const t0 = performance.now();
      await h.say(text);
      return performance.now() - t0;
    };
    const known = s.conversation(1);
    await known.say('check my balance');
    const knownMs = await timed(known, REGISTERED);
    expect(knownMs).toBeGreaterThanOrEqual(SEND_MS * 0.9);
    const unknown = s.conversation(2);
    await unknown.say('check my balance');
    // A lower bound only: a busy machine makes turns slower, never faster.
    expect(await timed(unknown, UNKNOWN)).toBeGreaterThanOrEqual(SEND_MS * 0.6);
  });
});
