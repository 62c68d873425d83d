import { describe, expect, it } from 'vitest';
import {
  clientHash,
  createOtpLimits,
  identifierHash,
  otpKeys,
  type OtpLimitOptions,
} from '../../bot/engine/otp-limits.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';

const OPTS: OtpLimitOptions = {
  windowMs: 60 * 60_000,
  maxAttemptsPerIdentifier: 10,
  maxChallengesPerIdentifier: 5,
  maxChallengesPerClient: 20,
  hashKey: 'k',
};
const PHONE = { kind: 'phone', value: '+8613800001001' } as const;

function setup(opts: Partial<OtpLimitOptions> = {}, store?: Store) {
  const clock = { ms: Date.parse('2026-11-25T10:00:00Z') };
  const s = store ?? createMemoryStore({ now: () => clock.ms });
  return { clock, store: s, limits: createOtpLimits(s, { ...OPTS, ...opts }, () => clock.ms) };
}

describe('otp limits', () => {
  it('counts attempts per identifier up to the limit, then refuses until the window passes', async () => {
    const { clock, limits } = setup({ maxAttemptsPerIdentifier: 3 });
    const id = identifierHash(PHONE, 'k');
    expect(await limits.attemptsLeft(id)).toBe(3);
    expect(await limits.attempt(id)).toEqual({ allowed: true, remaining: 2 });
    expect(await limits.attempt(id)).toEqual({ allowed: true, remaining: 1 });
    expect(await limits.attempt(id)).toEqual({ allowed: true, remaining: 0 });
    expect(await limits.attempt(id)).toEqual({ allowed: false, remaining: 0 });
    expect(await limits.attemptsLeft(id)).toBe(0);
    clock.ms += 59 * 60_000;
    expect((await limits.attempt(id)).allowed).toBe(false);
    clock.ms += 61_000;
    expect(await limits.attemptsLeft(id)).toBe(3);
    expect(await limits.attempt(id)).toEqual({ allowed: true, remaining: 2 });
  });

  it('a refunded attempt (right code) does not count', async () => {
    const { limits } = setup({ maxAttemptsPerIdentifier: 2 });
    const id = identifierHash(PHONE, 'k');
    await limits.attempt(id);
    await limits.refund(id);
    await limits.refund(id); // never below zero
    expect(await limits.attemptsLeft(id)).toBe(2);
  });

  it('the same identifier written differently is one counter; another key names it differently', () => {
    expect(identifierHash({ kind: 'email', value: 'Li.Wei@Example.com ' }, 'k')).toBe(
      identifierHash({ kind: 'email', value: 'li.wei@example.com' }, 'k'),
    );
    expect(identifierHash(PHONE, 'k')).not.toBe(identifierHash(PHONE, 'other'));
    expect(identifierHash(PHONE, 'k')).not.toBe(identifierHash({ kind: 'email', value: PHONE.value }, 'k'));
  });

  it('challenges: per identifier and per client; a client over its limit uses up nothing of the identifier', async () => {
    const { limits, store } = setup({ maxChallengesPerIdentifier: 2, maxChallengesPerClient: 3 });
    const id = identifierHash(PHONE, 'k');
    const other = identifierHash({ kind: 'phone', value: '+8613800009999' }, 'k');
    const a = clientHash({ channel: 'telegram', conversationId: 'telegram:1', user: { id: '1' } }, 'k');
    const b = clientHash({ channel: 'telegram', conversationId: 'telegram:2', user: { id: '2' } }, 'k');
    expect(await limits.challenge(id, a)).toBe(true);
    expect(await limits.challenge(id, b)).toBe(true);
    expect(await limits.challenge(id, b)).toBe(false); // the identifier's 2 are used
    expect(await limits.challenge(other, a)).toBe(true);
    expect(await limits.challenge(other, a)).toBe(true); // a: 3 of 3
    const fresh = identifierHash({ kind: 'phone', value: '+8613800007777' }, 'k');
    expect(await limits.challenge(fresh, a)).toBe(false);
    expect(await store.get(otpKeys.challenges(fresh))).toBeUndefined();
  });

  it('the client is the address when the channel gives one, whoever the user', () => {
    const one = clientHash(
      { channel: 'webchat', conversationId: 'webchat:s1', user: { id: 's1' }, clientIp: '203.0.113.7' },
      'k',
    );
    const two = clientHash(
      { channel: 'webchat', conversationId: 'webchat:s2', user: { id: 's2' }, clientIp: '203.0.113.7' },
      'k',
    );
    const three = clientHash({ channel: 'webchat', conversationId: 'webchat:s2', user: { id: 's2' } }, 'k');
    expect(one).toBe(two);
    expect(three).not.toBe(two);
  });

  it('parallel attempts never overrun the limit (counted under a store lock)', async () => {
    const { limits } = setup({ maxAttemptsPerIdentifier: 10 });
    const id = identifierHash(PHONE, 'k');
    const results = await Promise.all(Array.from({ length: 25 }, () => limits.attempt(id)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(await limits.attemptsLeft(id)).toBe(0);
  });

  it('fails closed when the counter lock cannot be had', async () => {
    const { store, limits } = setup();
    const id = identifierHash(PHONE, 'k');
    const held = await store.lock(`${otpKeys.attempts(id)}:lock`, { ttlMs: 60_000 });
    expect(held).not.toBeNull();
    const started = Date.now();
    expect(await limits.attempt(id)).toEqual({ allowed: false, remaining: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('stores no raw identifier or client address, and counters expire with their window', async () => {
    const { clock, store, limits } = setup();
    const id = identifierHash(PHONE, 'k');
    await limits.challenge(
      id,
      clientHash({ channel: 'webchat', conversationId: 'webchat:s', user: { id: 's' }, clientIp: '203.0.113.7' }, 'k'),
    );
    await limits.attempt(id);
    const keys: string[] = [];
    for await (const key of store.keys('otp:')) keys.push(`${key} ${JSON.stringify(await store.get(key))}`);
    expect(keys).toHaveLength(3);
    expect(keys.join('\n')).not.toMatch(/13800001001|203\.0\.113\.7/u);
    clock.ms += 60 * 60_000 + 1;
    const after: string[] = [];
    for await (const key of store.keys('otp:')) after.push(key);
    expect(after).toEqual([]);
  });
});
