import { randomBytes } from 'node:crypto';
import type { Store } from '../../bot/store/types.ts';

/** One in-app chat session: a phone's web view or a browser tab talking to one conversation. */
export interface InAppSession {
  sessionId: string;
  conversationId: string;
  customerId?: string;
  locale?: 'zh' | 'en';
  createdAt: string;
  expiresAt: string;
}

export type SessionLookup =
  | { status: 'ok'; session: InAppSession }
  | { status: 'expired' }
  | { status: 'unknown' };

export interface SessionRegistryOptions {
  /** How long a session accepts messages. */
  sessionTtlMs: number;
  /** How long an expired session is remembered, so callers get 410 rather than 404. */
  expiredGraceMs?: number;
  now?: () => number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{22,64}$/;

/** ≥ 128 random bits, URL-safe. */
export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

export function createSessionRegistry(store: Store, opts: SessionRegistryOptions) {
  const now = opts.now ?? Date.now;
  const graceMs = opts.expiredGraceMs ?? 7 * 24 * 3600_000;
  const key = (sessionId: string) => `webchat:session:${sessionId}`;

  return {
    async create(input: { customerId?: string; locale?: 'zh' | 'en'; tokenExpiresAt?: Date }): Promise<InAppSession> {
      const sessionId = newSessionId();
      const createdMs = now();
      let expiresMs = createdMs + opts.sessionTtlMs;
      if (input.tokenExpiresAt) expiresMs = Math.min(expiresMs, input.tokenExpiresAt.getTime());
      // One conversation per session: a customer on two phones has two independent chats, and a
      // reload (same session) keeps its history.
      const conversationId = `webchat:${sessionId}`;
      const session: InAppSession = {
        sessionId,
        conversationId,
        ...(input.customerId ? { customerId: input.customerId } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        createdAt: new Date(createdMs).toISOString(),
        expiresAt: new Date(expiresMs).toISOString(),
      };
      await store.set(key(sessionId), session, { ttlMs: expiresMs - createdMs + graceMs });
      return session;
    },

    async lookup(sessionId: string): Promise<SessionLookup> {
      if (!SESSION_ID.test(sessionId)) return { status: 'unknown' };
      const session = await store.get<InAppSession>(key(sessionId));
      if (!session) return { status: 'unknown' };
      if (Date.parse(session.expiresAt) <= now()) return { status: 'expired' };
      return { status: 'ok', session };
    },

    async setLocale(session: InAppSession, locale: 'zh' | 'en'): Promise<void> {
      const remainingMs = Date.parse(session.expiresAt) - now() + graceMs;
      await store.set(key(session.sessionId), { ...session, locale }, { ttlMs: Math.max(remainingMs, 1000) });
    },
  };
}

export type SessionRegistry = ReturnType<typeof createSessionRegistry>;
