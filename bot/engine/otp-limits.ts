import { createHmac } from 'node:crypto';
import type { IncomingEvent } from '../core/messages.ts';
import type { Store } from '../store/types.ts';
import type { Identifier } from './identifiers.ts';

/**
 * One-time code limits shared by every instance (counters live in the store):
 * - wrong codes per phone/email, across resends and conversations;
 * - codes sent (first sends and resends) per phone/email and per client.
 * Each counter is a fixed window that opens with its first count (`{ count, resetAtMs }`, TTL to the
 * window's end). The store has no atomic increment, so a count is read and written under a store
 * lock: concurrent turns on other instances cannot both take the last slot. The race left: a holder
 * stalled past the lock TTL (5 s) may overlap the next one and lose one increment. A lock not
 * obtained in time counts as over the limit (fail closed).
 * Counters are named by an HMAC of the identifier or client, never the value itself.
 */
export interface OtpLimitOptions {
  windowMs: number;
  maxAttemptsPerIdentifier: number;
  maxChallengesPerIdentifier: number;
  maxChallengesPerClient: number;
  /** HMAC key naming the counters (without a secret one, a store reader could test guessed numbers). */
  hashKey: string;
}

export interface CountResult {
  allowed: boolean;
  /** Counts left in the window after this one. */
  remaining: number;
}

interface Counter {
  count: number;
  resetAtMs: number;
}

export const otpKeys = {
  attempts: (hash: string) => `otp:attempts:${hash}`,
  challenges: (hash: string) => `otp:challenges:${hash}`,
  client: (hash: string) => `otp:client:${hash}`,
};

const LOCK = { ttlMs: 5000, waitMs: 2000 };

function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url').slice(0, 32);
}

/** The counter name of a phone/email (already normalised by findIdentifier: E.164, lower-case e-mail). */
export function identifierHash(id: Identifier, key: string): string {
  return hmac(key, `${id.kind}:${id.value.trim().toLowerCase()}`);
}

/** The client: its network address when the channel sees it (in-app chat), else the platform user. */
export function clientHash(
  event: Pick<IncomingEvent, 'channel' | 'user' | 'clientIp' | 'conversationId'>,
  key: string,
): string {
  const client = event.clientIp
    ? `ip:${event.clientIp}`
    : `user:${event.channel}:${event.user?.id ?? event.conversationId}`;
  return hmac(key, client);
}

export function createOtpLimits(store: Store, opts: OtpLimitOptions, nowMs: () => number) {
  function live(c: Counter | undefined): Counter | undefined {
    return c && c.resetAtMs > nowMs() ? c : undefined;
  }

  /** Changes a counter by `delta` under its lock unless that would pass `max`. */
  async function change(key: string, max: number, delta: 1 | -1): Promise<CountResult> {
    const lock = await store.lock(`${key}:lock`, LOCK);
    if (!lock) return { allowed: false, remaining: 0 };
    try {
      const now = nowMs();
      const counter = live(await store.get<Counter>(key)) ?? { count: 0, resetAtMs: now + opts.windowMs };
      if (delta > 0 && counter.count >= max) return { allowed: false, remaining: 0 };
      counter.count = Math.max(0, counter.count + delta);
      await store.set(key, counter, { ttlMs: Math.max(1, counter.resetAtMs - now) });
      return { allowed: true, remaining: max - counter.count };
    } finally {
      await lock.release().catch(() => false);
    }
  }

  return {
    /** Wrong codes the identifier may still try in this window (read only). */
    async attemptsLeft(idHash: string): Promise<number> {
      const counter = live(await store.get<Counter>(otpKeys.attempts(idHash)));
      return Math.max(0, opts.maxAttemptsPerIdentifier - (counter?.count ?? 0));
    },

    /** Takes one attempt before a code is checked (so parallel guesses cannot overrun the limit). */
    attempt(idHash: string): Promise<CountResult> {
      return change(otpKeys.attempts(idHash), opts.maxAttemptsPerIdentifier, 1);
    },

    /** Gives the attempt back: the code was right, or it could not be checked. */
    async refund(idHash: string): Promise<void> {
      await change(otpKeys.attempts(idHash), opts.maxAttemptsPerIdentifier, -1);
    },

    /**
     * Counts a code to be sent; false when the client or the identifier is over its limit. The
     * client is counted first, so a client over its limit uses up nothing of the identifier's.
     */
    async challenge(idHash: string, client: string): Promise<boolean> {
      if (!(await change(otpKeys.client(client), opts.maxChallengesPerClient, 1)).allowed) return false;
      return (await change(otpKeys.challenges(idHash), opts.maxChallengesPerIdentifier, 1)).allowed;
    },
  };
}

export type OtpLimits = ReturnType<typeof createOtpLimits>;
